/**
 * Replicas of the service on one Neo4j behave as one service (issue 15, item 4). Each replica keeps
 * derived state in memory (users' folded interactions, takedown and impression overlays, feed and
 * result caches) that its own writes keep fresh through the services' events (recommend/wiring.ts,
 * api/freshness.ts). Those events are the change feed:
 *  - publish: a local-only listener appends every write this replica took to the shared change log
 *    (:Change nodes, after the write committed, in order, batched);
 *  - replay: every `pollMs` the replica reads the other replicas' changes and replays them to the same
 *    listeners its own writes reach, except local-only ones (its embed queue, its job counters, this
 *    publisher), so an interaction recorded through replica A folds into the user's state on replica B,
 *    a takedown hides the item, an erasure forgets the user, an upload (and its text vector, once A has
 *    embedded it) reloads B's snapshot, and B's caches go stale exactly as A's do.
 * Times come from the database's clock, never the replicas'. A change is read from `from` on, where
 * `from` trails by `lagMs` the newest change read (after a complete read, the database's time of the
 * read): appends are small transactions, so one commits well within it; ids already replayed are
 * skipped. Changes are pruned after `retainMs` once every live replica has read them: each replica marks
 * its read point in the log every `markEveryMs` from before its first snapshot load on (`keepCursor`), and
 * the prune keeps what a replica that marked within `readerLiveMs` has not read yet, up to `maxRetainMs`
 * (a 100× snapshot load takes ~10 minutes without a poll, and its synchronous builds hold the thread for
 * tens of seconds: with the fixed 60 s alone a busy peer's changes were pruned meanwhile and the replica
 * reloaded on its first read, each reload outlasting the retention again). A replica that finds another's
 * change pruned before it read it (it fell more than `maxRetainMs` behind) reloads its snapshot. A change
 * that cannot be appended (Neo4j down) reaches the other replicas at their next snapshot reload
 * (SNAPSHOT_REFRESH_SEC), as before replicas replayed anything; the write itself is in Neo4j either way.
 * The log holds no comment text, and an erasure deletes every change naming the person but the erasure
 * itself.
 */
import { randomUUID } from 'node:crypto';
import type { ChangeLog, ChangeRecord } from '../domain/ports';
import type { ImpressionEvents, ImpressionService } from '../ingest/impression-service';
import type { IngestEvents, IngestService } from '../ingest/ingest-service';
import type { ModerationEvents, ModerationService } from '../ingest/moderation-service';
import type { Logger } from '../logging/logger';

export const REPLICA_DEFAULTS = Object.freeze({
  pollMs: 250,
  lagMs: 2_000,
  batch: 500,
  /** Changes published within this many ms are appended together. */
  gatherMs: 50,
  /**
   * Changes older than this are pruned (an erasure's, the only trace of an erased user left here, with
   * them); a replica that finds one it had not read pruned reloads its snapshot instead.
   */
  retainMs: 60_000,
  pruneEveryMs: 10_000,
  /** How often a replica marks its read point in the log (also while its first snapshot loads). */
  markEveryMs: 10_000,
  /**
   * A replica that marked within this many ms is live: the prune keeps what it has not read. A replica
   * killed without stopping holds the log back this long.
   */
  readerLiveMs: 300_000,
  /** Changes older than this are pruned whatever a live replica has read. */
  maxRetainMs: 1_800_000,
});

const INGEST_KINDS = [
  'interactionsRecorded',
  'mediaUpserted',
  'usersUpserted',
  'userDeleted',
  'followChanged',
] as const;
const MODERATION_KINDS = ['mediaTakenDown', 'mediaRestored'] as const;
const IMPRESSION_KINDS = ['impressionsRecorded'] as const;
/** New text vectors stored by a replica's embed queue: the others reload to make the media findable. */
const VECTORS_STORED = 'vectorsStored';

export interface ReplicaSyncOptions {
  changes: ChangeLog;
  ingest: IngestService;
  moderation: ModerationService;
  impressions: ImpressionService;
  logger: Logger;
  /** Database time from which to replay: read before the first snapshot load, so nothing falls between. */
  from: number;
  /** Another replica stored new text vectors. */
  onVectorsStored: () => void;
  /** Another replica's change was pruned before this replica read it: reload. */
  onGap: () => void;
  origin?: string;
  pollMs?: number;
  lagMs?: number;
  batch?: number;
  gatherMs?: number;
  retainMs?: number;
  pruneEveryMs?: number;
  markEveryMs?: number;
  readerLiveMs?: number;
  maxRetainMs?: number;
}

