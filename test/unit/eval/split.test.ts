import type { Dataset } from '../../../src/eval/dataset';
import { splitByUser, splitCounts } from '../../../src/eval/split';
import { buildTrainData } from '../../../src/eval/train-data';
import { projectionFromTrain } from '../../../src/eval/projection';
import { protocolSplit } from '../../../src/eval/protocol';
import type { GraphProjection } from '../../../src/domain/ports';
import { graphFromProjection, trainDataFromGraph } from '../../../src/pipeline/graph-data';

function dataset(): Dataset {
  const u: number[] = [];
  const i: number[] = [];
  for (let user = 0; user < 30; user++)
    for (let k = 0; k < 1 + ((user * 7) % 55); k++) {
      u.push(user);
      i.push((user * 13 + k * 3) % 200);
    }
  return {
    name: 'toy',
    userIds: Array.from({ length: 30 }, (_, k) => `u${k}`),
    itemIds: Array.from({ length: 200 }, (_, k) => `m${k}`),
    pairs: { user: Int32Array.from(u), item: Int32Array.from(i), weight: new Float32Array(u.length).fill(1) },
    social: { src: Int32Array.of(0, 1), dst: Int32Array.of(1, 0) },
    tagAssignments: { user: Int32Array.of(0, 0), item: Int32Array.of(0, 199), tag: Int32Array.of(0, 1) },
    tagNames: ['a', 'b'],
  };
}

const rowsOf = (c: { rows: number; offsets: Int32Array; targets: Int32Array }) =>
  Array.from({ length: c.rows }, (_, r) => Array.from(c.targets.subarray(c.offsets[r]!, c.offsets[r + 1]!)));

