import { coldItemSplit, type ColdSplit } from '../../../src/eval/cold-split';
import type { Dataset } from '../../../src/eval/dataset';
import { evaluateRanking, rankMetrics } from '../../../src/eval/metrics';
import { protocolSplit } from '../../../src/eval/protocol';
import { BadInputError } from '../../../src/domain/errors';
import { buildCsr } from '../../../src/graph/csr';

/** 40 users × 100 items; user u likes items (u·7 + 3k) mod 100 for k < 5 + u mod 9; user 39 likes only item 0. */
function dataset(): Dataset {
  const u: number[] = [];
  const i: number[] = [];
  for (let user = 0; user < 39; user++) {
    for (let k = 0; k < 5 + (user % 9); k++) {
      u.push(user);
      i.push((user * 7 + 3 * k) % 100);
    }
  }
  u.push(39);
  i.push(0);
  return {
    name: 'toy',
    userIds: Array.from({ length: 40 }, (_, k) => `u${k}`),
    itemIds: Array.from({ length: 100 }, (_, k) => `m${k}`),
    pairs: { user: Int32Array.from(u), item: Int32Array.from(i), weight: new Float32Array(u.length).fill(1) },
    social: { src: new Int32Array(0), dst: new Int32Array(0) },
    tagNames: [],
  };
}

const itemsOf = (c: { offsets: Int32Array; targets: Int32Array }) => new Set(Array.from(c.targets));
const pairsOf = (c: { rows: number; offsets: Int32Array; targets: Int32Array }) => {
  const out: string[] = [];
  for (let u = 0; u < c.rows; u++)
    for (let k = c.offsets[u]!; k < c.offsets[u + 1]!; k++) out.push(`${u}:${c.targets[k]}`);
  return out;
};

