import { projectionFromTrain } from '../../../src/eval/projection';
import { buildCsr, hasEdge } from '../../../src/graph/csr';
import { initBackend } from '../../../src/models/backend';
import { itemTextVectors } from '../../../src/pipeline/item-text';
import { fitServingRanker, rankerHoldOut, storedItemGraphs, usersWithHeldOut } from '../../../src/pipeline/ranker-fit';
import type { TagAssignments } from '../../../src/pipeline/tag-assignments';
import { toyTrainData } from '../../support/toy-train-data';

describe('users whose candidate lists the train-ranker fit collects', () => {
  // Users 0..99; every third has no held-out pair.
  const u: number[] = [];
  const i: number[] = [];
  for (let user = 0; user < 100; user++) {
    if (user % 3 === 0) continue;
    u.push(user);
    i.push(user % 7);
  }
  const heldOut = buildCsr(100, 7, Int32Array.from(u), Int32Array.from(i));

  test('every user with a held-out pair, in order, under the cap', () => {
    expect(Array.from(usersWithHeldOut(heldOut, 1000, 1))).toEqual(u);
  });

  test('a seeded sample of the cap past it, sorted, each with a held-out pair', () => {
    const a = Array.from(usersWithHeldOut(heldOut, 10, 1));
    expect(a).toHaveLength(10);
    expect(a).toEqual([...a].sort((x, y) => x - y));
    expect(new Set(a).size).toBe(10);
    for (const user of a) expect(user % 3).not.toBe(0);
    expect(Array.from(usersWithHeldOut(heldOut, 10, 1))).toEqual(a);
    expect(Array.from(usersWithHeldOut(heldOut, 10, 2))).not.toEqual(a);
  });
});

