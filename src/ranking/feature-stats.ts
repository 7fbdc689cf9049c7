/**
 * Feature statistics of a deployment: mean and standard deviation of every ranking feature over the
 * candidate rows a feed actually scores (each source's candidates, engaged items filtered out), for a
 * deterministic sample of users. They standardise the default ranker's inputs,
 *   z_f = (x_f − μ_f) / clamp(σ_f, floor_f, ceiling_f),
 * so its hand-set weights mean "logit per standard deviation over this deployment's candidates", and
 * its scores neither saturate nor depend on a feature's raw units (a co-engagement sum grows with the
 * length of a history, a cosine does not; a graph dot product depends on the embedding model).
 * Every other sampled request carries a pseudo-query (an item's own content vector) and a context, so
 * the query and context features are measured over requests that have them. The floor keeps a feature
 * that barely varies here (every item of one kind, no publish times) from being blown up into noise.
 * A trained ranker (train-ranker) measures its own μ, σ on its examples instead.
 */
import { mergeCandidates } from './candidates';
import { defaultRanker, REFERENCE_STATS } from './default-ranker';
import { computeFeatures, FEATURE_INDEX, NUM_FEATURES, type FeedContext } from './features';
import { buildFilter } from './filters';
import { fillCandidates } from './candidate-scan';
import { itemScratch } from './item-scratch';
import { requestCandidates, requestSignalSteps, type RankOptions, type RankRequest } from './rank-for-user';
import type { RankerModel } from './ranker';
import type { RankingData } from './ranking-data';
import { runSteps, type Steps } from './steps';
import { userStateFromData } from './user-state';

export interface FeatureStats {
  mean: number[];
  std: number[];
  /** Candidate rows measured (the most over features; 0 when no user has engagements). */
  rows: number;
  users: number;
  /** Rows measured per feature; a feature with none takes the fallback statistics. */
  counts: number[];
}

export interface FeatureStatsOptions {
  /** Users sampled (evenly spaced over the users with engagements). */
  sampleUsers: number;
  now: number;
  rank: Partial<RankOptions>;
  /** μ, σ of a feature no sampled request measured (no user with engagements yet, no content vectors). */
  fallback: { mean: readonly number[]; std: readonly number[] };
  /**
   * Rank options of each sampled request (statsRequests' order) over `rank`: a service with a large
   * catalogue measures on the candidate-only requests it serves, with their index lookups
   * (recommend/candidate-indexes.ts), not on catalogue scans.
   */
  requestOptions?: readonly Partial<RankOptions>[];
  /** The sampled requests when the caller built them already (statsRequests with these options). */
  requests?: readonly RankRequest[];
}

export const FEATURE_STATS_DEFAULTS: Readonly<Omit<FeatureStatsOptions, 'now'>> = Object.freeze({
  sampleUsers: 64,
  rank: {},
  fallback: REFERENCE_STATS,
});

/**
 * Least σ per feature (FEATURE_NAMES order), in the feature's own units: the smallest difference that
 * should count as one deviation (a cosine 0.05, a co-engagement sum 0.5, log(1 + friends) 0.3, a
 * context log-ratio 0.5, freshness 0.25, kind share 0.1, a blend of RMS-scaled scores 0.5). A small sample that hardly varies (one
 * context seen, a handful of users) then cannot make one feature outweigh all the others.
 */
export const STD_FLOOR: readonly number[] = Object.freeze([1e-3, 0.05, 0.05, 0.5, 0.3, 0.3, 0.3, 0.25, 0.5, 0.1, 0.5]);

/**
 * Most σ per feature. Only the query's similarity is capped: over feed candidates a query's cosines
 * spread by about 0.1–0.2 (LastFM with the test encoder: 0.20); a wider spread means a catalogue of a few
 * near-duplicate clusters, where a clear match to the query would otherwise count as less than one
 * deviation and a search would not be answered.
 */
export const STD_CEILING: readonly number[] = Object.freeze([
  Infinity,
  Infinity,
  0.25,
  Infinity,
  Infinity,
  Infinity,
  Infinity,
  Infinity,
  Infinity,
  Infinity,
  Infinity,
]);

/** Features measured only over requests that carry a query or a context. */
const REQUEST_ONLY = new Set<number>([FEATURE_INDEX.query, FEATURE_INDEX.contextMatch]);

/** Users with at least one engagement, evenly spaced (deterministic: the same data gives the same sample). */
export function sampleUsers(data: RankingData, n: number): number[] {
  const active: number[] = [];
  for (let u = 0; u < data.numUsers; u++)
    if (data.userItems.offsets[u + 1]! > data.userItems.offsets[u]!) active.push(u);
  if (active.length <= n) return active;
  return Array.from({ length: n }, (_, k) => active[Math.floor((k * active.length) / n)]!);
}

/**
 * A pseudo-query: the normalised sum of three items' content vectors (stepping by a large prime). A
 * short query resembles a few items partly, not one item fully: an item's own vector would match itself
 * at cosine 1 and overstate how far a query's similarities spread. Undefined without content.
 */
