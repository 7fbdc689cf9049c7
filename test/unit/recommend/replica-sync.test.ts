/**
 * The change feed between replicas over an in-memory change log: what one replica publishes another
 * replays to its listeners (never to local-only ones, never twice, never its own), in order; changes
 * that commit late inside the lag window are still read; unknown kinds are skipped.
 */
import type { ChangeLog, ChangeRecord, PruneKeep } from '../../../src/domain/ports';
import { ImpressionService } from '../../../src/ingest/impression-service';
import { IngestService } from '../../../src/ingest/ingest-service';
import { ModerationService } from '../../../src/ingest/moderation-service';
import { createLogger } from '../../../src/logging/logger';
import { ReplicaSync } from '../../../src/recommend/replica-sync';

/** A change log in memory with a settable clock (the "database time"). */
class MemoryLog implements ChangeLog {
  rows: ChangeRecord[] = [];
  clock = 1_000;
  secrets = new Map<string, string>();
  async append(changes: Omit<ChangeRecord, 'at'>[]): Promise<void> {
    for (const c of changes) this.rows.push({ ...c, at: this.clock });
  }
  froms: number[] = [];
  async since(from: number, origin: string, seen: readonly string[], limit: number) {
    this.froms.push(from);
    const changes = this.rows
      .filter((c) => c.at >= from && c.origin !== origin && !seen.includes(c.id))
      .sort((a, b) => a.at - b.at || a.origin.localeCompare(b.origin) || a.seq - b.seq)
      .slice(0, limit);
    const pruned = [...this.pruned].filter(([o]) => o !== origin).map(([, at]) => at);
    return { changes, now: this.clock, prunedNewest: pruned.length > 0 ? Math.max(...pruned) : null };
  }
  /** Origin → its newest pruned change's time. */
  pruned = new Map<string, number>();
  async now(): Promise<number> {
    return this.clock;
  }
  async forgetUser(userId: string): Promise<number> {
    const n = this.rows.length;
    this.rows = this.rows.filter((c) => c.kind === 'userDeleted' || !c.payload.includes(JSON.stringify(userId)));
    return n - this.rows.length;
  }
  /** Origin → its read cursor and the database time it was marked. */
  readers = new Map<string, { from: number; markedAt: number }>();
  async markRead(origin: string, from: number): Promise<void> {
    this.readers.set(origin, { from, markedAt: this.clock });
  }
  async forgetReader(origin: string): Promise<void> {
    this.readers.delete(origin);
  }
  /** As cypher/changes/prune.cypher: nothing a live reader has not read, unless older than the floor. */
  async prune(before: number, _limit = Infinity, keep?: PruneKeep): Promise<number> {
    const live = [...this.readers.values()].filter((r) => keep && r.markedAt >= this.clock - keep.liveMs);
    const slowest = Math.min(...live.map((r) => r.from));
    const cutoff = keep && slowest < before ? Math.max(slowest, keep.floor) : before;
    const n = this.rows.length;
    for (const c of this.rows)
      if (c.at < cutoff) this.pruned.set(c.origin, Math.max(this.pruned.get(c.origin) ?? -Infinity, c.at));
    this.rows = this.rows.filter((c) => c.at >= cutoff);
    if (keep) for (const [o, r] of this.readers) if (r.markedAt < keep.floor) this.readers.delete(o);
    return n - this.rows.length;
  }
  async sharedSecret(name: string, candidate: string): Promise<string> {
    if (!this.secrets.has(name)) this.secrets.set(name, candidate);
    return this.secrets.get(name)!;
  }
}

/** Storage that accepts every write (only the services' events are exercised). */
const acceptAll = {
  uow: { transaction: async <T>(work: (tx: never) => Promise<T>) => work({} as never) },
  users: { lockMissing: async () => [], delete: async () => true },
  media: { missingIds: async () => [] },
  interactions: { record: async (rows: unknown[]) => rows.length },
  maxBatchSize: 100,
};

