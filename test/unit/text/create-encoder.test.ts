import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BadInputError } from '../../../src/domain/errors';
import { createEncoder } from '../../../src/text/create-encoder';
import { HashingEncoder } from '../../../src/text/hashing-encoder';
import { HttpEncoder } from '../../../src/text/http-encoder';
import { loadTransformerOrFallback } from '../../../src/text/transformer/load-default';
import { TransformerEncoder } from '../../../src/text/transformer/transformer-encoder';
import { cacheFilePath } from '../../../src/text/word-vector-cache';
import { WordVectorEncoder } from '../../../src/text/word-vector-encoder';
import { requireMiniLm } from './support/minilm';

jest.setTimeout(120_000);

function recorder(): { info: jest.Mock; warn: jest.Mock } {
  return { info: jest.fn(), warn: jest.fn() };
}

describe('createEncoder', () => {
  let empty: string;
  beforeAll(() => {
    empty = mkdtempSync(join(tmpdir(), 'no-model-'));
  });
  afterAll(() => rmSync(empty, { recursive: true, force: true }));

  it('defaults to the transformer encoder on the default model folder (.cache/models/all-MiniLM-L6-v2)', async () => {
    requireMiniLm();
    const log = recorder();
    const encoder = await createEncoder({ log });
    expect(encoder).toBeInstanceOf(TransformerEncoder);
    expect(encoder.modelId).toMatch(/^transformer:all-MiniLM-L6-v2:/);
    expect(encoder.dimension).toBe(384);
    expect(log.warn).not.toHaveBeenCalled();
    await encoder.close?.();
  });

  it('falls back to word vectors, with a warning naming the fix, when the default model is absent', async () => {
    const log = recorder();
    const encoder = await createEncoder({ cacheDir: empty, cachePath: cacheFilePath(), log });
    expect(encoder).toBeInstanceOf(WordVectorEncoder);
    expect(encoder.dimension).toBe(100);
    expect(log.warn).toHaveBeenCalledWith(expect.stringContaining('npm run model:fetch'), expect.anything());
  });

  it('falls back with a warning when the default model cannot be fetched', async () => {
    const log = recorder();
    const fallback = jest.fn(async () => new HashingEncoder({ dimension: 8 }));
    const encoder = await loadTransformerOrFallback(
      { cacheDir: empty, fetch: true, python: join(empty, 'no-python'), log },
      fallback,
    );
    expect(encoder).toBeInstanceOf(HashingEncoder);
    expect(fallback).toHaveBeenCalledTimes(1);
    expect(log.info).toHaveBeenCalledWith(
      expect.stringContaining('first run, fetching all-MiniLM-L6-v2'),
      expect.anything(),
    );
    expect(log.warn).toHaveBeenCalledWith(expect.stringContaining('could not be fetched'), expect.anything());
  });

  it('never downgrades an explicitly configured folder: a missing one is an error', async () => {
    await expect(
      createEncoder({ kind: 'transformer', modelDir: join(empty, 'nope'), log: recorder() }),
    ).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('builds the hashing, http and word-vector encoders from plain options', async () => {
    const hashing = await createEncoder({ kind: 'hashing', dimension: 64 });
    expect(hashing).toBeInstanceOf(HashingEncoder);
    expect(hashing.dimension).toBe(64);
    const http = await createEncoder({ kind: 'http', url: 'http://127.0.0.1:1/v1', model: 'bge-m3', dimension: 1024 });
    expect(http).toBeInstanceOf(HttpEncoder);
    expect(http.modelId).toBe('http:bge-m3:d1024');
    expect(http.dimension).toBe(1024);
    const words = await createEncoder({ kind: 'word-vectors' });
    expect(words).toBeInstanceOf(WordVectorEncoder);
  });

  it('names the missing or bad option', async () => {
    await expect(createEncoder({ kind: 'http', model: 'm' })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'url',
    });
    await expect(createEncoder({ kind: 'http', url: 'http://x' })).rejects.toMatchObject({ field: 'model' });
    await expect(createEncoder({ kind: 'onnx' })).rejects.toMatchObject({ field: 'modelDir' });
    await expect(createEncoder({ kind: 'nope' as never })).rejects.toBeInstanceOf(BadInputError);
  });
});
