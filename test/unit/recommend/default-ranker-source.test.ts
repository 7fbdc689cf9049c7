/** The serving side's default ranker: standardised on the snapshot, re-measured when the data moves. */
import { buildCsr, transposeCsr } from '../../../src/graph/csr';
import { REFERENCE_STATS } from '../../../src/ranking/default-ranker';
import { buildRankingData } from '../../../src/ranking/ranking-data';
import { DefaultRankerSource } from '../../../src/recommend/default-ranker-source';
import { tinyData, tinyTrain } from '../ranking/fixtures';

/** The tiny world's users and items, before any engagement (a service started on an empty catalogue). */
function withoutEngagements() {
  const t = tinyTrain();
  const empty = buildCsr(t.numUsers, t.numItems, new Int32Array(0), new Int32Array(0), new Float32Array(0));
  return buildRankingData({ ...t, userItems: empty, itemUsers: transposeCsr(empty) });
}

describe('DefaultRankerSource', () => {
  it('with nothing to measure, uses the reference statistics and measures again next time', () => {
    const source = new DefaultRankerSource();
    const cold = source.forData(withoutEngagements());
    expect(source.stats!.users).toBe(0);
    expect(cold.mean).toEqual([...REFERENCE_STATS.mean]);
    expect(cold.std).toEqual([...REFERENCE_STATS.std]);
    // Same users and items, now with engagements: measured, not the stale statistics kept.
    const warm = source.forData(tinyData());
    expect(source.stats!.users).toBeGreaterThan(0);
    expect(warm.mean).not.toEqual(cold.mean);
  });

  it('keeps the statistics while the data stays put, and re-measures when it moves', () => {
    const source = new DefaultRankerSource();
    const data = tinyData();
    const first = source.forData(data, 1000);
    expect(source.forData(tinyData(), 2000)).toBe(first);
    // An hour later, or once graph vectors appear or change dimension, they are measured again.
    expect(source.forData(data, 1000 + 3_600_001)).not.toBe(first);
    const noGraph = tinyData({ graph: undefined });
    delete (noGraph as { graph?: unknown }).graph;
    expect(source.forData(noGraph, 1000 + 3_600_002)).not.toBe(first);
  });

  it('measures in steps that give the event loop its turns, to the same ranker, and keeps it as forData does', async () => {
    const data = tinyData();
    const expected = new DefaultRankerSource().forData(data, 1000);
    const source = new DefaultRankerSource();
    let turns = 0;
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const measured = await source.measure(data, {
      now: 1000,
      between: async () => {
        turns++;
        await new Promise((resolve) => setTimeout(resolve, 1));
      },
    });
    clearInterval(timer);
    expect(measured).toEqual(expected);
    // A step per catalogue pass and one per user: the event loop ran other work between them.
    expect(turns).toBeGreaterThan(source.stats!.users);
    expect(ticks).toBeGreaterThan(0);
    expect(await source.measure(data, { now: 2000 })).toBe(measured);
    expect(source.forData(data, 2000)).toBe(measured);
  });
});
