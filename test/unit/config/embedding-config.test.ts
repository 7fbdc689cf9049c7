import { loadConfig } from '../../../src/config/config';
import { encoderOptions } from '../../../src/config/encoder-options';

describe('embedding config', () => {
  test('the transformer is the default; EMBEDDING_URL still means http', () => {
    const c = loadConfig({});
    expect(c.embedding).toMatchObject({
      kind: 'transformer',
      modelDir: undefined,
      cacheDir: '.cache',
      fetchModel: true,
      maxLength: undefined,
      backend: undefined,
    });
    expect(loadConfig({ EMBEDDING_URL: 'http://e/v1', EMBEDDING_MODEL: 'm' }).embedding.kind).toBe('http');
    expect(loadConfig({ EMBEDDING_MODEL_DIR: '/models/bge-small' }).embedding).toMatchObject({
      kind: 'transformer',
      modelDir: '/models/bge-small',
    });
  });

  test('transformer settings reach the encoder options', () => {
    const c = loadConfig({
      EMBEDDING_MODEL_FETCH: 'false',
      EMBEDDING_MAX_LENGTH: '128',
      TFJS_BACKEND: 'wasm',
      EMBEDDING_KIND: 'transformer',
    });
    expect(encoderOptions(c.embedding)).toMatchObject({
      kind: 'transformer',
      fetchModel: false,
      maxLength: 128,
      backend: 'wasm',
    });
  });

  test('bad embedding keys are listed with the others', () => {
    expect(() =>
      loadConfig({ EMBEDDING_KIND: 'bert', EMBEDDING_MODEL_FETCH: 'maybe', EMBEDDING_MAX_LENGTH: '1' }),
    ).toThrow(
      expect.objectContaining({
        details: {
          problems: expect.arrayContaining([
            expect.stringMatching(/^EMBEDDING_KIND must be one of transformer/),
            expect.stringMatching(/^EMBEDDING_MODEL_FETCH/),
            expect.stringMatching(/^EMBEDDING_MAX_LENGTH/),
          ]),
        },
      }),
    );
  });
});
