import { coldItemSplit } from '../../../src/eval/cold-split';
import type { Dataset } from '../../../src/eval/dataset';
import { fullFeedSplit } from '../../../src/eval/full-feed-split';
import { evaluateRanking } from '../../../src/eval/metrics';
import { protocolSplit } from '../../../src/eval/protocol';
import { buildCsr } from '../../../src/graph/csr';

/** 40 users × 100 items; user u likes items (u·7 + 3k) mod 100 for k < 6 + u mod 9. */
function dataset(): Dataset {
  const u: number[] = [];
  const i: number[] = [];
  for (let user = 0; user < 40; user++) {
    for (let k = 0; k < 6 + (user % 9); k++) {
      u.push(user);
      i.push((user * 7 + 3 * k) % 100);
    }
  }
  return {
    name: 'toy',
    userIds: Array.from({ length: 40 }, (_, k) => `u${k}`),
    itemIds: Array.from({ length: 100 }, (_, k) => `m${k}`),
    pairs: { user: Int32Array.from(u), item: Int32Array.from(i), weight: new Float32Array(u.length).fill(1) },
    social: { src: new Int32Array(0), dst: new Int32Array(0) },
    tagNames: [],
  };
}

const pairsOf = (c: { rows: number; offsets: Int32Array; targets: Int32Array }) => {
  const out: string[] = [];
  for (let u = 0; u < c.rows; u++)
    for (let k = c.offsets[u]!; k < c.offsets[u + 1]!; k++) out.push(`${u}:${c.targets[k]}`);
  return out;
};

describe('full-feed split', () => {
  const d = dataset();

  test("cold items as in cold-items, the other items split per user; parts disjoint and complete; each phase ranks all but the other phase's cold items", () => {
    const s = fullFeedSplit(d, 3);
    const cold = coldItemSplit(d, { seed: 3 });
    expect(Array.from(s.testCold)).toEqual(Array.from(cold.testCandidates));
    expect(Array.from(s.validCold)).toEqual(Array.from(cold.validCandidates));
    const [train, valid, test] = [pairsOf(s.train), pairsOf(s.valid), pairsOf(s.test)];
    expect(new Set([...train, ...valid, ...test]).size).toBe(d.pairs.user.length);
    expect(train.length + valid.length + test.length).toBe(d.pairs.user.length);
    // Every positive of a cold item is held out (test), of a validation-cold item validation; training has neither.
    for (const p of train) expect(s.testCold[Number(p.split(':')[1])]! + s.validCold[Number(p.split(':')[1])]!).toBe(0);
    for (const p of pairsOf(cold.test)) expect(test).toContain(p);
    for (const p of pairsOf(cold.valid)) expect(valid).toContain(p);
    // Warm items keep held-out positives too (the feed's warm side).
    expect(test.some((p) => s.testCold[Number(p.split(':')[1])] === 0)).toBe(true);
    for (let i = 0; i < 100; i++) {
      expect(s.testCandidates[i]).toBe(s.validCold[i] ? 0 : 1);
      expect(s.validCandidates[i]).toBe(s.testCold[i] ? 0 : 1);
    }
    const tasks = protocolSplit('full-feed', d, 3);
    expect(Array.from(tasks.test.coldItems!)).toEqual(Array.from(s.testCold));
    expect(tasks.test.exclude).toHaveLength(2);
  });

  test("evaluateRanking reports the cold items' share of the top K and of the relevant items", () => {
    // 2 users × 6 items; items 4, 5 are cold. User 0 holds out {1, 4}, user 1 holds out {5}.
    const relevant = buildCsr(2, 6, Int32Array.of(0, 0, 1), Int32Array.of(1, 4, 5));
    const none = buildCsr(2, 6, new Int32Array(0), new Int32Array(0));
    const coldItems = Uint8Array.of(0, 0, 0, 0, 1, 1);
    // Scores: user 0 ranks 4, 0, 1, …; user 1 ranks 0, 1, 2, … (the cold items last).
    const scorer = (users: Int32Array) =>
      Float32Array.from(Array.from(users).flatMap((u) => (u === 0 ? [5, 4, 1, 0, 6, 2] : [6, 5, 4, 3, 1, 2])));
    const m = evaluateRanking(scorer, relevant, [none], { ks: [2], coldItems });
    expect(m['cold-share@2']).toBeCloseTo(1 / 4); // user 0's top 2 = {4, 0}, user 1's = {0, 1}
    expect(m['cold-relevant-share']).toBeCloseTo(2 / 3);
    expect(evaluateRanking(scorer, relevant, [none], { ks: [2] })['cold-share@2']).toBeUndefined();
  });
});
