import { DatabaseShare } from '../../../src/api/database-share';
import { KeyActivity } from '../../../src/api/key-activity';

/** A transaction that runs until released, recording how many of its key run at once. */
function transactions(share: DatabaseShare) {
  let running = 0;
  let peak = 0;
  const releases: Array<() => void> = [];
  const start = (key: string): Promise<number> =>
    share.within(key, () =>
      share.gate(
        () =>
          new Promise<number>((resolve) => {
            running++;
            peak = Math.max(peak, running);
            releases.push(() => {
              running--;
              resolve(running);
            });
          }),
      ),
    );
  return { start, releases, peak: () => peak, running: () => running };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('each key’s share of the database', () => {
  /** Starts `n` transactions of `heavy` with the given keys active; resolves with how many ran at once. */
  async function atOnce(share: DatabaseShare, active: string[], n: number): Promise<number> {
    for (const key of active) share.activity.seen(key);
    const t = transactions(share);
    const done = Array.from({ length: n }, () => t.start('heavy'));
    await tick();
    const running = t.running();
    t.releases.forEach((r) => r());
    await Promise.all(done);
    return running;
  }

  test('alone, a key runs all its transactions at once', async () => {
    expect(await atOnce(new DatabaseShare(new KeyActivity(), 1), ['heavy'], 5)).toBe(5);
  });

  test('while another key is active, a key runs one transaction at a time, in order, and the other key is not held', async () => {
    const share = new DatabaseShare(new KeyActivity(), 1);
    const waited: string[] = [];
    share.onWait = (key, ms) => {
      expect(ms).toBeGreaterThanOrEqual(0);
      waited.push(key);
    };
    share.activity.seen('heavy');
    share.activity.seen('light');
    const t = transactions(share);
    const order: number[] = [];
    const heavy = Array.from({ length: 4 }, (_, i) => t.start('heavy').then(() => order.push(i)));
    await tick();
    expect(t.running()).toBe(1);
    expect(share.load('heavy')).toEqual({ running: 1, waiting: 3 });
    // The light key's transaction starts at once, beside the heavy key's one.
    const light = t.start('light');
    await tick();
    expect(t.running()).toBe(2);
    expect(share.load('light')).toEqual({ running: 1, waiting: 0 });
    for (let i = 0; i < 5; i++) {
      t.releases.shift()?.();
      await tick();
    }
    await Promise.all([...heavy, light]);
    expect(order).toEqual([0, 1, 2, 3]);
    expect(t.peak()).toBe(2);
    // The three heavy transactions that queued were reported (db_share_wait_seconds); the others were not.
    expect(waited).toEqual(['heavy', 'heavy', 'heavy']);
    expect(share.load('heavy')).toEqual({ running: 0, waiting: 0 });
  });

  test('a transaction opened inside an admitted one is not queued behind it; work outside any request passes', async () => {
    const share = new DatabaseShare(new KeyActivity(), 1);
    share.activity.seen('a');
    share.activity.seen('b');
    const nested = await share.within('a', () => share.gate(() => share.gate(async () => share.load('a').running)));
    expect(nested).toBe(1);
    expect(await share.gate(async () => 'offline')).toBe('offline');
    expect(share.load('a')).toEqual({ running: 0, waiting: 0 });
  });

  test('a failing transaction frees its slot', async () => {
    const share = new DatabaseShare(new KeyActivity(), 1);
    share.activity.seen('a');
    share.activity.seen('b');
    const failing = share.within('a', () => share.gate(() => Promise.reject(new Error('boom'))));
    const next = share.within('a', () => share.gate(async () => 'ran'));
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ran');
  });

  test('perKey 0 turns the share off', async () => {
    expect(await atOnce(new DatabaseShare(new KeyActivity(), 0), ['heavy', 'light'], 3)).toBe(3);
  });
});
