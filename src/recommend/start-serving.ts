/**
 * The serving side, assembled: the snapshot state (with the stored ranker, reloaded with it), the
 * recommend service over it, the write path connected for real-time updates, and optional prewarming
 * of every user's feed after each snapshot swap. main.ts calls this with the concrete stores.
 */
import type { IngestService } from '../ingest/ingest-service';
import type { Logger } from '../logging/logger';
import { deserializeRanker, type RankerModel } from '../ranking/ranker';
import type { Stores } from '../store/neo4j/stores';
import type { TextEncoder } from '../text/encoder';
import { DefaultRankerSource } from './default-ranker-source';
import { RecommendService } from './recommend-service';
import { ServingState } from './serving-state';
import { loadSnapshot, type ServingSnapshot } from './snapshot';
import { connectRealTime } from './wiring';

export interface ServingOptions {
  stores: Stores;
  ingest: IngestService;
  encoder: TextEncoder;
  logger: Logger;
  minReloadIntervalMs: number;
  vectorIndexMinItems: number;
  /** Rank every user's feed after each snapshot swap (a warm service). */
  prewarm: boolean;
  onSwap?: (snap: ServingSnapshot) => void;
}

export async function startServing(o: ServingOptions): Promise<{ state: ServingState; recommend: RecommendService }> {
  const { stores, logger, encoder } = o;
  const defaults = new DefaultRankerSource();
  let ranker: RankerModel | null = null;
  const state = new ServingState({
    logger,
    minReloadIntervalMs: o.minReloadIntervalMs,
    load: async (version) => {
      const stored = await stores.content.readRanker();
      const snap = await loadSnapshot(stores.graph, stores.content, encoder.modelId, version);
      // Untrained: the default weights over features standardised on this snapshot's candidates.
      ranker = stored ? deserializeRanker(stored) : defaults.forData(snap.data);
      return snap;
    },
  });
  if (o.onSwap) state.onSwap(o.onSwap);
  await state.reload();
  const recommend = new RecommendService({
    state,
    encoder,
    ranker: () => ranker as RankerModel,
    userExists: async (id) => (await stores.users.missingIds([id])).length === 0,
    vectorIndexMinItems: o.vectorIndexMinItems,
    vectorSearch: (vector, k) => stores.graph.nearestMedia(vector, k),
  });
  connectRealTime(o.ingest, state, recommend);
  if (o.prewarm) {
    const warm = (snap: ServingSnapshot): void => {
      const t0 = Date.now();
      void recommend.prewarm(snap.data.userIds ?? []).then(() => logger.info('feeds prewarmed', { users: snap.data.numUsers, ms: Date.now() - t0 }));
    };
    state.onSwap(warm);
    warm(state.snapshot);
  }
  return { state, recommend };
}
