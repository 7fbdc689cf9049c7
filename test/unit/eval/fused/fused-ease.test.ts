/** The fused evaluation model: its dense EASE signal, light users, graph-ease row and tag-name content. */
import { buildCsr } from '../../../../src/graph/csr';
import { initBackend } from '../../../../src/models/backend';
import { easeScores, fitEase } from '../../../../src/models/ease';
import { GraphEase } from '../../../../src/models/graph-ease';
import { easeRow, FusedRecommender, lightUserList } from '../../../../src/eval/fused/fused-model';
import { createWordVectorEncoder } from '../../../../src/text/word-vector-encoder';
import { tinyTrain } from '../../ranking/fixtures';

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

describe('fused: content from the tag names TrainData carries (no dataset file read)', () => {
  beforeAll(async () => {
    await initBackend({ preferred: 'cpu' });
  });
  const contentOf = (f: FusedRecommender) => (f as unknown as { contentVectors?: { dim: number; items: Float32Array } }).contentVectors;
  const validPairs = () => buildCsr(5, 8, Int32Array.of(0, 1, 2), Int32Array.of(2, 4, 0));
  const options = { graph: 'none', contentScales: [1], epochs: 5, negativesPerUser: 3, easeLambda: 1, easeMinUsers: 1 };

  it("embeds each item's training tags by the dataset's own names", async () => {
    const train = { ...tinyTrain(), itemTags: { item: Int32Array.of(0, 0, 3), tag: Int32Array.of(0, 1, 1), numTags: 2 }, tagNames: ['heavy metal', 'piano'] };
    const lines: string[] = [];
    const fused = new FusedRecommender(options);
    await fused.fit(train, { seed: 1, log: (l) => lines.push(l), validPairs: validPairs(), backend: 'cpu' });
    const enc = createWordVectorEncoder();
    const v = contentOf(fused)!;
    expect(v.dim).toBe(enc.dimension);
    expect(Array.from(v.items.subarray(0, v.dim))).toEqual(Array.from(enc.embedOne('heavy metal, piano')));
    expect(Array.from(v.items.subarray(3 * v.dim, 4 * v.dim))).toEqual(Array.from(enc.embedOne('piano')));
    expect(v.items.subarray(v.dim, 2 * v.dim).every((x) => x === 0)).toBe(true);
    expect(lines).toContainEqual(expect.stringMatching(/^fused: content vectors for 2 items/));
  });

  it('has no content signal, and says so, when the dataset gives no tag names', async () => {
    const train = { ...tinyTrain(), itemTags: { item: Int32Array.of(0), tag: Int32Array.of(0), numTags: 1 } };
    const lines: string[] = [];
    const fused = new FusedRecommender(options);
    await fused.fit(train, { seed: 1, log: (l) => lines.push(l), validPairs: validPairs(), backend: 'cpu' });
    expect(contentOf(fused)).toBeUndefined();
    expect(lines).toContain('fused: no content signal (the dataset gives no tag names)');
  });
});
