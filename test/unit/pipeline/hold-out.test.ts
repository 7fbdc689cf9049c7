import type { GraphProjection } from '../../../src/domain/ports';
import { itemTextVectors } from '../../../src/pipeline/item-text';
import { fitServingRanker, holdOutRecent, MIN_HELD_OUT_USERS, rankerHoldOut } from '../../../src/pipeline/ranker-fit';

/**
 * 6 users (or `users`); user u engaged the 3 + u items u, u + 1, … (`length(u)` items), with times given by
 * `at`; edges in `order`.
 */
function projection(
  at: (u: number, i: number) => number,
  order: (n: number) => number[],
  users = 6,
  length = (u: number) => 3 + u,
): GraphProjection {
  const rows: [number, number][] = [];
  for (let u = 0; u < users; u++) for (let i = u; i < u + length(u); i++) rows.push([u, i]);
  const ks = order(rows.length);
  const col = <T>(f: (r: [number, number]) => T) => ks.map((k) => f(rows[k]!));
  return {
    userIds: Array.from({ length: users }, (_, u) => `u${u}`),
    itemIds: Array.from({ length: users + 20 }, (_, i) => `m${i}`),
    itemKinds: new Array(users + 20).fill(null),
    itemMeta: [],
    itemTimes: new Float64Array(users + 20).fill(NaN),
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

  test('where fewer than MIN_HELD_OUT_USERS users reach minHistory, users with 2 engagements are held out too', () => {
    const heldUsers = (h: ReturnType<typeof holdOutRecent>['heldOut']) =>
      new Set(pairs(h).map((p) => p.split(':')[0])).size;
    // 6 users with 3..8 items: 4 reach 5, too few, so every user gives one or more.
    const sparse = rankerHoldOut(
      projection((_, i) => i, inOrder),
      0.25,
      5,
      1,
    );
    expect(sparse.minHistory).toBe(2);
    expect(heldUsers(sparse.heldOut)).toBe(6);
    expect(sparse.users).toBe(6);
    expect(
      heldUsers(
        holdOutRecent(
          projection((_, i) => i, inOrder),
          0.25,
          5,
          1,
        ).heldOut,
      ),
    ).toBe(4);
    // Enough users at minHistory: exactly holdOutRecent's hold-out, users with 2..4 items untouched.
    const n = MIN_HELD_OUT_USERS + 20;
    const dense = projection(
      (_, i) => i,
      inOrder,
      n,
      (u) => (u < MIN_HELD_OUT_USERS ? 6 : 3),
    );
    const kept = rankerHoldOut(dense, 0.25, 5, 1);
    expect(kept.minHistory).toBe(5);
    expect(pairs(kept.heldOut)).toEqual(pairs(holdOutRecent(dense, 0.25, 5, 1).heldOut));
    expect(heldUsers(kept.heldOut)).toBe(MIN_HELD_OUT_USERS);
    expect(kept.users).toBe(MIN_HELD_OUT_USERS);
    // One engagement each: nothing can be held out.
    expect(
      rankerHoldOut(
        projection(
          (_, i) => i,
          inOrder,
          6,
          () => 1,
        ),
        0.25,
        5,
        1,
      ).heldOut.targets.length,
    ).toBe(0);
  });

  test('with nothing to hold out, the default ranker is stored and the graph model is not retrained', async () => {
    const p = projection(
      (_, i) => i,
      inOrder,
      6,
      () => 1,
    );
    const lines: string[] = [];
    const parts = {
      projection: p,
      embeddings: { users: new Map(), media: new Map() },
      text: itemTextVectors(p.itemIds.length, () => undefined),
    };
    const fit = await fitServingRanker(parts, {
      graphModel: 'lightgcn',
      graphConfig: {},
      seed: 1,
      holdOut: 0.1,
      minHistory: 5,
      log: (line) => lines.push(line),
    });
    expect(fit.examples).toBe(0);
    expect(fit.model.weights.length).toBeGreaterThan(0);
    expect(lines.some((l) => /retraining/.test(l))).toBe(false);
    expect(lines).toContain('no user has two engagements to learn from: the default ranker is stored');
  });
});
