import type { ContextCounts } from '../../../src/domain/ports';
import { ContextHistogramBuilder, readContextHistograms } from '../../../src/pipeline/context-histograms';

const index = new Map([
  ['m1', 0],
  ['m2', 1],
]);
const row = (item: string, hour: number | null, weekday: number | null, device: string | null, n: number) =>
  ({ item, hour, weekday, device, n }) satisfies ContextCounts;

describe('context histograms', () => {
  it('adds each streamed row into its item’s hour, weekday and device counts, devices sorted', async () => {
    const rows = [
      row('m2', 23, 6, 'tv', 2),
      row('m1', 8, null, 'phone', 3),
      row('m1', 8, 1, null, 1),
      row('gone', 1, 1, 'web', 9),
      row('m2', 24, 7, 'phone', 4),
    ];
    const h = await readContextHistograms({ streamContextCounts: async (onRow) => rows.forEach(onRow) }, index);
    expect(h!.devices).toEqual(['phone', 'tv']);
    expect(h!.hour![0 * 24 + 8]).toBe(4);
    expect(h!.hour![1 * 24 + 23]).toBe(2);
    expect(h!.hour!.reduce((s, x) => s + x, 0)).toBe(6);
    expect(Array.from(h!.weekday!)).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
    expect(Array.from(h!.device!)).toEqual([3, 0, 4, 2]);
  });

  it('is absent without rows, and all zeros (one device column) when no row names a known item', () => {
    expect(new ContextHistogramBuilder(index).done()).toBeUndefined();
    const b = new ContextHistogramBuilder(index);
    b.put(row('gone', 3, 3, 'tv', 1));
    const h = b.done()!;
    expect(h.devices).toEqual([]);
    expect(Array.from(h.device!)).toEqual([0, 0]);
    expect(h.hour!.every((x) => x === 0)).toBe(true);
  });
});
