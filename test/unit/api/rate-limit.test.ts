import { RateLimiter } from '../../../src/api/rate-limit';

describe('RateLimiter', () => {
  const limiter = () => new RateLimiter({ perMinute: 600, burst: 100 }); // 10 units a second

  test('take spends from a full burst and refuses what is not there', () => {
    const l = limiter();
    expect(l.take('k', 60, 0)).toBe(true);
    expect(l.take('k', 50, 0)).toBe(false);
    expect(l.take('k', 40, 0)).toBe(true);
    expect(l.take('k', 1, 0)).toBe(false);
    expect(l.take('k', 10, 1000)).toBe(true); // one second refills 10
  });

  test('charge spends work already done, down to minus one burst, and spent() says so until the refill', () => {
    const l = limiter();
    expect(l.spent('k', 0)).toBe(false);
    l.charge('k', 1000, 0);
    expect(l.spent('k', 0)).toBe(true);
    expect(l.spent('k', 9_000)).toBe(true); // −100 + 90 < 0
    expect(l.spent('k', 10_500)).toBe(false); // −100 + 105 > 0
    expect(l.retryAfter('k', 1)).toBeGreaterThanOrEqual(1);
    expect(l.spent('other', 0)).toBe(false);
  });

  test('a limiter with no rate never refuses or charges', () => {
    const l = new RateLimiter({ perMinute: 0, burst: 1 });
    l.charge('k', 1e9, 0);
    expect(l.spent('k', 0)).toBe(false);
    expect(l.take('k', 1e9, 0)).toBe(true);
  });
});
