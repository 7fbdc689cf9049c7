/**
 * The `served` eval model ranks what recommendMedia serves: on a small dataset, its top-k per user
 * equals the feed of a RecommendService whose snapshot is built by the serving builder from the same
 * data (the same graph embeddings, text vectors and per-snapshot default ranker).
 */
import { buildCsr, transposeCsr } from '../../../src/graph/csr';
import type { Logger } from '../../../src/logging/logger';
import type { TrainData } from '../../../src/models/types';
import { buildServingData } from '../../../src/pipeline/serving-data';
import { DefaultRankerSource } from '../../../src/recommend/default-ranker-source';
import { RecommendService } from '../../../src/recommend/recommend-service';
import { ServingState } from '../../../src/recommend/serving-state';
import { projectionFromTrain } from '../../../src/eval/projection';
import { ServedRecommender, SERVED_DEFAULTS } from '../../../src/eval/served-model';
import type { TextEncoder } from '../../../src/text/encoder';

function tinyData(): TrainData {
  let s = 7;
  const rnd = (): number => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const nu = 40;
  const ni = 60;
  const src: number[] = [];
  const dst: number[] = [];
  const w: number[] = [];
  for (let u = 0; u < nu; u++) {
    const taste = u % 3;
    for (let i = 0; i < ni; i++)
      if (rnd() < (i % 3 === taste ? 0.35 : 0.05)) {
        src.push(u);
        dst.push(i);
        w.push(1 + Math.floor(rnd() * 20));
      }
  }
  const userItems = buildCsr(nu, ni, Int32Array.from(src), Int32Array.from(dst), Float32Array.from(w));
  const fs: number[] = [];
  const fd: number[] = [];
  for (let u = 0; u + 3 < nu; u += 2) {
    fs.push(u, u + 3);
    fd.push(u + 3, u);
  }
  const social = buildCsr(nu, nu, Int32Array.from(fs), Int32Array.from(fd));
  social.weights.fill(1);
  const tagItem = Int32Array.from({ length: ni }, (_, i) => i);
  const tag = Int32Array.from({ length: ni }, (_, i) => i % 3);
  return {
    numUsers: nu,
    numItems: ni,
    userItems,
    itemUsers: transposeCsr(userItems),
    social,
    itemTags: { item: tagItem, tag, numTags: 3 },
    tagNames: ['rock', 'jazz', 'folk'],
    itemTexts: Array.from({ length: ni }, (_, i) => `item ${i} ${['rock', 'jazz', 'folk'][i % 3]}`),
  };
}

/** Deterministic 8-d text vectors: one axis per genre plus noise by id. */
const encoder = {
  modelId: 'test-8',
  embed: async (texts: string[]) =>
    texts.map((t) => {
      const v = new Float32Array(8);
      v[['rock', 'jazz', 'folk'].findIndex((g) => t.includes(g))] = 1;
      v[3 + (t.length % 5)] = 0.5;
      const n = Math.hypot(...v);
      return v.map((x) => x / n);
    }),
};

const silent: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silent,
};

describe('served eval model', () => {
  it('ranks each user what RecommendService serves from the same data', async () => {
    const train = tinyData();
    const served = new ServedRecommender({ ...SERVED_DEFAULTS, graphModel: 'none' });
    await served.fit(train, { seed: 1, log: () => undefined, textEncoder: encoder });
    const { data: evalData } = served.serving;
    expect(evalData.content?.dim).toBe(8);

    // The serving side: the snapshot builder over the same projection and text vectors.
    const projection = projectionFromTrain(train);
    const vectors = await encoder.embed(train.itemTexts!);
    const text = new Map(projection.itemIds.map((id, i) => [id, vectors[i]!]));
    const parts = buildServingData({
      projection,
      embeddings: { users: new Map(), media: new Map() },
      text,
      context: [],
    });
    const state = new ServingState({
      load: async (version) => ({ version, loadedAt: Date.now(), ...parts }),
      logger: silent,
      minReloadIntervalMs: 0,
    });
    await state.reload();
    const rankers = new DefaultRankerSource();
    const service = new RecommendService({
      state,
      encoder: encoder as unknown as TextEncoder,
      ranker: () => rankers.forData(state.snapshot.data),
      userExists: async () => true,
    });

    const k = 10;
    const scores = served.score(Int32Array.from({ length: train.numUsers }, (_, u) => u));
    let compared = 0;
    for (let u = 0; u < train.numUsers; u++) {
      const feed = await service.recommendMedia({ userId: `u${u}`, first: k, feed: null });
      const row = scores.subarray(u * train.numItems, (u + 1) * train.numItems);
      const top = [...row.keys()]
        .filter((i) => row[i]! > -Infinity)
        .sort((a, b) => row[b]! - row[a]!)
        .slice(0, k)
        .map((i) => `i${i}`);
      expect(top).toEqual(feed.items.map((x) => x.mediaId));
      compared += top.length;
    }
    expect(compared).toBe(train.numUsers * k);
  });
});
