/**
 * @jest-environment ./test/unit/text/support/native-typed-arrays-environment.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnavailableError } from '../../../src/domain/errors';
import { OnnxEncoder, poolHiddenStates } from '../../../src/text/onnx-encoder';
import { SPECIAL, writeTinyModel } from './support/tiny-onnx';
import { tuple } from '../../support/tuple';

// vocabulary: [PAD] [UNK] [CLS] [SEP] then words; one 4-d embedding row per token
const WORDS = ['heavy', 'metal', 'baby', 'lullaby'];
const E = [
  [9, 9, 9, 9], // [PAD]: large, so pooling that forgets the mask is caught
  [0, 0, 0, 1], // [UNK]
  [1, 0, 0, 0], // [CLS]
  [0, 1, 0, 0], // [SEP]
  [2, 0, 1, 0], // heavy
  [0, 2, 1, 0], // metal
  [0, 0, 3, 1], // baby
  [1, 1, 0, 3], // lullaby
];
const row = (token: string): number[] => {
  const r = E[[...SPECIAL, ...WORDS].indexOf(token)];
  if (!r) throw new Error(`no embedding row for ${token}`);
  return r;
};

function expectedMean(tokens: string[]): number[] {
  const sum = [0, 0, 0, 0];
  for (const t of tokens) row(t).forEach((x, k) => (sum[k]! += x));
  const mean = sum.map((x) => x / tokens.length);
  const n = Math.hypot(...mean);
  return mean.map((x) => x / n);
}

describe('poolHiddenStates', () => {
  it('mean-pools over the attention mask and normalises; cls takes the first state', () => {
    const states = { dims: [1, 3, 2], data: Float32Array.from([1, 0, 3, 4, 100, 0]) };
    const mask = { dims: [1, 3], data: BigInt64Array.from([1n, 1n, 0n]) };
    const [mean] = tuple(poolHiddenStates(states, mask, 'mean'), 1);
    const n = Math.hypot(2, 2);
    expect(Array.from(mean)).toEqual([2 / n, 2 / n].map((x) => Math.fround(x)));
    const [cls] = tuple(poolHiddenStates(states, mask, 'cls'), 1);
    expect(Array.from(cls)).toEqual([1, 0]);
  });
});

describe('OnnxEncoder (tiny generated model, onnxruntime-node)', () => {
  let dir: string;
  let encoder: OnnxEncoder;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tiny-st-'));
    writeTinyModel(join(dir, 'tiny-st'), WORDS, E);
    encoder = await OnnxEncoder.load({ modelDir: join(dir, 'tiny-st'), batchSize: 8 });
  }, 30_000);

  afterAll(async () => {
    await encoder?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports dimension and a model id from the folder', () => {
    expect(encoder.dimension).toBe(4);
    expect(encoder.modelId).toBe('onnx:tiny-st:fp32:mean');
  });

  it('equals the mask-weighted mean of [CLS] tokens [SEP] rows, normalised, across a padded batch', async () => {
    const texts = ['Heavy metal', 'baby', 'lullaby for a BABY metal', 'unknownword heavy'];
    const vectors = await encoder.embed(texts);
    const expected = [
      expectedMean(['[CLS]', 'heavy', 'metal', '[SEP]']),
      expectedMean(['[CLS]', 'baby', '[SEP]']),
      expectedMean(['[CLS]', 'lullaby', '[UNK]', '[UNK]', 'baby', 'metal', '[SEP]']),
      expectedMean(['[CLS]', '[UNK]', 'heavy', '[SEP]']),
    ];
    vectors.forEach((v, i) => {
      expect(v).toHaveLength(4);
      Array.from(v).forEach((x, k) => expect(x).toBeCloseTo(expected[i]![k]!, 5));
    });
  });

  it('gives the same vector for a text alone or in a batch (batching does not leak padding)', async () => {
    const [alone] = tuple(await encoder.embed(['baby']), 1);
    const [, inBatch] = tuple(await encoder.embed(['lullaby heavy heavy metal metal', 'baby']), 2);
    Array.from(alone).forEach((x, k) => expect(inBatch[k]).toBeCloseTo(x, 6));
  });

  it('fails with UNAVAILABLE for a folder without a model', async () => {
    await expect(OnnxEncoder.load({ modelDir: join(dir, 'missing') })).rejects.toBeInstanceOf(UnavailableError);
  });
});
