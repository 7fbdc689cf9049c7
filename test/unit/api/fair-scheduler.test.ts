import { DeadlineError, FairScheduler } from '../../../src/api/fair-scheduler';
import { RateLimiter } from '../../../src/api/rate-limit';
import { Admission } from '../../../src/api/admission';

describe('fair turns across keys', () => {
  test('a key with many steps queued alternates with another key instead of running all first', async () => {
    // Rotation only: a clock that stands still makes every slice 0 ms, so no key rests (with the real clock
    // a slice the machine happened to slow could make one key rest past the other's: CI saw A V A A once).
    const s = new FairScheduler({ clock: () => 0 });
    const order: string[] = [];
    const steps = [
      ...Array.from({ length: 5 }, () => s.turn('abuser').then(() => order.push('A'))),
      s.turn('victim').then(() => order.push('V')),
      s.turn('victim').then(() => order.push('V')),
    ];
    await Promise.all(steps);
    expect(order.slice(0, 4)).toEqual(['A', 'V', 'A', 'V']);
    expect(order).toHaveLength(7);
  });

  test('I/O callbacks run between turns: one turn per event-loop iteration', async () => {
    const s = new FairScheduler();
    let turns = 0;
    let seenByTimer = -1;
    // Enough turns that they cannot all fit in the timer's first millisecond, however fast the machine.
    const n = 5000;
    const all = Array.from({ length: n }, () => s.turn('k').then(() => turns++));
    setTimeout(() => (seenByTimer = turns), 0);
    await Promise.all(all);
    expect(seenByTimer).toBeGreaterThanOrEqual(0);
    expect(seenByTimer).toBeLessThan(n);
  });

  test('while another key is active, a heavy key fills at most half the loop; alone it runs flat out', async () => {
    let clock = 0;
    const busy = (ms: number): void => {
      clock += ms;
    };
    const s = new FairScheduler({ clock: () => clock, activeMs: 1000 });
    // Alone: five 10 ms slices back to back, no rest between them.
    const alone: number[] = [];
    await Promise.all(Array.from({ length: 5 }, () => s.turn('heavy').then(() => (alone.push(clock), busy(10)))));
    expect(alone).toEqual([0, 10, 20, 30, 40]);
    // Another key sent a request (a cached feed: no turn): each 10 ms slice now earns 10 ms of rest.
    s.seen('light');
    const started: number[] = [];
    const steps = Array.from({ length: 3 }, () => s.turn('heavy').then(() => (started.push(clock), busy(10))));
    // Real time passes (the fake clock does not): polled, so a slow machine only makes the test wait.
    const until = async (done: () => boolean): Promise<void> => {
      for (let waited = 0; !done() && waited < 5000; waited += 5) await new Promise((r) => setTimeout(r, 5));
    };
    await until(() => started.length > 0);
    await new Promise((r) => setTimeout(r, 40));
    expect(started).toEqual([50]); // ran 50–60, rests until 70 while the fake clock stands at 60
    // A light key's step is not held up by the heavy key's rest.
    await expect(s.turn('light').then(() => 'light ran')).resolves.toBe('light ran');
    expect(started).toEqual([50]);
    clock += 10;
    await until(() => started.length > 1);
    expect(started).toEqual([50, 70]);
    clock += 2000; // the rest expires and 'light' goes quiet: no more rests
    await Promise.all(steps);
    expect(started).toEqual([50, 70, 2080]);
  });

  test('a turn past the request deadline is refused with UNAVAILABLE', async () => {
    let now = 1000;
    const s = new FairScheduler(() => now);
    await expect(s.turn('k', 500, 10)).rejects.toBeInstanceOf(DeadlineError);
    const late = s.turn('k', 1500, 10);
    now = 2000;
    await expect(late).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});

describe('cost buckets and admission', () => {
  test('a bucket charges amounts and refills per minute', () => {
    const b = new RateLimiter({ perMinute: 600, burst: 100 });
    expect(b.take('k', 80, 0)).toBe(true);
    expect(b.take('k', 30, 0)).toBe(false);
    expect(b.retryAfter('k', 30)).toBe(1);
    expect(b.take('k', 30, 1000)).toBe(true); // +10 after a second
    // An amount above the burst passes from a full bucket, then the bucket is in debt.
    expect(b.take('big', 250, 0)).toBe(true);
    expect(b.take('big', 1, 10_000)).toBe(false);
  });

  test('a key over its in-flight cap is refused until a slot is released; failed logins are throttled', () => {
    const a = new Admission({ maxConcurrentPerKey: 2, authFailuresPerMinute: 4 });
    const r1 = a.enter('k');
    const r2 = a.enter('k');
    expect(r1 && r2).toBeTruthy();
    expect(a.enter('k')).toBeNull();
    expect(a.enter('other')).not.toBeNull();
    r1!();
    r1!(); // releasing twice frees one slot only
    expect(a.inFlightOf('k')).toBe(1);
    expect(a.enter('k')).not.toBeNull();
    expect(a.enter('k')).toBeNull();
    const results = Array.from({ length: 4 }, () => a.failedAuth('10.0.0.1'));
    expect(results).toEqual([true, true, false, false]);
    expect(a.failedAuth('10.0.0.2')).toBe(true);
  });
});