describe("the tag weight of the snapshot's EASE, learned by the ranker fit", () => {
  beforeAll(async () => {
    await initBackend({ preferred: 'cpu' });
  });

  const train = toyTrainData(5, { users: 40, items: 40 });
  const projection = projectionFromTrain(train);
  const { heldOut } = rankerHoldOut(projection, 0.1, 5, 1);
  /** Each pair `on` holds tagged by its user with its item's taste group. */
  const assignments = (on: (u: number, i: number) => boolean): TagAssignments => {
    const rows: [number, number][] = [];
    for (let u = 0; u < 40; u++)
      for (let k = train.userItems.offsets[u]!; k < train.userItems.offsets[u + 1]!; k++)
        if (on(u, train.userItems.targets[k]!)) rows.push([u, train.userItems.targets[k]!]);
    return {
      user: Int32Array.from(rows, (r) => r[0]),
      item: Int32Array.from(rows, (r) => r[1]),
      tag: Int32Array.from(rows, (r) => Math.floor(r[1] / 10)),
      names: ['a', 'b', 'c', 'd'],
    };
  };
  /** The projection with each item listing the tags users assigned it (as LastFM's import lists them). */
  const listing = (a: TagAssignments) => ({
    ...projection,
    itemMeta: projection.itemMeta.map((m, i) => ({
      ...m,
      tags: [
        ...new Set(
          Array.from(a.item.keys())
            .filter((k) => a.item[k] === i)
            .map((k) => a.names[a.tag[k]!]!),
        ),
      ],
    })),
  });
  /** Grids of the fit (the γ and β grids empty unless a test walks them), the pairs it reads, its margin. */
  interface FitCase {
    tagGrid?: number[];
    gramGrid?: number[];
    dampGrid?: number[];
    on?: typeof projection;
    margin?: number;
  }
  const fit = async (tagAssignments: TagAssignments, c: FitCase = {}) => {
    const lines: string[] = [];
    const { model } = await fitServingRanker(
      {
        projection: { ...listing(tagAssignments), edges: (c.on ?? projection).edges },
        embeddings: { users: new Map(), media: new Map() },
        text: itemTextVectors(40, () => undefined),
        tagAssignments,
      },
      {
        graphModel: 'none',
        graphConfig: {},
        seed: 1,
        holdOut: 0.1,
        minHistory: 5,
        log: (l) => lines.push(l),
        ...(c.tagGrid ? { tagGrid: c.tagGrid } : {}),
        gramGrid: c.gramGrid ?? [],
        dampGrid: c.dampGrid ?? [],
        ...(c.margin === undefined ? {} : { margin: c.margin }),
      },
    );
    const { tagWeight, gramGamma, popDamping } = model.meta ?? {};
    return { tagWeight, gramGamma, popDamping, lines };
  };
  /** The settings read, `tag/γ/β`, and their means, in the log's order. */
  const readings = (lines: string[]) =>
    lines
      .map((l) =>
        /^tag weight (\d+), gram γ ([\d.]+), popularity damping ([\d.]+): EASE alone's held-out NDCG@10 ([\d.]+)/.exec(
          l,
        ),
      )
      .filter((m) => m)
      .map((m) => ({ setting: `${m![1]}/${m![2]}/${m![3]}`, mean: Number(m![4]) }));

  test('each weight of the grid read by EASE alone on the kept pairs; the highest mean where surely better', async () => {
    const all = assignments(() => true);
    const { tagWeight, lines } = await fit(all, { tagGrid: [0, 2, 7] });
    const read = readings(lines);
    expect(read.map((r) => r.setting)).toEqual(['0/0/0', '2/0/0', '7/0/0']);
    // The reference is the item graphs' weight, else the grid's first (0, here the highest mean too).
    const best = read.reduce((a, b) => (b.mean > a.mean ? b : a));
    expect(tagWeight).toBe(Number(best.setting.split('/')[0]));
    expect(lines).toContain(
      `tag weight ${tagWeight}, gram γ 0, popularity damping 0 in the snapshot's EASE (the item graphs' own: tag weight 3, gram γ 0, popularity damping 0)`,
    );
    // The grid's reference stays where another reads higher, unless by the margin: 7 first.
    const seven = await fit(all, { tagGrid: [7, 0], margin: 1e9 });
    expect(readings(seven.lines).find((r) => r.setting === '0/0/0')!.mean).toBeGreaterThan(
      readings(seven.lines).find((r) => r.setting === '7/0/0')!.mean,
    );
    expect(seven.tagWeight).toBe(7);
    expect((await fit(all, { tagGrid: [7, 0], margin: 0 })).tagWeight).toBe(0);
    expect((await fit(all, { tagGrid: [4] })).tagWeight).toBe(4);
    expect((await fit(all, { tagGrid: [] })).tagWeight).toBeUndefined();
  });

  test('no held-out pair reaches it: tags assigned (and listed) only on held-out pairs leave nothing to weigh', async () => {
    const held = (u: number, i: number) => hasEdge(heldOut, u, i);
    expect(assignments(held).item.length).toBeGreaterThan(20);
    const { tagWeight, lines } = await fit(assignments(held));
    expect(tagWeight).toBeUndefined();
    expect(lines.some((l) => l.startsWith('tag weight'))).toBe(false);
  });

  test('with gramGrid, each γ of X with each tag weight; only what was walked is stored', async () => {
    // Pairs whose engagement varies, so X's profile weights differ from binary X.
    const played = projectionFromTrain(toyTrainData(5, { users: 40, items: 40, weight: (k) => 1 + ((k * 7) % 5) }));
    const both = await fit(
      assignments(() => true),
      { tagGrid: [0, 2], gramGrid: [0, 0.5], on: played },
    );
    expect(readings(both.lines).map((r) => r.setting)).toEqual(['0/0/0', '2/0/0', '0/0.5/0', '2/0.5/0']);
    expect([0, 0.5]).toContain(both.gramGamma);
    expect([0, 2]).toContain(both.tagWeight);
    // No tags to weigh: the γs alone are walked, and no tag weight is stored.
    const held = (u: number, i: number) => hasEdge(heldOut, u, i);
    const gammas = await fit(assignments(held), { tagGrid: [0, 2], gramGrid: [0, 0.5], on: played });
    expect(readings(gammas.lines).map((r) => r.setting)).toEqual(['3/0/0', '3/0.5/0']);
    expect(gammas.tagWeight).toBeUndefined();
    expect([0, 0.5]).toContain(gammas.gramGamma);
    expect((await fit(assignments(held), { tagGrid: [0, 2], gramGrid: [0.5], on: played })).gramGamma).toBe(0.5);
  });

  test('with dampGrid, each pair read at each β; with no margin the highest mean of all', async () => {
    const all = assignments(() => true);
    const { lines, popDamping, tagWeight } = await fit(all, { tagGrid: [0, 2], dampGrid: [0, 0.3], margin: 0 });
    const read = readings(lines);
    expect(read.map((r) => r.setting)).toEqual(['0/0/0', '0/0/0.3', '2/0/0', '2/0/0.3']);
    const best = read.reduce((a, b) => (b.mean > a.mean ? b : a));
    expect(best.setting).not.toBe('0/0/0');
    expect(`${tagWeight}/0/${popDamping}`).toBe(best.setting);
    expect((await fit(all, { tagGrid: [0], dampGrid: [0.3] })).popDamping).toBe(0.3);
  });
});

describe("a stored ranker's item graph settings", () => {
  const model = (meta?: Record<string, unknown>) => ({
    weights: new Float32Array(0),
    bias: 0,
    ...(meta ? { meta } : {}),
  });
  test("its EASE's tag weight, γ of X and damping where each is a number ≥ 0; nothing otherwise", () => {
    expect(storedItemGraphs(model({ tagWeight: 10 }) as never)).toEqual({ tagWeight: 10 });
    expect(storedItemGraphs(model({ tagWeight: 0 }) as never)).toEqual({ tagWeight: 0 });
    expect(storedItemGraphs(model({ tagWeight: 1, gramGamma: 0.5 }) as never)).toEqual({
      tagWeight: 1,
      gramGamma: 0.5,
    });
    expect(storedItemGraphs(model({ gramGamma: -0.5 }) as never)).toEqual({});
    expect(storedItemGraphs(model({ popDamping: 0.1 }) as never)).toEqual({ popDamping: 0.1 });
    for (const bad of [-1, '3', null, Infinity])
      expect(storedItemGraphs(model({ tagWeight: bad }) as never)).toEqual({});
    expect(storedItemGraphs(model() as never)).toEqual({});
    expect(storedItemGraphs(null)).toEqual({});
  });
});