function replica(log: MemoryLog, origin: string, batch = 500, pruneEveryMs = 10_000) {
  const ingest = new IngestService(acceptAll as never);
  const moderation = new ModerationService({} as never, {} as never);
  const impressions = new ImpressionService({} as never);
  const heard: string[] = [];
  const localOnly: string[] = [];
  ingest.on({ interactionsRecorded: (rows) => heard.push(`i:${rows.map((r) => r.mediaId).join(',')}`) });
  ingest.on({ userDeleted: (id) => heard.push(`erase:${id}`) });
  moderation.on({ mediaTakenDown: (id, mode) => heard.push(`down:${id}:${mode}`) });
  impressions.on({ impressionsRecorded: (c) => heard.push(`shown:${c.length}`) });
  ingest.on({ interactionsRecorded: () => localOnly.push('jobs') }, { localOnly: true });
  let reloads = 0;
  let gaps = 0;
  const sync = new ReplicaSync({
    changes: log,
    ingest,
    moderation,
    impressions,
    logger: createLogger('silent'),
    from: log.clock,
    onVectorsStored: () => reloads++,
    onGap: () => gaps++,
    origin,
    pollMs: 0,
    lagMs: 100,
    batch,
    pruneEveryMs,
  });
  sync.connect();
  return { ingest, moderation, impressions, sync, heard, localOnly, reloads: () => reloads, gaps: () => gaps };
}

