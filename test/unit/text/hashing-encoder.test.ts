import { BadInputError } from '../../../src/domain/errors';
import { cosine, norm } from '../../../src/domain/vectors';
import { HashingEncoder } from '../../../src/text/hashing-encoder';
import { tuple } from '../../support/tuple';

describe('HashingEncoder', () => {
  const encoder = new HashingEncoder({ dimension: 512 });

  it('returns unit vectors of the configured dimension, deterministically', async () => {
    const [a, b] = tuple(await encoder.embed(['heavy metal guitar', 'heavy metal guitar']), 2);
    expect(a).toHaveLength(512);
    expect(norm(a)).toBeCloseTo(1, 5);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(encoder.modelId).toMatch(/^hashing:v1:d512:/);
  });

  it('puts texts that share words or word pieces closer than unrelated texts', async () => {
    const [metal, metals, lullaby] = tuple(
      await encoder.embed(['heavy metal guitar', 'Heavy metals guitars', 'baby lullaby']),
      3,
    );
    expect(cosine(metal, metals)).toBeGreaterThan(0.5);
    expect(cosine(metal, metals)).toBeGreaterThan(cosine(metal, lullaby) + 0.3);
  });

  it('encodes text with no tokens as the zero vector', async () => {
    const [empty] = tuple(await encoder.embed(['  !!! ']), 1);
    expect(norm(empty)).toBe(0);
  });

  it('changes its model id with its settings and rejects bad ones', () => {
    expect(new HashingEncoder({ dimension: 64 }).modelId).not.toBe(encoder.modelId);
    expect(() => new HashingEncoder({ dimension: 1 })).toThrow(BadInputError);
    expect(() => new HashingEncoder({ minN: 4, maxN: 3 })).toThrow(BadInputError);
  });
});