describe('cold-items split', () => {
  const d = dataset();

  test('20% of items cold, 10% of the warm ones validation-cold; the parts are disjoint by item and hold every positive', () => {
    const s = coldItemSplit(d, { seed: 1 });
    expect(s.coldItems).toHaveLength(20);
    expect(s.validItems).toHaveLength(8);
    const cold = new Set(s.coldItems);
    const valid = new Set(s.validItems);
    expect([...cold].some((i) => valid.has(i))).toBe(false);
    for (const i of itemsOf(s.test)) expect(cold.has(i)).toBe(true);
    for (const i of itemsOf(s.valid)) expect(valid.has(i)).toBe(true);
    for (const i of itemsOf(s.train)) expect(cold.has(i) || valid.has(i)).toBe(false);
    const all = [...pairsOf(s.train), ...pairsOf(s.valid), ...pairsOf(s.test)];
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(d.pairs.user.length);
    expect(Array.from(s.testCandidates).reduce((a, b) => a + b, 0)).toBe(20);
    expect(Array.from(s.coldItems).every((i) => s.testCandidates[i] === 1 && s.validCandidates[i] === 0)).toBe(true);
  });

  test('deterministic for a seed, different across seeds', () => {
    expect(Array.from(coldItemSplit(d, { seed: 3 }).coldItems)).toEqual(
      Array.from(coldItemSplit(d, { seed: 3 }).coldItems),
    );
    expect(Array.from(coldItemSplit(d, { seed: 3 }).coldItems)).not.toEqual(
      Array.from(coldItemSplit(d, { seed: 4 }).coldItems),
    );
    expect(pairsOf(coldItemSplit(d, { seed: 3 }).test)).toEqual(pairsOf(coldItemSplit(d, { seed: 3 }).test));
  });

  test('scored users have at least one training and one test positive', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const s = coldItemSplit(d, { seed });
      const deg = (c: { offsets: Int32Array }, u: number) => c.offsets[u + 1]! - c.offsets[u]!;
      const expected = Array.from({ length: 40 }, (_, u) => u).filter((u) => deg(s.train, u) > 0 && deg(s.test, u) > 0);
      expect(Array.from(s.testUsers)).toEqual(expected);
      // user 39's only positive is item 0: when it is cold, user 39 has no training positive and is not scored.
      if (s.testCandidates[0] === 1) expect(Array.from(s.testUsers)).not.toContain(39);
      expect(Array.from(s.validUsers).every((u) => deg(s.train, u) > 0 && deg(s.valid, u) > 0)).toBe(true);
    }
  });

  test("only the cold items are ranked, and Recall@10 divides by all of a user's cold positives", () => {
    const t = protocolSplit('cold-items', d, 1);
    const n = d.itemIds.length;
    // Warm items score highest; among cold items, lower index first.
    const scorer = (users: Int32Array) => {
      const out = new Float32Array(users.length * n);
      for (let r = 0; r < users.length; r++)
        for (let j = 0; j < n; j++) out[r * n + j] = (t.test.candidates![j] ? 0 : 10) + (n - j) / n;
      return out;
    };
    const m = evaluateRanking(scorer, t.test.relevant, t.test.exclude, {
      ks: [10],
      candidates: t.test.candidates!,
      users: t.test.users!,
    });
    // Expected by hand: each scored user's hits among the 10 lowest-index cold items over all their cold positives.
    // Were warm items ranked at all, they would fill every top 10 (score ≥ 10) and recall would be 0.
    const top10 = Array.from((t.split as ColdSplit).coldItems).slice(0, 10);
    let recall = 0;
    for (const u of t.test.users!) {
      const rel = Array.from(
        t.test.relevant.targets.subarray(t.test.relevant.offsets[u]!, t.test.relevant.offsets[u + 1]!),
      );
      recall += rel.filter((i) => top10.includes(i)).length / rel.length;
    }
    expect(recall).toBeGreaterThan(0);
    expect(m['recall@10']).toBeCloseTo(recall / t.test.users!.length, 10);
    expect(m['coverage@10']).toBeCloseTo(10 / 20, 10); // coverage counts the rankable (cold) items only
  });

  test('Recall@K is hits over all relevant items, even when there are more than K (not min(K, |relevant|))', () => {
    const rel = new Set(Array.from({ length: 15 }, (_, k) => k));
    expect(
      rankMetrics(
        Array.from({ length: 10 }, (_, k) => k),
        rel,
        [10],
      )['recall@10'],
    ).toBeCloseTo(10 / 15, 12);
  });

  test('equal scores rank in the seeded tie order, not by item index (constant-score models get no free catalogue order)', () => {
    const t = protocolSplit('cold-items', d, 1);
    const order = Array.from(t.test.tieOrder!);
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(order).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(Array.from(protocolSplit('cold-items', d, 1).test.tieOrder!)).toEqual(order);
    // By hand on 1 user × 5 items, all scores equal, relevant {4}: by index item 4 ranks last; reversed ties put it first.
    const relevant = buildCsr(1, 5, Int32Array.of(0), Int32Array.of(4));
    const constant = (users: Int32Array) => new Float32Array(users.length * 5).fill(1);
    expect(evaluateRanking(constant, relevant, [], { ks: [1] })['hit@1']).toBe(0);
    expect(evaluateRanking(constant, relevant, [], { ks: [1], tieOrder: Int32Array.of(4, 3, 2, 1, 0) })['hit@1']).toBe(
      1,
    );
    // The tie order never overrides scores or exclusions.
    const graded = () => Float32Array.of(5, 4, 3, 2, 1);
    expect(evaluateRanking(graded, relevant, [], { ks: [1], tieOrder: Int32Array.of(4, 3, 2, 1, 0) })['hit@1']).toBe(0);
    const train = buildCsr(1, 5, Int32Array.of(0), Int32Array.of(4));
    expect(
      evaluateRanking(constant, relevant, [train], { ks: [3], tieOrder: Int32Array.of(4, 3, 2, 1, 0) })['hit@3'],
    ).toBe(0);
    expect(() => evaluateRanking(constant, relevant, [], { tieOrder: Int32Array.of(0, 0, 1, 2, 3) })).toThrow(
      BadInputError,
    );
  });

  test('without candidates every non-excluded item can be ranked (the warm protocol is unchanged)', () => {
    const t = protocolSplit('warm', d, 1);
    expect(t.test.candidates).toBeUndefined();
    expect(t.test.users).toBeUndefined();
    expect(t.test.exclude).toEqual([t.split.train, t.split.valid]);
  });

  test('bad shares and candidate masks are typed errors', () => {
    expect(() => coldItemSplit(d, { coldShare: 1 })).toThrow(BadInputError);
    expect(() => coldItemSplit(d, { validShare: 0 })).toThrow(BadInputError);
    const t = protocolSplit('cold-items', d, 1);
    expect(() =>
      evaluateRanking(() => new Float32Array(100), t.test.relevant, [], { candidates: new Uint8Array(5) }),
    ).toThrow(BadInputError);
  });
});
