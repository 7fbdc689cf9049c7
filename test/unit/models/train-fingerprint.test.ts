import { buildCsr } from '../../../src/graph/csr';
import { LIGHTGCN_DEFAULTS, lightGcnCacheKey } from '../../../src/models/lightgcn';
import { trainFingerprint } from '../../../src/models/train-fingerprint';
import type { TrainData } from '../../../src/models/types';

const noSocial = buildCsr(3, 3, new Int32Array(0), new Int32Array(0));
const data = (items: number[], weights?: number[]) => ({
  userItems: buildCsr(
    3,
    4,
    Int32Array.of(0, 1, 2),
    Int32Array.from(items),
    weights ? Float32Array.from(weights) : undefined,
  ),
  social: noSocial,
});

describe('trainFingerprint', () => {
  it('is the same for the same data and differs for another split of the same size', () => {
    expect(trainFingerprint(data([0, 1, 2]))).toBe(trainFingerprint(data([0, 1, 2])));
    expect(trainFingerprint(data([0, 1, 3]))).not.toBe(trainFingerprint(data([0, 1, 2])));
  });

  it('sees engagement weights and follows', () => {
    expect(trainFingerprint(data([0, 1, 2], [1, 1, 2]))).not.toBe(trainFingerprint(data([0, 1, 2], [1, 1, 1])));
    const followed = { ...data([0, 1, 2]), social: buildCsr(3, 3, Int32Array.of(0, 1), Int32Array.of(1, 0)) };
    expect(trainFingerprint(followed)).not.toBe(trainFingerprint(data([0, 1, 2])));
  });
});

describe("LightGCN's embedding-cache key", () => {
  // The served model trains LightGCN twice per seed on data of the same sizes (the snapshot's and the
  // train-ranker hold-out's): their keys must differ, or the hold-out would read the full data's embeddings.
  const train = (items: number[]) => ({ ...data(items), numUsers: 3, numItems: 4 }) as unknown as TrainData;
  const ctx = { dataset: 'lastfm', seed: 1 };
  it('differs between two trainings of the same sizes and options', () => {
    const key = lightGcnCacheKey(train([0, 1, 2]), LIGHTGCN_DEFAULTS, ctx);
    expect(lightGcnCacheKey(train([0, 1, 2]), LIGHTGCN_DEFAULTS, ctx)).toBe(key);
    expect(lightGcnCacheKey(train([0, 1, 3]), LIGHTGCN_DEFAULTS, ctx)).not.toBe(key);
    expect(lightGcnCacheKey(train([0, 1, 2]), LIGHTGCN_DEFAULTS, { ...ctx, seed: 2 })).not.toBe(key);
  });
});
