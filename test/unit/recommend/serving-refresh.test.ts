/**
 * The periodic snapshot refresh neither queues a load behind a running one nor starts one before the
 * snapshot has served REFRESH_LOAD_FACTOR times as long as its load took (at 1.76M media a load took
 * 16–18 minutes, and a 5-minute refresh kept the service reloading without pause).
 */
import type { ServingSnapshot } from '../../../src/recommend/snapshot';
import { REFRESH_LOAD_FACTOR, ServingState } from '../../../src/recommend/serving-state';
import { silent } from '../../support/silent-logger';
import { tinyData } from '../ranking/fixtures';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ServingState.refresh', () => {
  const LOAD_MS = 100;
  let loads = 0;
  const state = () =>
    new ServingState({
      load: async (version) => {
        loads++;
        await sleep(LOAD_MS);
        return {
          version,
          loadedAt: Date.now(),
          data: tinyData(),
          userIndex: new Map(),
          itemIndex: new Map(),
        } as ServingSnapshot;
      },
      logger: silent,
      minReloadIntervalMs: 0,
    });
  beforeEach(() => {
    loads = 0;
  });

  it('does not queue a load behind the one running', async () => {
    const s = state();
    const first = s.reload();
    await sleep(10);
    s.refresh();
    s.refresh();
    await first;
    await sleep(LOAD_MS * 2);
    expect(loads).toBe(1);
  });

  it('waits until the snapshot has served its load’s duration times the factor', async () => {
    const s = state();
    await s.reload();
    s.refresh(); // just loaded: too soon
    await sleep(10);
    expect(loads).toBe(1);
    await sleep(LOAD_MS * REFRESH_LOAD_FACTOR + 100);
    s.refresh();
    for (let t = 0; t < 100 && loads < 2; t++) await sleep(10);
    expect(loads).toBe(2);
  });

  it('hands each load the snapshot serving then (whose unchanged text vectors it keeps)', async () => {
    const given: (ServingSnapshot | undefined)[] = [];
    const s = new ServingState({
      load: async (version, previous) => {
        given.push(previous);
        return { version, loadedAt: Date.now(), data: tinyData(), userIndex: new Map(), itemIndex: new Map() };
      },
      logger: silent,
      minReloadIntervalMs: 0,
    });
    await s.reload();
    const first = s.snapshot;
    await s.reload();
    expect(given).toEqual([undefined, first]);
    expect(given[1]).toBe(first);
  });

  it('leaves reloads asked for by writes as they were: queued behind a running load', async () => {
    const s = state();
    const first = s.reload();
    await sleep(10);
    s.scheduleReload();
    await first;
    for (let t = 0; t < 100 && loads < 2; t++) await sleep(10);
    expect(loads).toBe(2);
  });

  it('a reload asked for during a load resolves with the next load, which begins after the call', async () => {
    const s = state();
    const first = s.reload();
    await sleep(10);
    const asked = Date.now();
    const second = s.reload();
    await first;
    expect(s.snapshot.version).toBe(1); // the load that was running when the second call came
    await second;
    expect(loads).toBe(2);
    expect(s.snapshot.version).toBe(2);
    expect(s.snapshot.loadedAt - LOAD_MS).toBeGreaterThanOrEqual(asked);
  });

  it('callers who came during one load share the next one, and stop() releases them', async () => {
    const s = state();
    const first = s.reload();
    await sleep(10);
    await Promise.all([first, s.reload(), s.reload()]);
    expect(loads).toBe(2);
    const running = s.reload();
    await sleep(10);
    const waiting = s.reload();
    s.stop();
    await running;
    await waiting; // resolved by stop(): no further load comes
    await sleep(LOAD_MS * 2);
    expect(loads).toBe(3);
  });

  it('a failed first load rejects the callers who came during it, instead of leaving them waiting', async () => {
    const s = new ServingState({
      load: async () => {
        loads++;
        await sleep(LOAD_MS);
        throw new Error('database down');
      },
      logger: silent,
      minReloadIntervalMs: 0,
    });
    const first = s.reload();
    await sleep(10);
    const second = s.reload();
    await expect(first).rejects.toThrow('database down');
    await expect(second).rejects.toThrow('database down');
    await sleep(LOAD_MS * 2);
    expect(loads).toBe(1);
  });
});
