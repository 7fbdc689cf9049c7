/** The fused model's dense EASE signal and the ranker's hard-negative sampling. */
import { buildCsr } from '../../../src/graph/csr';
import { initBackend } from '../../../src/models/backend';
import { easeScores, fitEase } from '../../../src/models/ease';
import { GraphEase } from '../../../src/models/graph-ease';
import { easeRow, FusedRecommender, lightUserList } from '../../../src/ranking/fused-model';
import { collectRankerExamples } from '../../../src/ranking/ranker-training';
import { NUM_FEATURES, FEATURE_INDEX } from '../../../src/ranking/features';
import { tinyData, tinyTrain } from './fixtures';

describe('fused: dense EASE row', () => {
  beforeAll(async () => {
    await initBackend({ preferred: 'cpu' });
  });

  it('equals easeScores (X_u·B) for every user', () => {
    const train = tinyTrain();
    const bin = { ...train, userItems: { ...train.userItems, weights: new Float32Array(train.userItems.weights.length).fill(1) } };
    const model = fitEase(bin, { lambda: 1, minUsers: 1 });
    for (let u = 0; u < train.numUsers; u++) {
      const want = new Float32Array(train.numItems);
      easeScores(model, bin, Int32Array.of(u), want);
      const got = easeRow(model, bin.userItems, u, train.numItems);
      for (let i = 0; i < train.numItems; i++) expect(got[i]).toBeCloseTo(want[i]!, 5);
    }
  });
});

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
      rank: { perSource: { graph: 8, coEngagement: 8, social: 8, content: 8, query: 0, popular: 8, trending: 0, fresh: 0 } },
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

describe('lightUserList', () => {
  it('keeps users with at most max training pairs and a held-out pair', () => {
    const train = tinyTrain().userItems; // pairs per user: 2, 3, 2, 2, 1
    const heldOut = buildCsr(5, 8, Int32Array.of(0, 1, 4), Int32Array.of(7, 7, 7));
    expect(Array.from(lightUserList(train, heldOut, 2))).toEqual([0, 4]);
    expect(Array.from(lightUserList(train, heldOut, 3))).toEqual([0, 1, 4]);
    expect(Array.from(lightUserList(train, heldOut, 0))).toEqual([]);
  });
});

describe('fused: graph-ease as the co-engagement signal', () => {
  beforeAll(async () => {
    await initBackend({ preferred: 'cpu' });
  });

  it("is graph-ease's full row (0 outside its item set), fitted on the training pairs only", async () => {
    const train = tinyTrain();
    const graphEase = { lambda: 1, minUsers: 1, gcnWeight: 0, tune: false, rp3Weight: 1 };
    const fused = new FusedRecommender({ coModel: 'graph-ease', graphEase, graph: 'none', content: 'none', contentScales: [1], epochs: 20, negativesPerUser: 3 });
    const validPairs = buildCsr(5, 8, Int32Array.of(0, 1, 2), Int32Array.of(2, 4, 0));
    const log = (): void => undefined;
    await fused.fit(train, { seed: 1, log, validPairs, backend: 'cpu' });
    const reference = new GraphEase(graphEase);
    await reference.fit(train, { seed: 1, log, backend: 'cpu' });
    for (let u = 0; u < train.numUsers; u++) {
      const want = Array.from(reference.score(Int32Array.of(u)), (v) => (v <= -1e8 ? 0 : v));
      expect(Array.from(fused.coRow(u)!)).toEqual(want);
    }
    // item 7 has no training user: outside EASE's item set, so 0, not graph-ease's −1e9 floor.
    expect(fused.coRow(0)![7]).toBe(0);
    const scores = fused.score(Int32Array.of(0, 4));
    expect(scores.every((v) => Number.isFinite(v))).toBe(true);
  });
});
