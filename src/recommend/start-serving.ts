/**
 * The serving side, assembled: the snapshot state (with the stored ranker, reloaded with it), the
 * recommend service over it, the write path connected for real-time updates, and optional prewarming
 * of every user's feed after each snapshot swap. main.ts calls this with the concrete stores.
 */
import type { ImpressionService } from '../ingest/impression-service';
import type { IngestService } from '../ingest/ingest-service';
import type { ModerationService } from '../ingest/moderation-service';
import type { Logger } from '../logging/logger';
import { storedItemGraphs } from '../pipeline/ranker-fit';
import { deserializeRanker, type RankerModel } from '../ranking/ranker';
import type { StorePorts } from '../domain/ports';
import type { TextEncoder } from '../text/encoder';
import { CandidateIndexes } from './candidate-indexes';
import { DefaultRankerSource } from './default-ranker-source';
import { IMPRESSION_DEFAULTS, ImpressionOverlay, type ImpressionRule } from './impressions';
import { RecommendService } from './recommend-service';
import { ServingState } from './serving-state';
import { loadSnapshot, type ServingSnapshot } from './snapshot';
import { TakedownOverlay } from './takedowns';
import { connectRealTime } from './wiring';

export interface ServingOptions {
  stores: StorePorts;
  ingest: IngestService;
  encoder: TextEncoder;
  logger: Logger;
  minReloadIntervalMs: number;
  vectorIndexMinItems: number;
  /** Rank every user's feed after each snapshot swap (a warm service). */
  prewarm: boolean;
  onSwap?: (snap: ServingSnapshot) => void;
  /** Takedowns and impressions reach the feeds at once through these (issue 14, item 6). */
  moderation?: ModerationService;
  impressions?: ImpressionService;
  impressionRule?: ImpressionRule;
}

export async function startServing(
  options: ServingOptions,
): Promise<{ state: ServingState; recommend: RecommendService }> {
  const { stores, logger, encoder } = options;
  const defaults = new DefaultRankerSource();
  // Past VECTOR_INDEX_MIN_ITEMS feeds (and the default ranker's statistics) take their candidates from Neo4j's indexes.
  const indexes = new CandidateIndexes({
    minItems: options.vectorIndexMinItems,
    vectorSearch: (vector, k) => stores.graph.nearestMedia(vector, k),
    textSearch: (vector, k) => stores.content.nearestMediaByText(encoder.modelId, vector, k),
    // About once a minute per index while it is down: after a failure the service leaves it alone for INDEX_RETRY_MS.
    onIndexError: (index, error) =>
      logger.warn('vector index lookup failed; scanning exactly', { index, error: String(error) }),
  });
  const shown = new ImpressionOverlay(options.impressionRule ?? IMPRESSION_DEFAULTS);
  const takedowns = new TakedownOverlay();
  let ranker: RankerModel | null = null;
  const state = new ServingState({
    logger,
    minReloadIntervalMs: options.minReloadIntervalMs,
    load: async (version, previous) => {
      const stored = await stores.content.readRanker();
      const trained = stored ? deserializeRanker(stored) : null;
      const since = new Date(Date.now() - shown.rule.ttlDays * 86_400_000).toISOString();
      // The item graphs as the stored ranker learned them (its tag weight); the defaults before its first run.
      const snap = await loadSnapshot(
        stores.graph,
        stores.content,
        encoder.modelId,
        version,
        () => stores.impressions.repeated(shown.rule.limit, since),
        previous,
        storedItemGraphs(trained),
      );
      // Untrained: the default weights over features standardised on this snapshot's candidates.
      ranker =
        trained ??
        (await defaults.measure(snap.data, {
          requestOptions: (request, now) => indexes.rankOptions(snap, request, now),
        }));
      return snap;
    },
  });
  if (options.onSwap) state.onSwap(options.onSwap);
  await state.reload();
  const recommend = new RecommendService({
    state,
    encoder,
    ranker: () => ranker as RankerModel,
    takedowns,
    impressions: shown,
    userExists: async (id) => (await stores.users.missingIds([id])).length === 0,
    indexes,
  });
  connectRealTime(options.ingest, state, recommend, {
    takedowns,
    shown,
    ...(options.moderation ? { moderation: options.moderation } : {}),
    ...(options.impressions ? { impressions: options.impressions } : {}),
  });
  if (options.prewarm) {
    const warm = (snap: ServingSnapshot): void => {
      const t0 = Date.now();
      void recommend
        .prewarm(snap.data.userIds ?? [])
        .then(() => logger.info('feeds prewarmed', { users: snap.data.numUsers, ms: Date.now() - t0 }));
    };
    state.onSwap(warm);
    warm(state.snapshot);
  }
  return { state, recommend };
}
