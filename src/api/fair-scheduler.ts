/**
 * Round-robin turns for CPU-bound steps (ranking a feed) across API keys. A step first awaits a turn;
 * one turn is granted per event-loop iteration, to the key next in rotation, and the step runs
 * synchronously right after it. So a key with a hundred feeds queued takes one slice, then another
 * key's waiting feed runs, and every client's I/O (new requests, responses) is handled between slices:
 * one request can neither freeze the loop nor starve another key. A turn asked for after its request's
 * deadline is refused, which bounds a request's wall time.
 */
import { AppError } from '../domain/errors';

interface Waiter {
  resolve(): void;
  reject(error: Error): void;
  deadline: number;
  budgetMs: number;
}

export class DeadlineError extends AppError {
  constructor(budgetMs: number) {
    super('UNAVAILABLE', `the request ran past its time budget of ${budgetMs} ms; ask for less in one request`, { reason: 'deadline', budgetMs });
    this.name = 'DeadlineError';
  }
}

export class FairScheduler {
  /** Keys with waiting steps, in rotation order (a Map keeps insertion order: served keys go to the back). */
  private readonly queues = new Map<string, Waiter[]>();
  private scheduled = false;

  constructor(private readonly now: () => number = Date.now) {}

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

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.dispatch());
  }

  private dispatch(): void {
    this.scheduled = false;
    const next = this.queues.entries().next();
    if (next.done) return;
    const [key, queue] = next.value;
    this.queues.delete(key);
    const waiter = queue.shift() as Waiter;
    if (queue.length > 0) this.queues.set(key, queue);
    if (this.now() > waiter.deadline) waiter.reject(new DeadlineError(waiter.budgetMs));
    else waiter.resolve();
    if (this.queues.size > 0) this.schedule();
  }
}