describe('split', () => {
  it('follows the documented rounding rule', () => {
    expect(splitCounts(50, [0.8, 0.1, 0.1])).toEqual([40, 5, 5]);
    expect(splitCounts(15, [0.8, 0.1, 0.1])).toEqual([13, 1, 1]);
    expect(splitCounts(9, [0.8, 0.1, 0.1])).toEqual([7, 1, 1]);
    expect(splitCounts(3, [0.8, 0.1, 0.1])).toEqual([1, 1, 1]);
    expect(splitCounts(2, [0.8, 0.1, 0.1])).toEqual([1, 0, 1]);
    expect(splitCounts(1, [0.8, 0.1, 0.1])).toEqual([1, 0, 0]);
  });

  it('is deterministic for a seed, differs across seeds, and parts are disjoint and complete', () => {
    const d = dataset();
    const a = splitByUser(d, { seed: 1 });
    const b = splitByUser(d, { seed: 1 });
    const c = splitByUser(d, { seed: 2 });
    expect(rowsOf(a.test)).toEqual(rowsOf(b.test));
    expect(rowsOf(a.valid)).toEqual(rowsOf(b.valid));
    expect(rowsOf(a.test)).not.toEqual(rowsOf(c.test));
    const [tr, va, te] = [rowsOf(a.train), rowsOf(a.valid), rowsOf(a.test)];
    for (let u = 0; u < 30; u++) {
      const all = [...tr[u]!, ...va[u]!, ...te[u]!];
      expect(new Set(all).size).toBe(all.length);
      const expected = new Set(Array.from(d.pairs.item.filter((_, k) => d.pairs.user[k] === u)));
      expect(new Set(all)).toEqual(expected);
      expect([tr[u]!.length, va[u]!.length, te[u]!.length]).toEqual(splitCounts(expected.size, [0.8, 0.1, 0.1]));
    }
  });

  it('splits the non-positive engaged pairs on a stream of their own; warm never ranks their known share', () => {
    const d = dataset();
    const u: number[] = [];
    const i: number[] = [];
    for (let user = 0; user < 30; user++)
      for (let k = 0; k < user % 12; k++) {
        u.push(user);
        i.push((user * 13 + k * 3 + 1) % 200); // odd offsets: never one of the user's positives above
      }
    const withNp: Dataset = {
      ...d,
      nonPositive: { user: Int32Array.from(u), item: Int32Array.from(i), weight: new Float32Array(u.length).fill(-2) },
    };
    const a = splitByUser(withNp, { seed: 1 });
    const plain = splitByUser(d, { seed: 1 });
    for (const part of ['train', 'valid', 'test'] as const) expect(rowsOf(a[part])).toEqual(rowsOf(plain[part]));
    const [tr, va] = [rowsOf(a.nonPositive!.train), rowsOf(a.nonPositive!.valid)];
    for (let user = 0; user < 30; user++) {
      const mine = Array.from(withNp.nonPositive!.item.filter((_, k) => u[k] === user));
      const counts = splitCounts(mine.length, [0.8, 0.1, 0.1]);
      expect([tr[user]!.length, va[user]!.length]).toEqual(counts.slice(0, 2));
      expect([...tr[user]!, ...va[user]!].every((x) => mine.includes(x))).toBe(true);
      expect(new Set([...tr[user]!, ...va[user]!]).size).toBe(tr[user]!.length + va[user]!.length);
    }
    expect(Array.from(a.nonPositive!.train.weights).every((w) => w === -2)).toBe(true);
    const warm = protocolSplit('warm', withNp, 1);
    expect(warm.valid.exclude).toEqual([warm.split.train, warm.split.nonPositive!.train]);
    expect(warm.test.exclude).toEqual([
      warm.split.train,
      warm.split.valid,
      warm.split.nonPositive!.train,
      warm.split.nonPositive!.valid,
    ]);
    expect(protocolSplit('warm', d, 1).valid.exclude).toHaveLength(1); // none: the training pairs alone
    // The served model's projection carries the training share with its weights, as the store would.
    const train = buildTrainData(withNp, a);
    const p = projectionFromTrain(train);
    const extra = p.edges.weight.filter((w) => w === -2).length;
    expect(extra).toBe(a.nonPositive!.train.targets.length);
    expect(p.edges.weight.length).toBe(a.train.targets.length + extra);
  });

  it('keeps only tag assignments on training pairs (no leakage)', () => {
    const d = dataset();
    const s = splitByUser(d, { seed: 3 });
    const t = buildTrainData(d, s);
    const trainItems0 = new Set(rowsOf(s.train)[0]);
    const kept = t.itemTags ? Array.from(t.itemTags.item) : [];
    for (const item of kept) expect(trainItems0.has(item)).toBe(true);
    expect(kept).not.toContain(199); // user 0 never engaged with item 199
    expect(t.social.targets.length).toBe(2);
  });

  it('builds the TrainData the serving pipeline builds from the same stored pairs (weights compressed alike)', () => {
    const d = dataset();
    d.pairs.weight = Float32Array.from(d.pairs.weight, (_, k) => 1 + ((k * 37) % 500)); // play counts
    const s = splitByUser(d, { seed: 2 });
    const t = buildTrainData(d, s);
    // What the store would hold after importing the training pairs and follows, through serving's pipeline.
    const n = s.train.targets.length;
    const user = new Int32Array(n);
    for (let u = 0; u < s.train.rows; u++) user.fill(u, s.train.offsets[u]!, s.train.offsets[u + 1]!);
    const stored: GraphProjection = {
      userIds: d.userIds,
      itemIds: d.itemIds,
      itemKinds: d.itemIds.map(() => null),
      itemMeta: [],
      itemTimes: new Float64Array(d.itemIds.length).fill(NaN),
      edges: {
        user,
        item: s.train.targets,
        weight: s.train.weights,
        count: new Int32Array(n).fill(1),
        lastAt: new Float64Array(n).fill(NaN),
      },
      follows: { src: Int32Array.of(0), dst: Int32Array.of(1) },
    };
    const served = trainDataFromGraph(graphFromProjection(stored));
    expect(Array.from(t.userItems.offsets)).toEqual(Array.from(served.userItems.offsets));
    expect(Array.from(t.userItems.targets)).toEqual(Array.from(served.userItems.targets));
    expect(Array.from(t.userItems.weights)).toEqual(Array.from(served.userItems.weights));
    expect(Array.from(t.itemUsers.weights)).toEqual(Array.from(served.itemUsers.weights));
    expect(Array.from(t.social.targets)).toEqual(Array.from(served.social.targets));
    expect(t.userItems.weights[0]).toBeCloseTo(Math.log1p(s.train.weights[0]!), 6); // not the raw play count
  });
});
