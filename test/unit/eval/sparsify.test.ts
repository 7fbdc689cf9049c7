import type { Dataset } from '../../../src/eval/dataset';
import { keepShareOfPairs } from '../../../src/eval/sparsify';

/** Users 0..3 with 10, 4, 1 and 0 pairs; a tag on every pair; one follow. */
function dataset(): Dataset {
  const user: number[] = [];
  const item: number[] = [];
  const counts = [10, 4, 1, 0];
  counts.forEach((n, u) => {
    for (let k = 0; k < n; k++) {
      user.push(u);
      item.push((u * 3 + k) % 12);
    }
  });
  return {
    name: 'toy',
    userIds: ['a', 'b', 'c', 'd'],
    itemIds: Array.from({ length: 12 }, (_, i) => `m${i}`),
    pairs: { user: Int32Array.from(user), item: Int32Array.from(item), weight: Float32Array.from(item, (i) => i + 1) },
    social: { src: Int32Array.of(0), dst: Int32Array.of(1) },
    tagAssignments: { user: Int32Array.from(user), item: Int32Array.from(item), tag: Int32Array.from(item) },
    tagNames: Array.from({ length: 12 }, (_, i) => `t${i}`),
  };
}

describe('eval --keep-share', () => {
  test("keeps round(p·n) of each user's pairs (at least one), with their weights and tags, the same every run", () => {
    const d = dataset();
    const out = keepShareOfPairs(d, 0.3);
    const perUser = [0, 0, 0, 0];
    for (const u of out.pairs.user) perUser[u]! += 1;
    expect(perUser).toEqual([3, 1, 1, 0]);
    const pairKeys = new Set<string>();
    for (let k = 0; k < out.pairs.user.length; k++) {
      expect(out.pairs.weight[k]).toBe(out.pairs.item[k]! + 1);
      pairKeys.add(`${out.pairs.user[k]}:${out.pairs.item[k]}`);
    }
    const tags = out.tagAssignments!;
    expect(tags.user.length).toBe(5);
    for (let k = 0; k < tags.user.length; k++) expect(pairKeys.has(`${tags.user[k]}:${tags.item[k]}`)).toBe(true);
    expect(out.name).toBe('toy-keep0.3');
    expect(out.social).toBe(d.social);
    expect(out.itemIds).toBe(d.itemIds);
    expect(keepShareOfPairs(dataset(), 0.3).pairs).toEqual(out.pairs);
    // Another draw would pick other pairs: the kept ones are not simply the first of each user.
    expect(Array.from(out.pairs.item.subarray(0, 3))).not.toEqual([0, 1, 2]);
  });

  test('thins the non-positive engaged pairs alike, on their own draw: the positives kept are the same', () => {
    const d = dataset();
    const withNp: Dataset = {
      ...d,
      nonPositive: {
        user: Int32Array.of(0, 0, 0, 0, 1),
        item: Int32Array.of(11, 10, 9, 8, 0),
        weight: new Float32Array(5).fill(-1),
      },
    };
    const out = keepShareOfPairs(withNp, 0.5);
    expect(out.pairs).toEqual(keepShareOfPairs(d, 0.5).pairs);
    expect(Array.from(out.nonPositive!.user)).toEqual([0, 0, 1]);
    expect(Array.from(out.nonPositive!.item).every((i) => withNp.nonPositive!.item.includes(i))).toBe(true);
    expect(Array.from(out.nonPositive!.weight)).toEqual([-1, -1, -1]);
  });

  test('share 1 is the dataset itself; a share outside (0, 1] is a typed error naming the flag', () => {
    const d = dataset();
    expect(keepShareOfPairs(d, 1)).toBe(d);
    expect(() => keepShareOfPairs(d, 0)).toThrow(expect.objectContaining({ field: '--keep-share' }));
    expect(() => keepShareOfPairs(d, 1.2)).toThrow(/\(0, 1\]/);
  });
});
