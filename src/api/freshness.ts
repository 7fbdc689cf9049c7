/**
 * Freshness of the API's caches, owned here: the process-wide entity caches (media and user records in
 * front of the DataLoaders) and the fingerprints the result cache (api/result-cache.ts) compares before
 * serving a stored answer. What makes what stale:
 *  - upsertMedia / upsertUsers evict those records; erasure evicts the user and every media record
 *    (media they created lose their creator); a takedown or restore evicts the item; a snapshot swap
 *    clears the media records (jobs rewrite keywords and PageRank). Each bumps the entity epoch, so every
 *    cached result that read entities ('entities') is stale at once.
 *  - 'snapshot' results are fresh while the snapshot version is; 'user:<id>' results while the snapshot
 *    version and that user's state version (ServingState.userVersion: interactions, impressions) are.
 * The serving side keeps its own derived state fresh from the same events (recommend/wiring.ts), and the
 * events of writes other replicas took are replayed to both (recommend/replica-sync.ts).
 */
import type { Media, User } from '../domain/entities';
import type { IngestService } from '../ingest/ingest-service';
import type { ModerationService } from '../ingest/moderation-service';
import type { ServingState } from '../recommend/serving-state';
import { EntityCache } from './entity-cache';

/**
 * Backstop for writes made through another replica: those are replayed here within REPLICA_POLL_MS and
 * evict at once (recommend/replica-sync.ts); a change the feed missed lags at most this long.
 */
export const ENTITY_CACHE_TTL_MS = 120_000;

export class Freshness {
  readonly mediaCache = new EntityCache<Media>(ENTITY_CACHE_TTL_MS);
  readonly userCache = new EntityCache<User>(ENTITY_CACHE_TTL_MS);
  /** Bumped whenever a cached media or user record may have changed. */
  private entityEpoch = 0;

  constructor(private readonly state: Pick<ServingState, 'snapshot' | 'userVersion' | 'onSwap'>) {
    state.onSwap(() => this.mediaChanged());
  }

  /** Listens to the writes that change cached records. */
  connect(ingest: IngestService, moderation: ModerationService): void {
    ingest.on({
      mediaUpserted: (rows) => this.mediaChanged(rows.map((r) => r.id)),
      usersUpserted: (ids) => this.usersChanged(ids),
      userDeleted: (id) => {
        this.usersChanged([id]);
        this.mediaChanged(); // media they created lose their creator
      },
    });
    moderation.on({ mediaTakenDown: (id) => this.mediaChanged([id]), mediaRestored: (id) => this.mediaChanged([id]) });
  }

  /** What a cached result depending on `dep` was computed from, as a comparable string. */
  fingerprint(dep: string): string {
    if (dep === 'entities') return String(this.entityEpoch);
    if (dep === 'snapshot') return String(this.state.snapshot.version);
    if (dep.startsWith('user:')) return `${this.state.snapshot.version}.${this.state.userVersion(dep.slice(5))}`;
    return `unknown ${Math.random()}`; // an undeclared kind of dependency never validates
  }

  /** `ids` evicted, or every media record when none are given. */
  private mediaChanged(ids?: readonly string[]): void {
    if (ids) this.mediaCache.evict(ids);
    else this.mediaCache.clear();
    this.entityEpoch++;
  }

  private usersChanged(ids: readonly string[]): void {
    this.userCache.evict(ids);
    this.entityEpoch++;
  }
}
