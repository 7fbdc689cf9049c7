/** fused's EASE model: dense EASE where it fits, local EASE past it, behind one interface. */
import { initBackend } from '../../../../src/models/backend';
import { fitEase } from '../../../../src/models/ease';
import { localEaseGraphs } from '../../../../src/models/local-ease';
import { itemSet } from '../../../../src/models/sparse-item-item';
import type { Csr } from '../../../../src/graph/csr';
import {
  denseItemModel,
  fitFusedItemModel,
  fusedItemKind,
  localItemModel,
  type FusedItemModelOptions,
} from '../../../../src/eval/fused/fused-item-model';
import { pairsData } from '../../models/pairs-data';

const options = (model: string, neighbours = 50): FusedItemModelOptions => ({
  model,
  lambda: 5,
  minUsers: 2,
  maxDenseMB: 3584,
  neighbours,
  gramNeighbours: Math.max(200, neighbours),
});

function rowOf(csr: Csr, i: number): Map<number, number> {
  const out = new Map<number, number>();
  for (let e = csr.offsets[i]!; e < csr.offsets[i + 1]!; e++) out.set(csr.targets[e]!, csr.weights[e]!);
  return out;
}

/** (target, weight) entries in the CSR's order (by target). */
function byTarget(entries: (readonly [number, number])[]): [number, number][] {
  return entries.map(([t, w]): [number, number] => [t, w]).sort((a, b) => a[0] - b[0]);
}

describe("fused's EASE model", () => {
  beforeAll(async () => {
    await initBackend({ preferred: 'cpu' });
  });

  test("local: a user's row is the sum of B's rows over their items, and covers B's item set only", () => {
    const data = pairsData(3, 60, 30, 5);
    const signed = localEaseGraphs(data, 2, { neighbours: 6, gramNeighbours: 12, lambda: 5 }).signed;
    const { position } = itemSet(data, 2);
    const model = localItemModel(signed, position);
    for (let u = 0; u < data.numUsers; u++) {
      const want = new Float64Array(data.numItems);
      for (let k = data.userItems.offsets[u]!; k < data.userItems.offsets[u + 1]!; k++)
        for (const [t, w] of rowOf(signed, data.userItems.targets[k]!)) want[t]! += w;
      const got = model.row(data.userItems, u, data.numItems);
      for (let i = 0; i < data.numItems; i++) expect(got[i]).toBeCloseTo(want[i]!, 5);
    }
    for (let i = 0; i < data.numItems; i++) {
      const users = data.itemUsers.offsets[i + 1]! - data.itemUsers.offsets[i]!;
      expect(model.covers(i)).toBe(users >= 2);
    }
  });

  test('topPositive keeps each row’s n largest positive weights', () => {
    const data = pairsData(4, 80, 30, 12);
    const signed = localEaseGraphs(data, 2, { neighbours: 8, gramNeighbours: 16, lambda: 1 }).signed;
    const top = localItemModel(signed, itemSet(data, 2).position).topPositive(data.numItems, 3);
    let negatives = 0;
    for (let i = 0; i < data.numItems; i++) {
      const all = [...rowOf(signed, i)].filter(([, w]) => w > 0).sort((a, b) => b[1] - a[1] || a[0] - b[0]);
      negatives += rowOf(signed, i).size - all.length;
      expect([...rowOf(top, i)]).toEqual(byTarget(all.slice(0, 3)));
    }
    expect(negatives).toBeGreaterThan(0); // the cut drops B's negative weights
  });

  test('with every item in its neighbourhood, local EASE serves the rows dense EASE does', () => {
    const data = pairsData(5, 50, 16, 5, true);
    const dense = fitFusedItemModel(data, options('dense'));
    const local = fitFusedItemModel(data, options('local', 15));
    expect([dense.kind, local.kind]).toEqual(['dense', 'local']);
    for (let u = 0; u < data.numUsers; u++) {
      const want = dense.row(data.userItems, u, data.numItems);
      const got = local.row(data.userItems, u, data.numItems);
      for (let i = 0; i < data.numItems; i++) expect(got[i]).toBeCloseTo(want[i]!, 3);
    }
    const d = dense.topPositive(data.numItems, 4);
    const l = local.topPositive(data.numItems, 4);
    for (let i = 0; i < data.numItems; i++) expect([...rowOf(l, i).keys()]).toEqual([...rowOf(d, i).keys()]);
  });

  test('dense: reuses a given EASE, and its cut equals the dense rows’ top positives', () => {
    const data = pairsData(6, 40, 12, 4);
    const ease = fitEase(data, { lambda: 5, minUsers: 2 });
    const model = fitFusedItemModel(data, options('auto'), ease);
    expect(model.kind).toBe('dense');
    const m = ease.items.length;
    const top = model.topPositive(data.numItems, 2);
    for (let a = 0; a < m; a++) {
      const want = Array.from({ length: m }, (_, c) => [ease.items[c]!, ease.weights[a * m + c]!] as const)
        .filter(([, w]) => w > 0)
        .sort((x, y) => y[1] - x[1] || x[0] - y[0])
        .slice(0, 2);
      expect([...rowOf(top, ease.items[a]!)]).toEqual(byTarget(want));
    }
    expect(denseItemModel(ease).covers(ease.items[0]!)).toBe(true);
  });

  test("'auto' is dense where EASE fits maxDenseMB and local past it", () => {
    const data = pairsData(7, 40, 12, 4);
    expect(fusedItemKind(data, options('auto'))).toBe('dense');
    expect(fusedItemKind(data, { ...options('auto'), maxDenseMB: 0 })).toBe('local');
    expect(fusedItemKind(data, { ...options('dense'), maxDenseMB: 0 })).toBe('dense');
  });
});