function pseudoQuery(data: RankingData, k: number): Float32Array | undefined {
  const c = data.content;
  if (!c || data.numItems === 0) return undefined;
  const q = new Float32Array(c.dim);
  let used = 0;
  for (let t = 0; t < 24 && used < 3; t++) {
    const i = ((3 * k + t) * 7919) % data.numItems;
    const v = c.items.subarray(i * c.dim, (i + 1) * c.dim);
    if (!v.some((x) => x !== 0)) continue;
    for (let d = 0; d < c.dim; d++) q[d]! += v[d]!;
    used++;
  }
  let n = 0;
  for (let d = 0; d < c.dim; d++) n += q[d]! * q[d]!;
  if (n === 0) return undefined;
  for (let d = 0; d < c.dim; d++) q[d]! /= Math.sqrt(n);
  return q;
}

function pseudoContext(data: RankingData, k: number): FeedContext {
  const devices = data.context?.devices ?? [];
  return {
    localHour: (k * 5) % 24,
    weekday: k % 7,
    ...(devices.length ? { device: devices[k % devices.length]! } : {}),
  };
}

/**
 * The sampled requests (deterministic): every other one carries a pseudo-query and a context, so the
 * query and context features are measured over requests that have them.
 */
export function statsRequests(
  data: RankingData,
  options: Pick<FeatureStatsOptions, 'sampleUsers' | 'now'>,
): RankRequest[] {
  return sampleUsers(data, options.sampleUsers).map((u, k) => {
    const steered = k % 2 === 1;
    const queryVector = steered ? pseudoQuery(data, k) : undefined;
    return {
      user: u,
      state: userStateFromData(data, u),
      k: 0,
      now: options.now,
      ...(steered ? { context: pseudoContext(data, k) } : {}),
      ...(queryVector ? { queryVector } : {}),
    };
  });
}

export function featureStats(data: RankingData, options: Partial<FeatureStatsOptions> = {}): FeatureStats {
  return runSteps(featureStatsSteps(data, options));
}

/**
 * featureStats in steps (ranking/steps.ts: one catalogue pass each): 48 users' catalogue-scan requests
 * took 6 s at 10× LastFM in one piece (`npm run bench:snapshot-phases -- --scale 10`), which a service
 * measuring them at a snapshot swap spent with its event loop held (not measured at 100×).
 */
export function* featureStatsSteps(data: RankingData, options: Partial<FeatureStatsOptions> = {}): Steps<FeatureStats> {
  const settings: FeatureStatsOptions = { ...FEATURE_STATS_DEFAULTS, now: Date.now(), ...options };
  const F = NUM_FEATURES;
  const sum = new Float64Array(F);
  const sq = new Float64Array(F);
  const n = new Float64Array(F);
  const requests = settings.requests ?? statsRequests(data, settings);
  for (let k = 0; k < requests.length; k++) {
    const request = requests[k]!;
    const rank = { ...settings.rank, ...settings.requestOptions?.[k], withReasons: false };
    const steered = k % 2 === 1;
    // A candidate-only request's arrays are lent (ranking/item-scratch.ts) and taken back after its rows.
    const lease = rank.scan === 'candidates' ? itemScratch(data).lease() : undefined;
    try {
      const signals = yield* requestSignalSteps(data, request, rank, lease);
      const accept = buildFilter(data, request.state, {});
      const items = mergeCandidates(requestCandidates(data, signals, accept, request, rank)).map((c) => c.item);
      fillCandidates(data, signals, items, lease);
      const x = computeFeatures(data, signals, items, { now: settings.now });
      for (let f = 0; f < F; f++) {
        // Plain requests measure the personal features; steered ones the query and context features.
        if (REQUEST_ONLY.has(f) !== steered) continue;
        for (let r = 0; r < items.length; r++) {
          const v = x[r * F + f]!;
          sum[f]! += v;
          sq[f]! += v * v;
        }
        n[f]! += items.length;
      }
    } finally {
      lease?.release();
    }
    yield;
  }
  const mean = Array.from(sum, (s, f) => (n[f]! > 0 ? s / n[f]! : settings.fallback.mean[f]!));
  const std = Array.from(sq, (s, f) => {
    if (n[f]! === 0) return settings.fallback.std[f]!;
    const v = Math.max(0, s / n[f]! - mean[f]! ** 2);
    return Math.min(Math.max(Math.sqrt(v), STD_FLOOR[f]!), STD_CEILING[f]!);
  });
  return { mean, std, rows: Math.max(...n), users: requests.length, counts: Array.from(n) };
}

/**
 * The default ranker with its features standardised on this data's candidates (what a deployment serves
 * before its first train-ranker run), and the statistics it was standardised on.
 */
export function standardisedDefaultRanker(
  data: RankingData,
  options: Partial<FeatureStatsOptions> = {},
): { stats: FeatureStats; model: RankerModel } {
  return runSteps(standardisedDefaultRankerSteps(data, options));
}

/** standardisedDefaultRanker in steps (featureStatsSteps). */
export function* standardisedDefaultRankerSteps(
  data: RankingData,
  options: Partial<FeatureStatsOptions> = {},
): Steps<{ stats: FeatureStats; model: RankerModel }> {
  const now = options.now ?? Date.now();
  const stats = yield* featureStatsSteps(data, { ...options, now });
  const model = defaultRanker(stats, {
    standardisedOn: { users: stats.users, rows: stats.rows, at: new Date(now).toISOString() },
  });
  return { stats, model };
}
