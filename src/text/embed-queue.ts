/**
 * Background embedding of media written through the API, so a new or changed item is understood at
 * once instead of at the next embed-media job. Ids (not texts) are queued: each batch reads the
 * items' current text when it runs, so a burst of edits to one item costs one encoding, and unchanged
 * texts cost none (the caller's `process` skips them by text hash and model id).
 *
 * - bounded: past `capacity` the oldest ids are dropped with a warning (the embed-media job, run by
 *   the scheduler or by hand, still embeds them: it encodes every missing or stale vector);
 * - deduplicated: an id already waiting keeps its place;
 * - batched, one batch at a time (the encoder has the CPU or GPU to itself; ids arriving meanwhile
 *   form the next batch);
 * - a failing batch is retried with exponential backoff (base · 2^attempt, capped) up to
 *   `maxAttempts` times, then dropped with an error log, for the job to catch;
 * - `onStored` runs after each stored batch (serving makes the vectors visible);
 * - `idle()` settles when nothing waits or runs (tests); `stop()` refuses new ids, cuts a backoff
 *   short and waits for the batch in flight.
 */
import type { Logger } from '../logging/logger';

export interface EmbedQueueOptions {
  /** Embeds and stores the vectors of these media; resolves to the ids whose vectors were written. */
  process: (ids: string[]) => Promise<readonly string[]>;
  /** After a batch wrote vectors (e.g. reload the serving snapshot); errors are logged. */
  onStored?: (ids: readonly string[]) => void;
  logger: Pick<Logger, 'debug' | 'warn' | 'error'>;
  capacity?: number;
  batchSize?: number;
  maxAttempts?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
}

export const EMBED_QUEUE_DEFAULTS = {
  capacity: 10_000,
  batchSize: 32,
  maxAttempts: 5,
  retryBaseMs: 500,
  retryMaxMs: 30_000,
};

export interface EmbedQueueStats {
  /** Ids waiting now. */
  waiting: number;
  /** Ids whose vectors were written. */
  stored: number;
  /** Ids dropped because the queue was full. */
  dropped: number;
  /** Ids given up on after maxAttempts failed tries. */
  failed: number;
}

export class EmbedQueue {
  private readonly settings: Required<Omit<EmbedQueueOptions, 'onStored'>> & Pick<EmbedQueueOptions, 'onStored'>;
  /** Insertion-ordered: FIFO and dedupe in one structure. */
  private readonly waiting = new Set<string>();
  private running: Promise<void> | null = null;
  private stopped = false;
  private wake: (() => void) | null = null;
  private counts = { stored: 0, dropped: 0, failed: 0 };

  constructor(options: EmbedQueueOptions) {
    this.settings = { ...EMBED_QUEUE_DEFAULTS, ...options };
    for (const key of ['capacity', 'batchSize', 'maxAttempts'] as const) {
      if (!(Number.isInteger(this.settings[key]) && this.settings[key] >= 1))
        throw new RangeError(`${key} must be an integer ≥ 1 (got ${this.settings[key]})`);
    }
  }

  get stats(): EmbedQueueStats {
    return { waiting: this.waiting.size, ...this.counts };
  }

  enqueue(ids: readonly string[]): void {
    if (this.stopped) return;
    let dropped = 0;
    for (const id of ids) {
      if (this.waiting.has(id)) continue;
      if (this.waiting.size >= this.settings.capacity) {
        this.waiting.delete(this.waiting.values().next().value as string);
        dropped++;
      }
      this.waiting.add(id);
    }
    if (dropped > 0) {
      this.counts.dropped += dropped;
      this.settings.logger.warn('embed queue full: dropped the oldest media ids; the embed-media job will embed them', {
        dropped,
        capacity: this.settings.capacity,
      });
    }
    this.kick();
  }

  /** Settles when no id waits and no batch runs (or the queue is stopped). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Takes no more ids, ends a backoff wait, waits for the batch in flight; waiting ids are left to the job. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.idle();
    if (this.waiting.size > 0) {
      this.settings.logger.warn('embed queue stopped with media not embedded; the embed-media job will embed them', {
        waiting: this.waiting.size,
      });
      this.waiting.clear();
    }
  }

  private kick(): void {
    if (this.running || this.stopped || this.waiting.size === 0) return;
    // An id enqueued between the loop's last check and this callback starts the next loop.
    this.running = this.drain().finally(() => {
      this.running = null;
      this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (!this.stopped && this.waiting.size > 0) {
      const batch: string[] = [];
      for (const id of this.waiting) {
        batch.push(id);
        if (batch.length === this.settings.batchSize) break;
      }
      for (const id of batch) this.waiting.delete(id);
      await this.run(batch);
    }
  }

  private async run(batch: string[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const started = Date.now();
      try {
        const stored = await this.settings.process(batch);
        this.counts.stored += stored.length;
        this.settings.logger.debug('embedded media on upsert', {
          batch: batch.length,
          stored: stored.length,
          ms: Date.now() - started,
        });
        if (stored.length > 0) this.notify(stored);
        return;
      } catch (error) {
        const message = (error as Error).message;
        if (attempt >= this.settings.maxAttempts || this.stopped) {
          this.counts.failed += batch.length;
          this.settings.logger.error('could not embed media text; giving up, the embed-media job will embed them', {
            media: batch.length,
            attempts: attempt,
            error: message,
            err: error,
          });
          return;
        }
        const waitMs = Math.min(this.settings.retryMaxMs, this.settings.retryBaseMs * 2 ** (attempt - 1));
        this.settings.logger.warn('could not embed media text; retrying', {
          media: batch.length,
          attempt,
          retryInMs: waitMs,
          error: message,
        });
        await this.sleep(waitMs);
        if (this.stopped) {
          this.counts.failed += batch.length;
          return;
        }
      }
    }
  }

  private notify(ids: readonly string[]): void {
    try {
      this.settings.onStored?.(ids);
    } catch (error) {
      this.settings.logger.error('embed queue: onStored failed', { error: (error as Error).message, err: error });
    }
  }

  /** A backoff wait that stop() ends early. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      this.wake = done;
    });
  }
}
