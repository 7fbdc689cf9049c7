import type { GraphProjection } from '../../../src/domain/ports';
import { holdOutRecent } from '../../../src/pipeline/ranker-fit';

/** 6 users; user u engaged the 3 + u items u, u + 1, …, with times given by `at`; edges in `order`. */
function projection(at: (u: number, i: number) => number, order: (n: number) => number[]): GraphProjection {
  const rows: [number, number][] = [];
  for (let u = 0; u < 6; u++) for (let i = u; i < u + 3 + u; i++) rows.push([u, i]);
  const ks = order(rows.length);
  const col = <T>(f: (r: [number, number]) => T) => ks.map((k) => f(rows[k]!));
  return {
    userIds: Array.from({ length: 6 }, (_, u) => `u${u}`),
    itemIds: Array.from({ length: 20 }, (_, i) => `m${i}`),
    itemKinds: new Array(20).fill(null),
    itemMeta: [],
    itemTimes: new Float64Array(20).fill(NaN),
    edges: {
      user: Int32Array.from(col((r) => r[0])),
      item: Int32Array.from(col((r) => r[1])),
      weight: Float32Array.from(col(() => 1)),
      count: Int32Array.from(col(() => 1)),
      lastAt: Float64Array.from(col((r) => at(r[0], r[1]))),
    },
    follows: { src: new Int32Array(0), dst: new Int32Array(0) },
  };
}

const pairs = (h: ReturnType<typeof holdOutRecent>['heldOut']) => {
  const out: string[] = [];
  for (let u = 0; u < h.rows; u++)
    for (let k = h.offsets[u]!; k < h.offsets[u + 1]!; k++) out.push(`${u}:${h.targets[k]}`);
  return out;
};

describe('the train-ranker hold-out', () => {
  const inOrder = (n: number) => Array.from({ length: n }, (_, k) => k);
  const reversed = (n: number) => inOrder(n).reverse();
  const shuffled = (n: number) => inOrder(n).sort((a, b) => ((a * 7919) % 13) - ((b * 7919) % 13) || a - b);

  test('holds out each user’s most recent engagements', () => {
    const { heldOut, kept } = holdOutRecent(
      projection((_, i) => 1000 * i, inOrder),
      0.25,
      3,
      1,
    );
    // users 0..5 have 3..8 items; round(0.25·n), at least 1, of the newest (the highest item ids) are held out.
    expect(pairs(heldOut)).toEqual(['0:2', '1:4', '2:6', '3:7', '3:8', '4:9', '4:10', '5:11', '5:12']);
    expect(kept.edges.user.length + heldOut.targets.length).toBe(33);
  });

  test('with equal or unknown times, the seeded draw does not depend on the order of the edges', () => {
    for (const at of [() => NaN, () => 5_000]) {
      const a = pairs(holdOutRecent(projection(at, inOrder), 0.25, 3, 7).heldOut);
      expect(pairs(holdOutRecent(projection(at, reversed), 0.25, 3, 7).heldOut)).toEqual(a);
      expect(pairs(holdOutRecent(projection(at, shuffled), 0.25, 3, 7).heldOut)).toEqual(a);
      expect(pairs(holdOutRecent(projection(at, inOrder), 0.25, 3, 8).heldOut)).not.toEqual(a);
    }
  });
});
