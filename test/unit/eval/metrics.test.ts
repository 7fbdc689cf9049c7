import { buildCsr } from '../../../src/graph/csr';
import { evaluateRanking, rankMetrics, topK } from '../../../src/eval/metrics';

describe('metrics', () => {
  it('computes each metric on a hand-ranked list', () => {
    // Ranked: 5, 3, 9, 1, 7; relevant {3, 7, 8}: hits at ranks 2 and 5.
    const m = rankMetrics([5, 3, 9, 1, 7], new Set([3, 7, 8]), [2, 5]);
    expect(m['recall@2']).toBeCloseTo(1 / 3, 12);
    expect(m['precision@2']).toBeCloseTo(1 / 2, 12);
    expect(m['hit@2']).toBe(1);
    expect(m['mrr@2']).toBeCloseTo(1 / 2, 12);
    // DCG@2 = 1/log2(3); IDCG@2 = 1 + 1/log2(3).
    expect(m['ndcg@2']).toBeCloseTo(1 / Math.log2(3) / (1 + 1 / Math.log2(3)), 12);
    expect(m['recall@5']).toBeCloseTo(2 / 3, 12);
    expect(m['precision@5']).toBeCloseTo(2 / 5, 12);
    // DCG@5 = 1/log2(3) + 1/log2(6); IDCG@5 (3 relevant) = 1 + 1/log2(3) + 1/2.
    expect(m['ndcg@5']).toBeCloseTo((1 / Math.log2(3) + 1 / Math.log2(6)) / (1 + 1 / Math.log2(3) + 0.5), 12);
  });

  it('gives zeros when nothing is hit and one for a perfect list', () => {
    const miss = rankMetrics([1, 2], new Set([9]), [2]);
    expect([miss['recall@2'], miss['ndcg@2'], miss['hit@2'], miss['mrr@2']]).toEqual([0, 0, 0, 0]);
    const perfect = rankMetrics([4, 2, 0], new Set([4, 2]), [3]);
    expect(perfect['ndcg@3']).toBeCloseTo(1, 12);
    expect(perfect['recall@3']).toBe(1);
  });

  it('topK ranks by score, breaks ties by lower index and skips excluded items', () => {
    const scores = Float32Array.of(0.1, 0.9, 0.5, 0.9, 0.7, 0.2);
    const excluded = Uint8Array.of(0, 0, 0, 0, 1, 0);
    expect(Array.from(topK(scores, 0, 6, 3, excluded))).toEqual([1, 3, 2]);
    expect(Array.from(topK(scores, 2, 4, 10, new Uint8Array(4)))).toEqual([1, 2, 0, 3]);
  });

  it('evaluateRanking excludes training items and averages over users with relevant items', () => {
    // 2 users × 4 items. User 0 trained on item 0 (scored highest), relevant {1}; user 1 has no relevant items.
    const train = buildCsr(2, 4, Int32Array.of(0), Int32Array.of(0));
    const test = buildCsr(2, 4, Int32Array.of(0), Int32Array.of(1));
    const scorer = (users: Int32Array) => {
      const out = new Float32Array(users.length * 4);
      for (let r = 0; r < users.length; r++) out.set([9, 5, 7, 1], r * 4);
      return out;
    };
    const m = evaluateRanking(scorer, test, [train], { ks: [1, 2] });
    expect(m['recall@1']).toBe(0); // item 2 outranks item 1 once item 0 is excluded
    expect(m['recall@2']).toBe(1);
    expect(m['mrr@2']).toBe(0.5);
    expect(m['coverage@2']).toBe(0.5);
    const leaky = evaluateRanking(scorer, test, [], { ks: [2] });
    expect(leaky['recall@2']).toBe(0); // without exclusion the training item takes a slot
  });

  it('evaluateRanking reports each counted user to onUser, and the mean of those is its value', () => {
    // 3 users × 3 items, no exclusions; users 0 and 2 have relevant items, user 1 none (not counted).
    const test = buildCsr(3, 3, Int32Array.of(0, 2), Int32Array.of(0, 2));
    const scorer = (users: Int32Array) => {
      const out = new Float32Array(users.length * 3);
      for (let r = 0; r < users.length; r++) out.set([3, 2, 1], r * 3);
      return out;
    };
    const seen: [number, number][] = [];
    const m = evaluateRanking(scorer, test, [], { ks: [2], onUser: (u, v) => seen.push([u, v['hit@2']!]) });
    expect(seen).toEqual([
      [0, 1],
      [2, 0],
    ]);
    expect(m['hit@2']).toBe(0.5);
  });
});
