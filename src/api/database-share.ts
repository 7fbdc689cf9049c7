/**
 * A key's fair share of the database. The fair scheduler (api/fair-scheduler.ts) shares the event loop,
 * but a client paging the catalogue as fast as its limits allow spends its time in Neo4j, on the same
 * cores: measured with bench:abuse, eight catalogue pages in flight from one key (each within its cost
 * and rate limits) lifted another key's feed p99 6.4× over idle. So while another key is active
 * (api/key-activity.ts), each key may run at most `perKey` transactions at once; the rest wait in order
 * and start as its own earlier ones finish. Alone, a key is not held back.
 *
 * The caller is known from the request being executed (`within`, set by the HTTP server around a GraphQL
 * request); work outside any request (jobs, prewarming, the change feed) passes. A transaction opened
 * inside an admitted one passes too, so nested work cannot wait on itself.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { WorkGate } from '../domain/ports';
import { KeyActivity } from './key-activity';

interface Caller {
  key: string;
  /** Inside an admitted transaction. */
  admitted: boolean;
}

export class DatabaseShare {
  private readonly caller = new AsyncLocalStorage<Caller>();
  private readonly running = new Map<string, number>();
  private readonly waiting = new Map<string, Array<() => void>>();
  /** Told how long each transaction that had to wait for its key's share waited (for db_share_wait_seconds). */
  onWait: ((key: string, ms: number) => void) | undefined;

  /**
   * @param perKey transactions one key may run at once while another key is active (0 = no limit)
   */
  constructor(
    readonly activity = new KeyActivity(),
    private readonly perKey = 1,
  ) {}

  /** Runs `fn` (and everything it starts) on behalf of `key`. */
  within<T>(key: string, fn: () => T): T {
    return this.caller.run({ key, admitted: false }, fn);
  }

  /** Transactions of `key` running / waiting now. */
  load(key: string): { running: number; waiting: number } {
    return { running: this.running.get(key) ?? 0, waiting: this.waiting.get(key)?.length ?? 0 };
  }

  readonly gate: WorkGate = async (work) => {
    const caller = this.caller.getStore();
    if (!caller || caller.admitted || this.perKey <= 0) return work();
    await this.admit(caller.key);
    try {
      return await this.caller.run({ key: caller.key, admitted: true }, work);
    } finally {
      this.release(caller.key);
    }
  };

  private limit(key: string): number {
    return this.activity.othersActive(key) ? this.perKey : Infinity;
  }

  private admit(key: string): Promise<void> {
    const n = this.running.get(key) ?? 0;
    if (n < this.limit(key) && !this.waiting.has(key)) {
      this.running.set(key, n + 1);
      return Promise.resolve();
    }
    const queued = performance.now();
    return new Promise((resolve) => {
      const admitted = (): void => {
        this.onWait?.(key, performance.now() - queued);
        resolve();
      };
      const queue = this.waiting.get(key);
      if (queue) queue.push(admitted);
      else this.waiting.set(key, [admitted]);
    });
  }

  private release(key: string): void {
    let n = (this.running.get(key) ?? 1) - 1;
    const queue = this.waiting.get(key);
    while (queue && queue.length > 0 && n < this.limit(key)) {
      n++;
      (queue.shift() as () => void)();
    }
    if (queue?.length === 0) this.waiting.delete(key);
    if (n > 0) this.running.set(key, n);
    else this.running.delete(key);
  }
}
