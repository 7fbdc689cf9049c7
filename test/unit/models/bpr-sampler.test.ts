import { buildCsr, hasEdge } from '../../../src/graph/csr';
import { sampleNegatives, shuffledPairs } from '../../../src/models/bpr-sampler';
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

  it('throws when a user has no possible negative', () => {
    const full = buildCsr(1, 2, Int32Array.of(0, 0), Int32Array.of(0, 1));
    expect(() => sampleNegatives(full, Int32Array.of(0), createRng(1))).toThrow();
  });
});
