/**
 * Round-robin turns for CPU-bound steps (ranking a feed) across API keys. A step first awaits a turn;
 * one turn is granted per event-loop iteration, to the key next in rotation, and the step runs
 * synchronously right after it. So a key with a hundred feeds queued takes one slice, then another
 * key's waiting feed runs, and every client's I/O (new requests, responses) is handled between slices:
 * one request can neither freeze the loop nor starve another key. A turn asked for after its request's
 * deadline is refused, which bounds a request's wall time.
 *
 * Turns alone are not enough: a light client's request (a cached feed) asks for no turn, yet crosses
 * several loop iterations (read, execute, write), and each iteration ran one slice of the heavy key —
 * measured with bench:abuse, 100 query feeds per request lifted a victim's p50 from 3 to 23 ms. So
 * while another key is active (sent a request within `activeMs`), a key's slices may fill at most
 * half of the loop's time: after a slice of t ms its next turn waits t ms, and the loop is free for
 * everyone else's I/O meanwhile. Alone, a key runs at full speed.
 */
import { AppError } from '../domain/errors';
import { KeyActivity } from './key-activity';

interface Waiter {
  resolve(): void;
  reject(error: Error): void;
  deadline: number;
  budgetMs: number;
}

export class DeadlineError extends AppError {
  constructor(budgetMs: number) {
    super('UNAVAILABLE', `the request ran past its time budget of ${budgetMs} ms; ask for less in one request`, {
      reason: 'deadline',
      budgetMs,
    });
    this.name = 'DeadlineError';
  }
}

export interface FairSchedulerOptions {
  /** Epoch ms, for request deadlines. */
  now?: () => number;
  /** Monotonic ms, for slice lengths. */
  clock?: () => number;
  /** A key that sent a request this recently counts as active (default 1000 ms); unused with `activity`. */
  activeMs?: number;
  /** The keys' activity, shared with the database share (api/database-share.ts); default a new one. */
  activity?: KeyActivity;
  /** Told each step's synchronous length (ms) once it ran (metrics). */
  onSlice?: (key: string, ms: number) => void;
}

export class FairScheduler {
  /** Keys with waiting steps, in rotation order (a Map keeps insertion order: served keys go to the back). */
  private readonly queues = new Map<string, Waiter[]>();
  /** A key's next turn is not granted before this (clock ms): the rest of its slice's share. */
  private readonly resting = new Map<string, number>();
  private scheduled = false;
  private readonly now: () => number;
  private readonly clock: () => number;
  private readonly activity: KeyActivity;
  private readonly onSlice: ((key: string, ms: number) => void) | undefined;

  constructor(options: FairSchedulerOptions | (() => number) = {}) {
    const settings = typeof options === 'function' ? { now: options } : options;
    this.now = settings.now ?? Date.now;
    this.clock = settings.clock ?? (() => performance.now());
    this.activity = settings.activity ?? new KeyActivity(settings.activeMs ?? 1000, this.clock);
    this.onSlice = settings.onSlice;
  }

  /** A request from `key` arrived (whether or not it will ask for turns): other keys now share with it. */
  seen(key: string): void {
    this.activity.seen(key);
  }

  /** Resolves when `key` may run one step; rejects with DeadlineError once `deadline` (epoch ms) has passed. */
  turn(key: string, deadline = Infinity, budgetMs = 0): Promise<void> {
    if (this.now() > deadline) return Promise.reject(new DeadlineError(budgetMs));
    return new Promise((resolve, reject) => {
      const queue = this.queues.get(key);
      const waiter = { resolve, reject, deadline, budgetMs };
      if (queue) queue.push(waiter);
      else this.queues.set(key, [waiter]);
      this.schedule();
    });
  }

  /** Steps waiting, over all keys. */
  get waiting(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.length;
    return n;
  }

  private othersActive(key: string, t: number): boolean {
    if (this.activity.othersActive(key, t)) return true;
    for (const k of this.queues.keys()) if (k !== key) return true;
    return false;
  }

  private schedule(): void {
    if (this.scheduled || this.queues.size === 0) return;
    const t = this.clock();
    let wake = Infinity;
    for (const key of this.queues.keys()) wake = Math.min(wake, this.resting.get(key) ?? 0);
    this.scheduled = true;
    if (wake <= t) setImmediate(() => this.dispatch());
    else setTimeout(() => this.dispatch(), Math.ceil(wake - t));
  }

  private dispatch(): void {
    this.scheduled = false;
    const t = this.clock();
    for (const [key, queue] of this.queues) {
      const restUntil = this.resting.get(key);
      if (restUntil !== undefined && restUntil > t) continue;
      this.resting.delete(key);
      this.queues.delete(key);
      const waiter = queue.shift() as Waiter;
      if (queue.length > 0) this.queues.set(key, queue);
      if (this.now() > waiter.deadline) {
        waiter.reject(new DeadlineError(waiter.budgetMs));
      } else {
        waiter.resolve();
        // The step runs in the microtasks right after this callback; this one is queued behind its
        // synchronous part (an awaited native promise queues its continuation on resolve), so it reads
        // the slice's length.
        queueMicrotask(() => {
          const end = this.clock();
          this.onSlice?.(key, end - t);
          if (this.othersActive(key, end)) this.resting.set(key, end + (end - t));
        });
      }
      break;
    }
    // After the slice's microtasks, so that a resting period it earned is seen.
    queueMicrotask(() => this.schedule());
  }
}
