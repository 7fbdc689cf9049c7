/**
 * all-MiniLM-L6-v2 on the pure-JS cpu backend against the reference, all 31 texts. The cpu backend's
 * matMul runs at ~0.3 GFLOP/s here, so this file takes about a minute on two worker threads; it
 * proves the forward pass (including the batched attention the wasm backend skips for long texts)
 * does not depend on the wasm kernels.
 */
import * as tf from '@tensorflow/tfjs';
import { TransformerEncoder } from '../../../../src/text/transformer/transformer-encoder';
import { cosine, referenceItems, requireMiniLm } from '../support/minilm';

jest.setTimeout(900_000);

describe('transformer encoder on cpu: all-MiniLM-L6-v2 equals the reference', () => {
  it('embeds all 31 fixture texts within cosine 0.999 of the reference, leaving no tensors behind', async () => {
    const items = referenceItems();
    const encoder = await TransformerEncoder.load({ modelDir: requireMiniLm(), backend: 'cpu', threads: 2 });
    try {
      expect(encoder.backend).toBe('cpu');
      expect(tf.getBackend()).toBe('cpu');
      const before = await encoder.memory();
      const vectors = await encoder.embed(items.map((i) => i.text));
      expect(await encoder.memory()).toEqual(before);
      items.forEach((item, i) => {
        expect(encoder.tokenize(item.text)).toEqual(item.inputIds);
        const c = cosine(vectors[i]!, item.embedding);
        if (c < 0.999) throw new Error(`cosine ${c} < 0.999 for ${JSON.stringify(item.text)}`);
      });
    } finally {
      await encoder.close();
    }
  });
});