describe('replica change feed', () => {
  it("replays another replica's writes in order, to every listener but the local-only ones", async () => {
    const log = new MemoryLog();
    const a = replica(log, 'a');
    const b = replica(log, 'b');
    await a.ingest.recordInteractions([
      { userId: 'u', mediaId: 'm1', type: 'LIKE' },
      { userId: 'u', mediaId: 'm2', type: 'LIKE' },
    ]);
    await a.ingest.deleteUser('u9');
    // A takedown A took (the moderation service's own write path needs its repository).
    log.rows.push({ id: 'a:x', origin: 'a', seq: 99, at: log.clock, kind: 'mediaTakenDown', payload: '["m1","HIDE"]' });
    a.sync.vectorsStored();
    await a.sync.flushed();
    expect(a.sync.stats.published).toBe(3);
    expect(await b.sync.poll()).toBe(4);
    expect(b.heard).toEqual(['i:m1,m2', 'erase:u9', 'down:m1:HIDE']);
    expect(b.reloads()).toBe(1);
    expect(b.localOnly).toEqual([]); // B's job counter does not count A's interactions
    expect(a.localOnly).toEqual(['jobs']);
    // Read again: nothing is replayed twice; A never replays its own changes.
    expect(await b.sync.poll()).toBe(0);
    expect(await a.sync.poll()).toBe(0);
    // Replayed changes are not published again (B's publisher is local-only).
    await b.sync.flushed();
    expect(b.sync.stats.published).toBe(0);
  });

  it('reads a change that committed late with an earlier time, inside the lag window', async () => {
    const log = new MemoryLog();
    const b = replica(log, 'b');
    log.rows.push({ id: 'a:1', origin: 'a', seq: 1, at: 1_050, kind: 'userDeleted', payload: '["u1"]' });
    expect(await b.sync.poll()).toBe(1);
    // a:0 got its time (1 020) before a:1 but became visible after B read a:1: still within 100 ms.
    log.rows.push({ id: 'a:0', origin: 'a', seq: 0, at: 1_020, kind: 'userDeleted', payload: '["u0"]' });
    expect(await b.sync.poll()).toBe(1);
    expect(b.heard).toEqual(['erase:u1', 'erase:u0']);
  });

  it('moves its read point on with the database clock, so a quiet log is not re-read from the start', async () => {
    const log = new MemoryLog();
    const b = replica(log, 'b');
    await b.sync.poll();
    log.clock = 60_000;
    await b.sync.poll();
    await b.sync.poll();
    expect(log.froms).toEqual([1_000, 1_000, 59_900]); // from = now − lagMs (100) once all was read, never back
  });

  it('an erasure leaves nothing of the person in the log but itself; comment text never enters it', async () => {
    const log = new MemoryLog();
    const a = replica(log, 'a');
    await a.ingest.recordInteractions([{ userId: 'u1', mediaId: 'm1', type: 'COMMENT', text: 'my secret words' }]);
    await a.ingest.recordInteractions([{ userId: 'u10', mediaId: 'm1', type: 'LIKE' }]);
    await a.sync.flushed();
    expect(log.rows.map((c) => c.payload).join()).not.toContain('secret');
    await a.ingest.deleteUser('u1');
    await a.sync.flushed();
    expect(log.rows.map((c) => c.kind)).toEqual(['interactionsRecorded', 'userDeleted']);
    expect(log.rows[0]!.payload).toContain('"u10"'); // another user's change stays
  });

  it("reloads when another replica's change it had not read was pruned, not when only time passed", async () => {
    const log = new MemoryLog();
    const b = replica(log, 'b');
    await b.sync.poll();
    // A snapshot load of 15 minutes between two reads (1.76M media): nothing another replica wrote is gone.
    log.clock += 900_000;
    await b.sync.poll();
    expect(b.gaps()).toBe(0);
    // B's own pruned changes are no gap for B.
    log.rows.push({ id: 'b:0', origin: 'b', seq: 0, at: log.clock, kind: 'userDeleted', payload: '["u0"]' });
    log.clock += 61_000;
    await log.prune(log.clock - 60_000);
    await b.sync.poll();
    expect(b.gaps()).toBe(0);
    // A's change, written after B's read point, pruned before B read it (B stalled): a gap, once.
    log.rows.push({ id: 'a:1', origin: 'a', seq: 1, at: log.clock + 1, kind: 'userDeleted', payload: '["u1"]' });
    log.clock += 61_000;
    await log.prune(log.clock - 60_000);
    await b.sync.poll();
    expect(b.gaps()).toBe(1);
    expect(b.heard).toEqual([]);
    await b.sync.poll();
    expect(b.gaps()).toBe(1);
  });

  it("keeps a peer's changes while a live replica has not read them (a long load), up to maxRetainMs", async () => {
    const log = new MemoryLog();
    const a = replica(log, 'a', 500, 0); // prunes at every read
    const b = replica(log, 'b');
    await b.sync.keepCursor(); // before its first snapshot load, as serving.ts does
    // B loads its snapshot for 15 minutes (1.76M media), marking its cursor (every 10 s) but not reading;
    // A takes a write each minute and prunes after each of its reads.
    for (let minute = 1; minute <= 15; minute++) {
      log.clock += 60_000;
      await a.ingest.deleteUser(`u${minute}`);
      await a.sync.flushed();
      await a.sync.poll();
      await b.sync.markCursor();
    }
    expect(log.rows).toHaveLength(15);
    // B's first read finds all of them and no gap: no second load.
    expect(await b.sync.poll()).toBe(15);
    expect(b.gaps()).toBe(0);
    expect(b.heard).toEqual(Array.from({ length: 15 }, (_, m) => `erase:u${m + 1}`));
    // Once B has read on past them and marked its read point, A's next prune takes them (after retainMs).
    log.clock += 61_000;
    await b.sync.poll();
    await b.sync.markCursor();
    await a.sync.poll();
    expect(log.rows).toHaveLength(0);

    // A replica that stopped marking (killed) holds nothing back after readerLiveMs (5 minutes).
    const c = replica(log, 'c');
    await c.sync.markCursor();
    await a.ingest.deleteUser('u20');
    await a.sync.flushed();
    log.clock += 120_000;
    await a.sync.poll();
    expect(log.rows).toHaveLength(1); // c is live and has not read it
    log.clock += 300_000;
    await a.sync.poll();
    expect(log.rows).toHaveLength(0);

    // One that marks but never reads holds the log for at most maxRetainMs (30 minutes), then reloads.
    const d = replica(log, 'd');
    await d.sync.markCursor();
    await a.ingest.deleteUser('u30');
    await a.sync.flushed();
    for (let minute = 1; minute <= 31; minute++) {
      log.clock += 60_000;
      await d.sync.markCursor();
      await a.sync.poll();
    }
    expect(log.rows).toHaveLength(0);
    await d.sync.poll();
    expect(d.gaps()).toBe(1);
  });

  it('a stopped replica forgets its cursor', async () => {
    const log = new MemoryLog();
    const b = replica(log, 'b');
    await b.sync.keepCursor();
    expect([...log.readers.keys()]).toEqual(['b']);
    await b.sync.stop();
    expect(log.readers.size).toBe(0);
  });

  it('pages through more changes than one read returns, and skips kinds it does not know', async () => {
    const log = new MemoryLog();
    const b = replica(log, 'b', 2);
    for (let i = 0; i < 5; i++)
      log.rows.push({ id: `a:${i}`, origin: 'a', seq: i, at: 1_000 + i, kind: 'userDeleted', payload: `["u${i}"]` });
    log.rows.push({ id: 'a:5', origin: 'a', seq: 5, at: 1_010, kind: 'fromTheFuture', payload: '[]' });
    log.rows.push({ id: 'a:6', origin: 'a', seq: 6, at: 1_011, kind: 'userDeleted', payload: 'not json' });
    expect(await b.sync.poll()).toBe(7);
    expect(b.heard).toEqual(['erase:u0', 'erase:u1', 'erase:u2', 'erase:u3', 'erase:u4']);
    expect(b.sync.stats.replayed).toBe(5);
  });
});
