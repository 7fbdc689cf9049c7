/**
 * Who gets in, before any work: requests in flight per key (a key past its cap gets 429 at once, so a
 * client stalling uploads or flooding heavy queries holds at most `maxConcurrent` bodies and turns), the
 * per-key request bucket, and a bucket of failed authentications per client address (guessing keys is
 * throttled like any other abuse).
 */
import { RateLimiter } from './rate-limit';

export interface AdmissionOptions {
  /** Requests one key may have in flight (0 = no cap). */
  maxConcurrentPerKey: number;
  /** Failed authentications per client address per minute before 429 (0 = no throttle). */
  authFailuresPerMinute: number;
}

export class Admission {
  private readonly inFlight = new Map<string, number>();
  private readonly failures: RateLimiter;

  constructor(private readonly options: AdmissionOptions) {
    const perMinute = options.authFailuresPerMinute;
    this.failures = new RateLimiter({ perMinute, burst: Math.max(1, Math.ceil(perMinute / 2)) });
  }

  /** Takes a slot for the key; the returned release must be called once when the response is done. Null: over the cap. */
  enter(keyId: string): (() => void) | null {
    const n = this.inFlight.get(keyId) ?? 0;
    if (this.options.maxConcurrentPerKey > 0 && n >= this.options.maxConcurrentPerKey) return null;
    this.inFlight.set(keyId, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.inFlight.get(keyId) ?? 1) - 1;
      if (left <= 0) this.inFlight.delete(keyId);
      else this.inFlight.set(keyId, left);
    };
  }

  inFlightOf(keyId: string): number {
    return this.inFlight.get(keyId) ?? 0;
  }

  /** Records a failed authentication from `address`; false once that address is over its allowance. */
  failedAuth(address: string): boolean {
    return this.failures.take(`auth:${address}`);
  }

  retryAfterFailures(address: string): number {
    return this.failures.retryAfter(`auth:${address}`);
  }
}
