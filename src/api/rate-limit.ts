/**
 * Per-key token buckets: each caller may burst up to `burst` requests and is refilled at
 * `perMinute`/60 per second. Buckets idle for long are dropped so memory stays bounded.
 */
export interface RateLimitOptions {
  perMinute: number;
  burst: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly o: RateLimitOptions) {}

  /** True when the request may proceed. */
  take(id: string, now = Date.now()): boolean {
    if (this.o.perMinute <= 0) return true;
    const b = this.buckets.get(id) ?? { tokens: this.o.burst, at: now };
    b.tokens = Math.min(this.o.burst, b.tokens + ((now - b.at) / 60_000) * this.o.perMinute);
    b.at = now;
    this.buckets.set(id, b);
    if (this.buckets.size > 10_000) this.sweep(now);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  /** Seconds until one token is back. */
  retryAfter(id: string): number {
    const b = this.buckets.get(id);
    return b ? Math.max(1, Math.ceil(((1 - b.tokens) * 60) / this.o.perMinute)) : 1;
  }

  private sweep(now: number): void {
    for (const [id, b] of this.buckets) if (now - b.at > 10 * 60_000) this.buckets.delete(id);
  }
}
