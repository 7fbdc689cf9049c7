/**
 * user-kNN's neighbour lists (graph-ease's user component) against a plain reference: every pair's
 * cosine over item sets computed directly, sorted, the k best kept (ties to the lower user index);
 * and a user's row is the similarity-weighted count of the neighbours' items.
 */
import { buildCsr } from '../../../src/graph/csr';
import { initBackend } from '../../../src/models/backend';
import { GraphEase } from '../../../src/models/graph-ease';
import { itemSet } from '../../../src/models/sparse-item-item';
import { userKnnRow, userNeighbours } from '../../../src/models/user-knn-rows';
import { pairsData } from './pairs-data';

function reference(data: ReturnType<typeof pairsData>, u: number, k: number): { v: number; sim: number }[] {
  const items = (x: number): Set<number> =>
    new Set(data.userItems.targets.slice(data.userItems.offsets[x]!, data.userItems.offsets[x + 1]!));
  const mine = items(u);
  const out: { v: number; sim: number }[] = [];
  for (let v = 0; v < data.numUsers; v++) {
    if (v === u) continue;
    const theirs = items(v);
    const common = [...mine].filter((i) => theirs.has(i)).length;
    if (common > 0) out.push({ v, sim: common / Math.sqrt(mine.size * theirs.size) });
  }
  return out.sort((a, b) => b.sim - a.sim || a.v - b.v).slice(0, k);
}

test('each user keeps the k most similar other users by cosine, best first, ties to the lower index', () => {
  for (const seed of [1, 2, 3]) {
    const data = pairsData(seed, 40, 25, 6);
    const rows = userNeighbours(data, 5);
    for (let u = 0; u < data.numUsers; u++) {
      const got = [];
      for (let k = rows.offsets[u]!; k < rows.offsets[u + 1]!; k++)
        got.push({ v: rows.targets[k]!, sim: rows.weights[k]! });
      const want = reference(data, u, 5);
      expect(got.map((g) => g.v)).toEqual(want.map((w) => w.v));
      got.forEach((g, t) => expect(g.sim).toBeCloseTo(want[t]!.sim, 6));
    }
  }
});

test("a user's row sums each neighbour's similarity over that neighbour's items, skipping items outside the set", () => {
  const data = pairsData(7, 30, 20, 5);
  const rows = userNeighbours(data, 4);
  const position = Int32Array.from({ length: data.numItems }, (_, i) => (i % 2 === 0 ? i / 2 : -1));
  const u = 3;
  const row = new Float32Array(10);
  userKnnRow(data, rows, u, position, row);
  const want = new Float32Array(10);
  for (const { v, sim } of reference(data, u, 4))
    for (let a = data.userItems.offsets[v]!; a < data.userItems.offsets[v + 1]!; a++) {
      const i = data.userItems.targets[a]!;
      if (i % 2 === 0) want[i / 2]! += sim;
    }
  expect(Array.from(row).map((x) => x.toFixed(5))).toEqual(Array.from(want).map((x) => x.toFixed(5)));
  expect(row.some((x) => x > 0)).toBe(true);
});

describe("graph-ease's user-kNN component", () => {
  beforeAll(async () => {
    await initBackend({ preferred: 'cpu' });
  });

  it.each(['dense', 'sparse'])(
    'orders a user as the user-kNN row when it dominates the blend (%s path)',
    async (itemModel) => {
      const data = pairsData(11, 60, 30, 6);
      const ge = new GraphEase({
        gcnWeight: 0,
        rp3Weight: 0,
        tune: false,
        itemModel,
        userRowWeight: 1e6,
        userNeighbours: 5,
        userSource: 'knn',
      });
      await ge.fit(data, { seed: 1, log: () => undefined });
      const { items, position } = itemSet(data, 2);
      const rows = userNeighbours(data, 5);
      const users = Int32Array.of(0, 7, 19);
      const scores = ge.score(users);
      users.forEach((u, r) => {
        const row = new Float32Array(items.length);
        userKnnRow(data, rows, u, position, row);
        const best = (values: (c: number) => number): number =>
          Array.from(items.keys()).reduce((b, c) => (values(c) > values(b) ? c : b), 0);
        expect(row[best((c) => scores[r * data.numItems + items[c]!]!)]).toBe(Math.max(...row));
      });
      const without = new GraphEase({ gcnWeight: 0, rp3Weight: 0, tune: false, itemModel });
      await without.fit(data, { seed: 1, log: () => undefined });
      expect(without.score(users)).not.toEqual(scores);
    },
  );
});

it("graph-ease's social user row sums the items of the user's social ties", async () => {
  await initBackend({ preferred: 'cpu' });
  const base = pairsData(13, 40, 20, 5);
  // User 0's ties: users 1 and 2 (both directions, as TrainData.social holds them).
  const social = buildCsr(base.numUsers, base.numUsers, Int32Array.of(0, 0, 1, 2), Int32Array.of(1, 2, 0, 0));
  const data = { ...base, social };
  const options = { gcnWeight: 0, rp3Weight: 0, tune: false, userRowWeight: 1e6, userSource: 'social' };
  const ge = new GraphEase(options);
  await ge.fit(data, { seed: 1, log: () => undefined });
  const { items, position } = itemSet(data, 2);
  const want = new Float32Array(items.length);
  for (const v of [1, 2])
    for (let a = data.userItems.offsets[v]!; a < data.userItems.offsets[v + 1]!; a++) {
      const c = position[data.userItems.targets[a]!]!;
      if (c >= 0) want[c]! += 1;
    }
  const scores = ge.score(Int32Array.of(0));
  const best = Array.from(items.keys()).reduce((b, c) => (scores[items[c]!]! > scores[items[b]!]! ? c : b), 0);
  expect(want[best]).toBe(Math.max(...want));
  expect(Math.max(...want)).toBe(2); // an item both ties engaged: only their items lead
  const knn = new GraphEase({ ...options, userSource: 'knn' });
  await knn.fit(data, { seed: 1, log: () => undefined });
  expect(knn.score(Int32Array.of(0))).not.toEqual(scores);
  // Without ties there is no social row to tune: the grid's passes are those of the blend without it.
  const passes = async (world: typeof data): Promise<number> => {
    let calls = 0;
    const tuned = new GraphEase({ ...options, tune: true, gcnGrid: [0], rp3Grid: [0, 1], userRowGrid: [0, 0.5] });
    await tuned.fit(world, { seed: 1, log: () => undefined, validate: () => ++calls });
    return calls;
  };
  expect(await passes(data)).toBe(4);
  expect(await passes(base)).toBe(2);
});