export interface ReplicaStats {
  origin: string;
  published: number;
  replayed: number;
  /** Changes a listener threw on while replaying (logged at warn). */
  failed: number;
}

export class ReplicaSync {
  readonly origin: string;
  private readonly settings: Required<Omit<ReplicaSyncOptions, 'origin'>>;
  private seq = 0;
  private queue: Omit<ChangeRecord, 'at'>[] = [];
  private flushing: Promise<void> | null = null;
  private from: number;
  private readonly seen = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private marker: NodeJS.Timeout | null = null;
  private polling: Promise<number> | null = null;
  private lastPrune = 0;
  private readonly counts = { published: 0, replayed: 0, failed: 0 };

  constructor(options: ReplicaSyncOptions) {
    this.origin = options.origin ?? randomUUID();
    this.settings = { ...REPLICA_DEFAULTS, ...options };
    this.from = options.from;
  }

  get stats(): ReplicaStats {
    return { origin: this.origin, ...this.counts };
  }

  /** Publishes this replica's writes: local-only listeners, so replayed changes are never published again. */
  connect(): void {
    const local = { localOnly: true };
    const ingest: IngestEvents = {};
    for (const kind of INGEST_KINDS) ingest[kind] = (...args: unknown[]) => this.publish(kind, args);
    // No replaying listener reads comment text: it stays out of the log.
    ingest.interactionsRecorded = (rows) =>
      this.publish('interactionsRecorded', [rows.map((r) => ({ ...r, text: null }))]);
    // Vectors are large and no listener reads them: a replayed upsert names the media and their metadata.
    ingest.mediaUpserted = (rows) =>
      this.publish('mediaUpserted', [rows.map((r) => ({ ...r, audioVector: null, visualVector: null }))]);
    this.settings.ingest.on(ingest, local);
    const moderation: ModerationEvents = {};
    for (const kind of MODERATION_KINDS) moderation[kind] = (...args: unknown[]) => this.publish(kind, args);
    this.settings.moderation.on(moderation, local);
    const impressions: ImpressionEvents = {};
    for (const kind of IMPRESSION_KINDS) impressions[kind] = (...args: unknown[]) => this.publish(kind, args);
    this.settings.impressions.on(impressions, local);
  }

  /** This replica's embed queue stored text vectors. */
  vectorsStored(): void {
    this.publish(VECTORS_STORED, []);
  }

  /**
   * Marks this replica's read point now and every markEveryMs until stop(): call it before the first
   * snapshot load, so the changes other replicas write during the load are kept until this one reads them.
   */
  async keepCursor(): Promise<void> {
    if (!this.marker) {
      this.marker = setInterval(() => void this.markCursor(), this.settings.markEveryMs);
      this.marker.unref();
    }
    await this.markCursor();
  }

  /** Marks the read point once (keepCursor's timer); a failure is logged and the next mark tries again. */
  async markCursor(): Promise<void> {
    try {
      await this.settings.changes.markRead(this.origin, this.from);
    } catch (error) {
      this.settings.logger.warn('replica read cursor not marked', { error: (error as Error).message });
    }
  }

  start(): void {
    if (this.settings.pollMs <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.poll(), this.settings.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.marker) {
      clearInterval(this.marker);
      this.marker = null;
      // Stopped: this replica's cursor holds the log back no longer.
      await this.settings.changes.forgetReader(this.origin).catch(() => undefined);
    }
    await this.flushed();
    await this.polling;
  }

