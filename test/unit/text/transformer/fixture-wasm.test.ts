/**
 * all-MiniLM-L6-v2 in TensorFlow.js (wasm backend) against the reference implementation: identical
 * token ids and cosine ≥ 0.999 for all 31 fixture texts, input order kept across length-sorted
 * batches, and no tensor or byte left behind after embedding; in this thread and on worker threads.
 */
import * as tf from '@tensorflow/tfjs';
import { TransformerEncoder } from '../../../../src/text/transformer/transformer-encoder';
import { cosine, referenceItems, requireMiniLm } from '../support/minilm';

jest.setTimeout(300_000);

describe('transformer encoder on wasm: all-MiniLM-L6-v2 equals the reference', () => {
  const items = referenceItems();
  let encoder: TransformerEncoder;

  beforeAll(async () => {
    encoder = await TransformerEncoder.load({ modelDir: requireMiniLm(), backend: 'wasm', batchSize: 8, threads: 0 });
  });
  afterAll(async () => {
    await encoder?.close();
  });

  it('runs on wasm and names the folder, its content hash and the settings in modelId', () => {
    expect(encoder.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(encoder.dimension).toBe(384);
    expect(encoder.modelId).toMatch(/^transformer:all-MiniLM-L6-v2:[0-9a-f]{12}:L256:mean$/);
  });

  it('tokenises every text to the reference ids (accents, CJK, emoji, URL, empty, > 256 tokens)', () => {
    for (const item of items)
      expect({ text: item.text, ids: encoder.tokenize(item.text) }).toEqual({ text: item.text, ids: item.inputIds });
    expect(items.some((i) => i.inputIds.length === 256)).toBe(true);
    expect(encoder.tokenize('')).toEqual([101, 102]);
  });

  it('embeds every text within cosine 0.999 of the reference, unit length, in input order', async () => {
    const vectors = await encoder.embed(items.map((i) => i.text));
    expect(vectors).toHaveLength(items.length);
    items.forEach((item, i) => {
      const c = cosine(vectors[i]!, item.embedding);
      if (c < 0.999) throw new Error(`cosine ${c} < 0.999 for ${JSON.stringify(item.text)}`);
      expect(Math.hypot(...vectors[i]!)).toBeCloseTo(1, 5);
    });
  });

  it('gives the same vector for a text alone or inside a batch of other lengths', async () => {
    const texts = [items[30]!.text, 'heavy metal', items[5]!.text, ''];
    const together = await encoder.embed(texts);
    for (const [i, text] of texts.entries()) {
      const [alone] = await encoder.embed([text]);
      expect(cosine(alone!, together[i]!)).toBeGreaterThan(0.99999);
    }
  });

  it('keeps tf.memory() flat across batches: every intermediate tensor is disposed', async () => {
    const texts = items.slice(0, 20).map((i) => i.text); // three batches of at most 8
    const before = tf.memory();
    for (let round = 0; round < 2; round++) {
      await encoder.embed(texts);
      expect(tf.memory().numTensors).toBe(before.numTensors);
      expect(tf.memory().numBytes).toBe(before.numBytes);
    }
  });

  it('gives the same vectors on a pool of worker threads, whose tfjs memory stays flat too', async () => {
    const pool = await TransformerEncoder.load({
      modelDir: requireMiniLm(),
      backend: 'wasm',
      batchSize: 8,
      threads: 2,
    });
    try {
      expect(pool.threads).toBe(2);
      expect(pool.modelId).toBe(encoder.modelId);
      const texts = items.map((i) => i.text);
      const before = await pool.memory();
      expect(before).toHaveLength(2);
      const [fromPool, inProcess] = [await pool.embed(texts), await encoder.embed(texts)];
      items.forEach((item, i) => {
        expect(cosine(fromPool[i]!, inProcess[i]!)).toBeGreaterThan(0.99999);
        expect(cosine(fromPool[i]!, item.embedding)).toBeGreaterThan(0.999);
      });
      expect(await pool.memory()).toEqual(before);
    } finally {
      await pool.close();
    }
    await expect(pool.embed(['closed'])).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
