import { initBackend } from '../../../src/models/backend';
import { fitEase } from '../../../src/models/ease';
import { spdInverse } from '../../../src/models/linalg';
import { localEase } from '../../../src/models/local-ease';
import { itemSet, type SparseRows } from '../../../src/models/sparse-item-item';
import type { TrainData } from '../../../src/models/types';
import { pairsData } from './pairs-data';

/** XᵀX over the model positions. */
function gramOf(data: TrainData, position: Int32Array, m: number): number[][] {
  const g = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  for (let u = 0; u < data.numUsers; u++) {
    const mine = Array.from(data.userItems.targets.subarray(data.userItems.offsets[u], data.userItems.offsets[u + 1]))
      .map((i) => position[i]!)
      .filter((p) => p >= 0);
    for (const a of mine) for (const b of mine) g[a]![b]! += 1;
  }
  return g;
}

/** Column j of B as a map source position → weight. */
function column(rows: SparseRows, m: number, j: number): Map<number, number> {
  const out = new Map<number, number>();
  for (let s = 0; s < m; s++)
    for (let e = rows.offsets[s]!; e < rows.offsets[s + 1]!; e++)
      if (rows.targets[e] === j) out.set(s, rows.weights[e]!);
  return out;
}

describe('local EASE (EASE on each item’s nearest neighbours)', () => {
  test('each column is the ridge regression of the item onto its k most cosine-similar items', () => {
    const data = pairsData(7, 40, 14, 4);
    const { items, position } = itemSet(data, 2);
    const m = items.length;
    const k = 4;
    const lambda = 3;
    const g = gramOf(data, position, m);
    const rows = localEase(data, items, position, { neighbours: k, gramNeighbours: m, lambda });
    let columns = 0;
    for (let j = 0; j < m; j++) {
      // Candidates: items sharing a user with j, most similar first, lower position on ties.
      const near = [...Array(m).keys()]
        .filter((d) => d !== j && g[j]![d]! > 0)
        .sort((a, b) => g[j]![b]! / Math.sqrt(g[b]![b]!) - g[j]![a]! / Math.sqrt(g[a]![a]!) || a - b)
        .slice(0, k);
      const got = column(rows, m, j);
      expect([...got.keys()].sort((a, b) => a - b)).toEqual([...near].sort((a, b) => a - b));
      if (near.length === 0) continue;
      const s = near.length;
      const a = new Float64Array(s * s);
      for (let x = 0; x < s; x++)
        for (let y = 0; y < s; y++) a[x * s + y] = g[near[x]!]![near[y]!]! + (x === y ? lambda : 0);
      const inv = spdInverse(a, s);
      near.forEach((d, x) => {
        let want = 0;
        for (let y = 0; y < s; y++) want += inv[x * s + y]! * g[near[y]!]![j]!;
        expect(got.get(d)!).toBeCloseTo(want, 5);
      });
      columns++;
    }
    expect(columns).toBeGreaterThan(m / 2);
  });

  test('with every item in each neighbourhood it is EASE: the same B as the dense fit', async () => {
    await initBackend({ preferred: 'cpu' });
    const data = pairsData(3, 30, 10, 4, true);
    const dense = fitEase(data, { lambda: 5, minUsers: 2 });
    const m = dense.items.length;
    expect(m).toBe(10);
    const rows = localEase(data, dense.items, dense.position, { neighbours: m, gramNeighbours: m, lambda: 5 });
    for (let j = 0; j < m; j++) {
      const got = column(rows, m, j);
      expect(got.size).toBe(m - 1);
      for (let i = 0; i < m; i++) if (i !== j) expect(got.get(i)!).toBeCloseTo(dense.weights[i * m + j]!, 4);
    }
  });

  test('a Gram read from pruned rows still gives finite weights on at most k items per column', () => {
    const data = pairsData(11, 60, 30, 6);
    const { items, position } = itemSet(data, 2);
    const m = items.length;
    const rows = localEase(data, items, position, { neighbours: 8, gramNeighbours: 8, lambda: 1 });
    const perColumn = new Int32Array(m);
    for (let e = 0; e < rows.targets.length; e++) {
      expect(Number.isFinite(rows.weights[e]!)).toBe(true);
      perColumn[rows.targets[e]!]!++;
    }
    expect(Math.max(...perColumn)).toBeLessThanOrEqual(8);
    expect(rows.targets.length).toBeGreaterThan(m * 4);
  });
});