  /** Resolves once every change published so far is in the log (or was given up on). */
  async flushed(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  /** Reads and replays the other replicas' new changes once; returns how many. */
  async poll(): Promise<number> {
    if (this.polling) return this.polling;
    this.polling = this.readAll().finally(() => {
      this.polling = null;
    });
    return this.polling;
  }

  private publish(kind: string, args: unknown[]): void {
    const seq = this.seq++;
    this.queue.push({ id: `${this.origin}:${seq}`, origin: this.origin, seq, kind, payload: JSON.stringify(args) });
    this.kick();
  }

  /** Starts draining unless a drain runs; a change queued after its last read starts the next one. */
  private kick(): void {
    if (this.flushing) return;
    this.flushing = this.drain().finally(() => {
      this.flushing = null;
      if (this.queue.length > 0) this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      // Appends are transactions of their own (a commit each): gather what arrives within gatherMs into
      // one, so a busy replica pays one commit per gathering, not one per write it took.
      if (this.settings.gatherMs > 0) await new Promise((r) => setTimeout(r, this.settings.gatherMs));
      const batch = this.queue.splice(0, this.settings.batch);
      try {
        await this.settings.changes.append(batch);
        this.counts.published += batch.length;
        // An erasure leaves nothing of the person in the log but itself (pruned after retainMs).
        for (const c of batch)
          if (c.kind === 'userDeleted') await this.settings.changes.forgetUser(JSON.parse(c.payload)[0] as string);
      } catch (error) {
        this.settings.logger.warn(
          'replica change log unavailable: other replicas see these writes at their next reload',
          {
            changes: batch.length,
            error: (error as Error).message,
          },
        );
      }
    }
  }

  private async readAll(): Promise<number> {
    let total = 0;
    let dbNow = NaN;
    try {
      for (;;) {
        const started = this.from;
        const {
          changes: rows,
          now,
          prunedNewest,
        } = await this.settings.changes.since(this.from, this.origin, [...this.seen.keys()], this.settings.batch);
        for (const c of rows) {
          this.seen.set(c.id, c.at);
          try {
            this.apply(c);
          } catch (error) {
            // A listener failed on this change: the others still got it, and the next reload catches up.
            this.counts.failed++;
            this.settings.logger.warn('replaying a replica change failed', {
              id: c.id,
              kind: c.kind,
              error: (error as Error).message,
            });
          }
        }
        total += rows.length;
        dbNow = now;
        // Another replica's change from this read point on was pruned before it was read: the snapshot has it.
        // Time alone is no gap: the first read after a 15-minute snapshot load (1.76M media) starts from
        // before the load, and reloading then held two snapshots while feeds were served (docs/results.md).
        if (prunedNewest !== null && prunedNewest >= started) this.settings.onGap();
        if (rows.length < this.settings.batch) {
          // Everything visible was read: only a change committing later than lagMs after its time can
          // still appear behind `now − lagMs` (so a replica alone, or with quiet peers, stops re-reading
          // the log from where it started).
          this.advance(now);
          break;
        }
        this.advance(rows[rows.length - 1]!.at);
      }
      await this.pruneNow(dbNow);
    } catch (error) {
      // Neo4j down or slow: the next poll reads on from the same point; /health reports the outage.
      this.settings.logger.warn('replica change log unreadable', { error: (error as Error).message });
    }
    return total;
  }

  private advance(newest: number): void {
    if (!Number.isFinite(newest)) return;
    this.from = Math.max(this.from, newest - this.settings.lagMs);
    for (const [id, at] of this.seen) if (at < this.from) this.seen.delete(id);
  }

  /** Prunes at most every pruneEveryMs, by the database time `dbNow` of the read just made. */
  private async pruneNow(dbNow: number): Promise<void> {
    const now = Date.now();
    if (now - this.lastPrune < this.settings.pruneEveryMs) return;
    this.lastPrune = now;
    if (!Number.isFinite(dbNow)) return;
    await this.settings.changes.prune(dbNow - this.settings.retainMs, 10_000, {
      liveMs: this.settings.readerLiveMs,
      floor: dbNow - this.settings.maxRetainMs,
    });
  }

  private apply(c: ChangeRecord): void {
    let args: unknown;
    try {
      args = JSON.parse(c.payload);
    } catch {
      args = null;
    }
    if (!Array.isArray(args)) {
      this.settings.logger.warn('unreadable replica change skipped', { id: c.id, kind: c.kind });
      return;
    }
    const kind = c.kind;
    if ((INGEST_KINDS as readonly string[]).includes(kind))
      this.settings.ingest.replay(kind as (typeof INGEST_KINDS)[number], args as never);
    else if ((MODERATION_KINDS as readonly string[]).includes(kind))
      this.settings.moderation.replay(kind as (typeof MODERATION_KINDS)[number], args as never);
    else if ((IMPRESSION_KINDS as readonly string[]).includes(kind))
      this.settings.impressions.replay(kind as (typeof IMPRESSION_KINDS)[number], args as never);
    else if (kind === VECTORS_STORED) this.settings.onVectorsStored();
    else {
      // A newer replica's kind of change: this one cannot act on it; its next reload catches up.
      this.settings.logger.warn('unknown replica change skipped', { id: c.id, kind });
      return;
    }
    this.counts.replayed++;
  }
}
