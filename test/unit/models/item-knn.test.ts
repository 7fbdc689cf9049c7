/**
 * item-kNN's neighbour lists (the served ranking's co-engagement) come from a bounded top-k heap
 * (graph/top-k.ts) instead of a full sort of every candidate: the lists must be exactly those of the
 * full sort — the same neighbours, the same order, ties to the lower item id — here checked against a
 * plain sort-everything reference on random worlds with many ties.
 */
import { buildCsr, transposeCsr, type Csr } from '../../../src/graph/csr';
import { TopK } from '../../../src/graph/top-k';
import { itemKnnSimilarity } from '../../../src/models/item-knn';
import { createRng } from '../../../src/models/random';
import type { TrainData } from '../../../src/models/types';

function world(seed: number, users: number, items: number, perUser: number): TrainData {
  const rng = createRng(seed);
  const us: number[] = [];
  const is: number[] = [];
  for (let u = 0; u < users; u++) {
    const seen = new Set<number>();
    const n = 1 + rng.int(perUser);
    while (seen.size < Math.min(n, items)) seen.add(Math.floor(rng.next() * rng.next() * items)); // skewed popularity
    for (const i of seen) {
      us.push(u);
      is.push(i);
    }
  }
  const userItems = buildCsr(users, items, Int32Array.from(us), Int32Array.from(is));
  const social = buildCsr(users, users, new Int32Array(0), new Int32Array(0));
  return { numUsers: users, numItems: items, userItems, itemUsers: transposeCsr(userItems), social };
}

/** The definition, computed the slow way: every candidate scored, sorted, the first k kept. */
function reference(data: TrainData, k: number): [number, number, number][] {
  const out: [number, number, number][] = [];
  const users = (i: number) =>
    new Set(Array.from(data.itemUsers.targets.subarray(data.itemUsers.offsets[i]!, data.itemUsers.offsets[i + 1]!)));
  const sets = Array.from({ length: data.numItems }, (_, i) => users(i));
  for (let j = 0; j < data.numItems; j++) {
    const cand: { i: number; s: number }[] = [];
    for (let i = 0; i < data.numItems; i++) {
      if (i === j) continue;
      let both = 0;
      for (const u of sets[j]!) if (sets[i]!.has(u)) both++;
      if (both > 0) cand.push({ i, s: both / Math.sqrt(sets[i]!.size * sets[j]!.size) });
    }
    cand.sort((x, y) => y.s - x.s || x.i - y.i);
    for (const c of cand.slice(0, k)) out.push([c.i, j, Math.fround(c.s)]);
  }
  return out;
}

function triples(csr: Csr): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let i = 0; i < csr.offsets.length - 1; i++)
    for (let a = csr.offsets[i]!; a < csr.offsets[i + 1]!; a++) out.push([i, csr.targets[a]!, csr.weights[a]!]);
  return out;
}

const byTarget = (t: [number, number, number][]) => [...t].sort((a, b) => a[1] - b[1] || b[2] - a[2] || a[0] - b[0]);

describe('item-kNN neighbour lists by top-k selection', () => {
  it.each([
    [1, 60, 40, 8, 5],
    [2, 120, 30, 12, 3],
    [3, 40, 80, 6, 50],
  ])('seed %i (%i users, %i items, ≤ %i each, k = %i): exactly the full sort’s lists', (seed, users, items, per, k) => {
    const data = world(seed, users, items, per);
    const got = triples(itemKnnSimilarity(data, { neighbours: k }));
    const want = reference(data, k);
    expect(got.length).toBe(want.length);
    expect(byTarget(got)).toEqual(byTarget(want));
  });
});

describe('TopK', () => {
  it('keeps the k best, best first, the lower index on ties, and empties on drain', () => {
    const top = new TopK(3);
    for (const [v, i] of [
      [0.5, 7],
      [0.9, 2],
      [0.5, 1],
      [0.1, 0],
      [0.9, 9],
      [0.5, 3],
    ] as const)
      top.offer(v, i);
    expect(top.drain()).toEqual([
      { index: 2, value: 0.9 },
      { index: 9, value: 0.9 },
      { index: 1, value: 0.5 },
    ]);
    expect(top.length).toBe(0);
    const none = new TopK(0);
    none.offer(1, 1);
    expect(none.drain()).toEqual([]);
  });
});
