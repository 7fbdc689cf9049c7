import { buildCsr, hasEdge } from '../../../src/graph/csr';
import { sampleHardNegatives, sampleNegatives, shuffledPairs } from '../../../src/models/bpr-sampler';
import { createRng } from '../../../src/models/random';

describe('BPR sampling', () => {
  // User 0 likes 8 of 10 items, user 1 likes 1, user 2 likes 9 (one negative possible).
  const train = buildCsr(
    3,
    10,
    Int32Array.of(0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2),
    Int32Array.of(0, 1, 2, 3, 4, 5, 6, 7, 4, 0, 1, 2, 3, 4, 5, 6, 7, 8),
  );

  it('never draws a positive as a negative', () => {
    const rng = createRng(42);
    const users = Int32Array.from({ length: 3000 }, (_, k) => k % 3);
    const neg = sampleNegatives(train, users, rng);
    for (let k = 0; k < users.length; k++) expect(hasEdge(train, users[k]!, neg[k]!)).toBe(false);
    expect(new Set(Array.from(neg.filter((_, k) => users[k] === 2)))).toEqual(new Set([9]));
    expect(new Set(Array.from(neg.filter((_, k) => users[k] === 0)))).toEqual(new Set([8, 9]));
  });

  it('visits every training pair once per epoch, reproducibly for a seed', () => {
    const a = shuffledPairs(train, createRng(7));
    const b = shuffledPairs(train, createRng(7));
    expect(Array.from(a.items)).toEqual(Array.from(b.items));
    const pairs = Array.from(a.users, (u, k) => `${u}:${a.items[k]}`).sort();
    expect(new Set(pairs).size).toBe(train.targets.length);
    for (let k = 0; k < a.users.length; k++) expect(hasEdge(train, a.users[k]!, a.items[k]!)).toBe(true);
  });

  it('dynamic negative sampling keeps the best-scored of its uniform draws, never a positive', () => {
    // 1-d embeddings: every user 1, item j scores j, so the hardest negative is the highest free item.
    const emb = { dim: 1, users: Float32Array.of(1, 1, 1), items: Float32Array.from({ length: 10 }, (_, j) => j) };
    const users = Int32Array.from({ length: 600 }, (_, k) => k % 3);
    const hard = sampleHardNegatives(train, users, createRng(3), 8, emb);
    const uniform = sampleNegatives(train, users, createRng(3));
    for (let k = 0; k < users.length; k++) expect(hasEdge(train, users[k]!, hard[k]!)).toBe(false);
    const meanOf = (a: Int32Array, u: number) => {
      const picked = Array.from(a).filter((_, k) => users[k] === u);
      return picked.reduce((x, y) => x + y, 0) / picked.length;
    };
    // user 1 (only item 4 taken): the best of 8 draws from 9 free items is mostly 9
    expect(meanOf(hard, 1)).toBeGreaterThan(8);
    expect(meanOf(uniform, 1)).toBeLessThan(6);
    expect(new Set(Array.from(hard.filter((_, k) => users[k] === 2)))).toEqual(new Set([9]));
    // the first of the draws is the uniform sample itself, so one candidate is plain BPR sampling
    expect(Array.from(sampleHardNegatives(train, users, createRng(3), 1, emb))).toEqual(Array.from(uniform));
  });

  it('throws when a user has no possible negative', () => {
    const full = buildCsr(1, 2, Int32Array.of(0, 0), Int32Array.of(0, 1));
    expect(() => sampleNegatives(full, Int32Array.of(0), createRng(1))).toThrow();
  });
});
