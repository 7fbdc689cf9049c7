/**
 * The default ranker of a deployment without a trained one: DEFAULT_WEIGHTS over features standardised
 * by this snapshot's candidate statistics (ranking/feature-stats.ts). Measuring costs about a second on
 * LastFM, so the statistics are kept while what they depend on stays put: the same kinds of vectors
 * (graph and content, by dimension), users, media and engagements within 10% of the measured counts,
 * and at most an hour old; statistics that measured no user with engagements are never kept.
 */
import { DEFAULT_RANKER_SAMPLE_USERS } from '../ranking/default-ranker';
import {
  standardisedDefaultRanker,
  standardisedDefaultRankerSteps,
  statsRequests,
  type FeatureStats,
} from '../ranking/feature-stats';
import type { RankOptions, RankRequest } from '../ranking/rank-for-user';
import type { RankerModel } from '../ranking/ranker';
import type { RankingData } from '../ranking/ranking-data';
import { runStepsAsync } from '../ranking/steps';

const MAX_AGE_MS = 3_600_000;
const SIZE_DRIFT = 0.1;

interface Measured {
  signature: string;
  users: number;
  items: number;
  edges: number;
  at: number;
  stats: FeatureStats;
  model: RankerModel;
}

function signature(data: RankingData): string {
  return `graph:${data.graph?.dim ?? 0} content:${data.content?.dim ?? 0} context:${data.context ? 1 : 0}`;
}

export interface MeasureOptions {
  /** Reference time (ms; default now). */
  now?: number;
  /** Awaited between steps (default: the event loop's next turn). */
  between?: () => Promise<void>;
  /** The rank options the service gives a request on this snapshot (recommend/candidate-indexes.ts). */
  requestOptions?: (request: RankRequest, now: number) => Promise<Partial<RankOptions>>;
}

const drifted = (now: number, then: number): boolean => Math.abs(now - then) > SIZE_DRIFT * Math.max(1, then);
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class DefaultRankerSource {
  private last: Measured | null = null;

  constructor(private readonly sampleUsers = DEFAULT_RANKER_SAMPLE_USERS) {}

  /** The standardised default ranker for this snapshot's data (re-measured only when it has moved). */
  forData(data: RankingData, now = Date.now()): RankerModel {
    return this.kept(data, now) ?? this.keep(data, now, standardisedDefaultRanker(data, this.options(now)));
  }

  /**
   * forData measuring in steps, each awaiting `between()` (default: the event loop's next turn), so a
   * service swapping in a snapshot keeps answering while the statistics are measured (6 s of catalogue
   * scans at 10× LastFM; each pass ten times longer at 100×). With `requestOptions` each sampled request
   * is ranked with the options it gives (the service's: candidate-only requests past VECTOR_INDEX_MIN_ITEMS,
   * their candidates from Neo4j's indexes), fetched before the steps.
   */
  async measure(data: RankingData, options: MeasureOptions = {}): Promise<RankerModel> {
    const now = options.now ?? Date.now();
    const kept = this.kept(data, now);
    if (kept) return kept;
    const settings = this.options(now);
    let measured: { requests: RankRequest[]; requestOptions: Partial<RankOptions>[] } | undefined;
    if (options.requestOptions) {
      // Each sampled request ranked as the service ranks it (a large catalogue: candidates from its
      // indexes), looked up one request at a time, as feeds are.
      const requests = statsRequests(data, settings);
      const requestOptions: Partial<RankOptions>[] = [];
      for (const r of requests) requestOptions.push(await options.requestOptions(r, now));
      measured = { requests, requestOptions };
    }
    const steps = standardisedDefaultRankerSteps(data, { ...settings, ...measured });
    return this.keep(data, now, await runStepsAsync(steps, options.between ?? nextTurn));
  }

  private options(now: number) {
    return { sampleUsers: this.sampleUsers, now };
  }

  /** The model measured last, while what it depends on stays put. */
  private kept(data: RankingData, now: number): RankerModel | null {
    const l = this.last;
    const edges = data.userItems.targets.length;
    const same = l && l.stats.users > 0 && l.signature === signature(data) && now - l.at < MAX_AGE_MS;
    if (same && !drifted(data.numUsers, l.users) && !drifted(data.numItems, l.items) && !drifted(edges, l.edges))
      return l.model;
    return null;
  }

  private keep(
    data: RankingData,
    now: number,
    { stats, model }: { stats: FeatureStats; model: RankerModel },
  ): RankerModel {
    const edges = data.userItems.targets.length;
    this.last = {
      signature: signature(data),
      users: data.numUsers,
      items: data.numItems,
      edges,
      at: now,
      stats,
      model,
    };
    return model;
  }

  /** The statistics in use (for /health and tests), or null before the first measurement. */
  get stats(): FeatureStats | null {
    return this.last?.stats ?? null;
  }
}
