import { itemSimilarity, mmr } from '../../../src/ranking/diversity';
import { tinyData } from './fixtures';

describe('MMR diversity re-rank', () => {
  const data = tinyData();
  const sim = itemSimilarity(data);
  // Items 0 and 7 have identical content; 1 is close to both; 3 is different.
  const items = [0, 7, 1, 3];
  const scores = [1.0, 0.95, 0.9, 0.6];
  it('λ = 1 is the pure relevance order', () => {
    expect(mmr(items, scores, sim, { lambda: 1, k: 4 }).map((p) => items[p])).toEqual([0, 7, 1, 3]);
  });
  it('lower λ demotes near-duplicates of what is already chosen', () => {
    const order = mmr(items, scores, sim, { lambda: 0.5, k: 4 }).map((p) => items[p]);
    expect(order[0]).toBe(0);
    expect(order[1]).toBe(3); // the dissimilar item jumps the duplicates
    expect(order.indexOf(7)).toBeGreaterThan(1);
  });
  it('falls back to same-creator similarity without vectors', () => {
    const bare = { ...tinyData(), itemCreator: Int32Array.of(1, 1, 2, 3, 4, 5, 6, 7) };
    delete bare.content;
    delete bare.graph;
    const s = itemSimilarity(bare);
    expect(s(0, 1)).toBe(1);
    expect(s(0, 2)).toBe(0);
  });
});
