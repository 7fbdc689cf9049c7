/** Ranker training examples (serving code: the train-ranker job and the fused evaluation model use them). */
import { buildCsr } from '../../../src/graph/csr';
import { NUM_FEATURES, FEATURE_INDEX } from '../../../src/ranking/features';
import { collectRankerExamples } from '../../../src/ranking/ranker-training';
import { tinyData } from './fixtures';

describe('collectRankerExamples: adjustSignals and hard negatives', () => {
  it('uses the adjusted co-engagement signal and takes the top-scored negatives first', () => {
    const data = tinyData();
    // user 4 holds out item 2; every other item is a candidate via popularity.
    const heldOut = buildCsr(5, 8, Int32Array.of(4), Int32Array.of(2));
    const fake = Float32Array.from([0.1, 0.2, 0.9, 0.3, 0.8, 0.05, 0, 0.7]);
    const ex = collectRankerExamples(data, heldOut, {
      negativesPerUser: 2,
      hardNegatives: 2,
      seed: 1,
      rank: {
        perSource: { graph: 8, coEngagement: 8, social: 8, content: 8, query: 0, popular: 8, trending: 0, fresh: 0 },
      },
      adjustSignals: (_u, s) => {
        s.co = { scores: fake, best: s.co.best };
      },
    });
    expect(Array.from(ex.labels)).toEqual([1, 0, 0]);
    const co = [0, 1, 2].map((r) => ex.rows[r * NUM_FEATURES + FEATURE_INDEX.coEngagement]!);
    // positive (item 2, 0.9), then the two highest-scored negatives: items 4 (0.8) and 7 (0.7).
    expect(co[0]).toBeCloseTo(0.9, 5);
    expect(co[1]).toBeCloseTo(0.8, 5);
    expect(co[2]).toBeCloseTo(0.7, 5);
    expect(ex.candidateRecall).toBe(1);
  });
});
