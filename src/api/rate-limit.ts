/**
 * Per-key token buckets: each caller may burst up to `burst` units and is refilled at `perMinute`/60 per
 * second. A unit is a request for the request bucket, or a unit of estimated query cost for the cost
 * bucket (query-cost.ts), so a request of a hundred aliased feeds pays for a hundred feeds. Buckets idle
 * for long are dropped so memory stays bounded.
 */
export interface RateLimitOptions {
  perMinute: number;
  burst: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly options: RateLimitOptions) {}

  /**
   * True when `amount` units may be spent now. An amount larger than the burst is allowed from a full
   * bucket (the bucket then goes negative and refills), so no single allowed request is refused forever.
   */
  take(id: string, amount = 1, now = Date.now()): boolean {
    if (this.options.perMinute <= 0) return true;
    const b = this.refilled(id, now);
    const needed = Math.min(amount, this.options.burst);
    if (b.tokens < needed) return false;
    b.tokens -= amount;
    return true;
  }

  /**
   * Spends `amount` units whether or not they are there (work already done, e.g. parsing a query that was
   * then refused): the bucket may go down to −burst, so the key waits for its refill before more work.
   */
  charge(id: string, amount: number, now = Date.now()): void {
    if (this.options.perMinute <= 0) return;
    const b = this.refilled(id, now);
    b.tokens = Math.max(-this.options.burst, b.tokens - amount);
  }

  /** True while the key has no units left: its next request would be refused, so it need not be read. */
  spent(id: string, now = Date.now()): boolean {
    return this.options.perMinute > 0 && this.refilled(id, now).tokens <= 0;
  }

  /** Seconds until `amount` units are back (at most a burst's worth is ever needed). */
  retryAfter(id: string, amount = 1): number {
    const b = this.buckets.get(id);
    const needed = Math.min(amount, this.options.burst);
    return b ? Math.max(1, Math.ceil(((needed - b.tokens) * 60) / this.options.perMinute)) : 1;
  }

  private refilled(id: string, now: number): { tokens: number; at: number } {
    const b = this.buckets.get(id) ?? { tokens: this.options.burst, at: now };
    b.tokens = Math.min(this.options.burst, b.tokens + ((now - b.at) / 60_000) * this.options.perMinute);
    b.at = now;
    this.buckets.set(id, b);
    if (this.buckets.size > 10_000) this.sweep(now);
    return b;
  }

  private sweep(now: number): void {
    for (const [id, b] of this.buckets) if (now - b.at > 10 * 60_000) this.buckets.delete(id);
  }
}
