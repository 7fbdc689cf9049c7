/**
 * Holds the current serving snapshot and the real-time overlay on top of it. New interactions are
 * folded into the user's state at once (the item drops out as engaged, the online vectors move toward
 * it), without retraining; new media, follows and jobs trigger a coalesced reload from Neo4j. Events
 * recorded while a reload runs are re-folded onto the new snapshot, so none is lost in the swap.
 */
import type { InteractionRow } from '../domain/validation';
import type { Logger } from '../logging/logger';
import { emptyUserState, foldInteraction, userStateFromData, type UserState } from '../ranking/user-state';
import type { ServingSnapshot } from './snapshot';

interface OverlayEvent {
  userId: string;
  mediaId: string;
  weight: number;
  at: number;
  recordedAt: number;
}

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A periodic refresh waits until the snapshot has served this many times its load's duration (loads ≤ 1/4 of the time). */
export const REFRESH_LOAD_FACTOR = 3;

export interface ServingStateOptions {
  /** The next snapshot; `previous` is the one serving now (what it holds may be kept). */
  load: (version: number, previous?: ServingSnapshot) => Promise<ServingSnapshot>;
  logger: Logger;
  /** Least time between two reloads; requests in between are coalesced. */
  minReloadIntervalMs: number;
}

export class ServingState {
  private snap: ServingSnapshot | null = null;
  private events: OverlayEvent[] = [];
  private states = new Map<string, UserState>();
  private versions = new Map<string, number>();
  /** Users erased since the snapshot was read (they vanish from it at the next reload). */
  private erased = new Map<string, number>();
  private reloading: Promise<void> | null = null;
  /** Callers who came while a load ran: they wait for the next load, which begins after their call (set:
   * that load is due, scheduled when the running one ends). */
  private next: Deferred | null = null;
  private lastReload = 0;
  /** How long the last successful load took (ms). */
  private lastLoadMs = 0;
  private timer: NodeJS.Timeout | null = null;
  private listeners: ((s: ServingSnapshot) => void)[] = [];

  constructor(private readonly options: ServingStateOptions) {}

  get snapshot(): ServingSnapshot {
    if (!this.snap) throw new Error('serving snapshot not loaded yet');
    return this.snap;
  }

  get ready(): boolean {
    return this.snap !== null;
  }

  onSwap(listener: (s: ServingSnapshot) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Loads now. During a load it waits for the next one (scheduled after it, at the reload interval):
   * the load in progress may have begun before the caller's writes, and a caller awaiting
   * reload() expects a snapshot that holds them (an e2e setup once saw a follow missing after joining one).
   */
  async reload(): Promise<void> {
    if (this.reloading) {
      this.next ??= deferred();
      return this.next.promise;
    }
    const waiting = this.takeNext();
    const started = Date.now();
    // This load covers any reload that was scheduled before it.
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.reloading = (async () => {
      try {
        const next = await this.options.load((this.snap?.version ?? 0) + 1, this.snap ?? undefined);
        // Events recorded after the load began may be missing from it: keep and re-fold them.
        this.events = this.events.filter((e) => e.recordedAt >= started);
        for (const [id, at] of this.erased) if (at < started) this.erased.delete(id);
        this.snap = next;
        this.states.clear();
        this.versions.clear();
        for (const e of this.events) this.fold(e);
        this.lastReload = Date.now();
        this.lastLoadMs = this.lastReload - started;
        this.options.logger.info('serving snapshot loaded', {
          version: next.version,
          users: next.data.numUsers,
          media: next.data.numItems,
          ms: Date.now() - started,
        });
        for (const l of this.listeners) l(next);
      } catch (error) {
        this.options.logger.error('serving snapshot reload failed', { error: (error as Error).message, err: error });
        if (!this.snap) throw error;
      } finally {
        this.reloading = null;
      }
    })();
    try {
      await this.reloading;
    } catch (error) {
      // A failed first load (no snapshot) schedules nothing: whoever waits for a load learns of it now.
      waiting?.reject(error);
      this.takeNext()?.reject(error);
      throw error;
    }
    waiting?.resolve();
    if (this.next) this.scheduleReload();
  }

  /**
   * The periodic refresh (SNAPSHOT_REFRESH_SEC): skipped while a load runs or is scheduled (that load reads
   * the latest data), and until the last snapshot has served REFRESH_LOAD_FACTOR times as long as its load
   * took. At 1.76M media a load took 16–18 minutes: every 5-minute refresh queued another load behind the
   * running one, so the service reloaded without pause, holding two snapshots and its CPU busy.
   */
  refresh(): void {
    if (this.reloading) return; // a scheduled reload is kept by scheduleReload itself
    if (Date.now() - this.lastReload < REFRESH_LOAD_FACTOR * this.lastLoadMs) return;
    this.scheduleReload();
  }

  /** Coalesced reload: at most one per minReloadIntervalMs; `urgent` (an erasure) reloads without waiting. */
  scheduleReload(urgent = false): void {
    if (this.timer && !urgent) return;
    if (this.timer) clearTimeout(this.timer);
    const wait = urgent ? 0 : Math.max(0, this.options.minReloadIntervalMs - (Date.now() - this.lastReload));
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.reload();
    }, wait);
    this.timer.unref();
  }

  recordInteractions(rows: readonly InteractionRow[]): void {
    const now = Date.now();
    for (const r of rows) {
      const e = { userId: r.userId, mediaId: r.mediaId, weight: r.weight, at: Date.parse(r.at), recordedAt: now };
      this.events.push(e);
      if (this.snap) this.fold(e);
    }
    // An item missing from the snapshot (media created since) needs a reload to be folded in.
    if (this.snap && rows.some((r) => !this.snap!.itemIndex.has(r.mediaId))) this.scheduleReload();
  }

  isErased(userId: string): boolean {
    return this.erased.has(userId);
  }

  /** Whether any user was erased since the snapshot was loaded (answers must then be filtered). */
  get hasErasures(): boolean {
    return this.erased.size > 0;
  }

  forgetUser(userId: string): void {
    this.erased.set(userId, Date.now());
    this.events = this.events.filter((e) => e.userId !== userId);
    this.states.delete(userId);
    this.bump(userId);
  }

  /** Changes whenever the user's state does (with the snapshot version, a key for cached feeds). */
  userVersion(userId: string): number {
    return this.versions.get(userId) ?? 0;
  }

  /** The user's feed inputs changed outside their events (impressions): cached feeds and results of theirs are stale. */
  touchUser(userId: string): void {
    this.bump(userId);
  }

  private bump(userId: string): void {
    this.versions.set(userId, this.userVersion(userId) + 1);
  }

  /** The user's state: snapshot history plus every event folded since. */
  userState(userId: string): UserState {
    const cached = this.states.get(userId);
    if (cached) return cached;
    const snap = this.snapshot;
    const u = snap.userIndex.get(userId);
    return u === undefined ? emptyUserState(null) : userStateFromData(snap.data, u);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // No further load will come: none follows the one running, and nobody waits for one.
    this.takeNext()?.resolve();
  }

  /** The callers waiting for the next load, handed over (a load begins, fails, or never comes). */
  private takeNext(): Deferred | null {
    const next = this.next;
    this.next = null;
    return next;
  }

  private fold(e: OverlayEvent): void {
    const item = this.snap!.itemIndex.get(e.mediaId);
    if (item === undefined) {
      this.bump(e.userId); // the feed must still change once the reload brings the item in
      return;
    }
    this.states.set(e.userId, foldInteraction(this.userState(e.userId), item, e.weight, e.at));
    this.bump(e.userId);
  }
}
