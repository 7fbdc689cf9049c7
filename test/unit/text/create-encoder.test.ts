import { BadInputError } from '../../../src/domain/errors';
import { createEncoder } from '../../../src/text/create-encoder';
import { HashingEncoder } from '../../../src/text/hashing-encoder';
import { HttpEncoder } from '../../../src/text/http-encoder';
import { WordVectorEncoder } from '../../../src/text/word-vector-encoder';

jest.setTimeout(60_000);

describe('createEncoder', () => {
  it('defaults to the offline word-vector encoder', async () => {
    const encoder = await createEncoder();
    expect(encoder).toBeInstanceOf(WordVectorEncoder);
    expect(encoder.dimension).toBe(100);
  });

  it('builds the hashing and http encoders from plain options', async () => {
    const hashing = await createEncoder({ kind: 'hashing', dimension: 64 });
    expect(hashing).toBeInstanceOf(HashingEncoder);
    expect(hashing.dimension).toBe(64);
    const http = await createEncoder({ kind: 'http', url: 'http://127.0.0.1:1/v1', model: 'bge-m3', dimension: 1024 });
    expect(http).toBeInstanceOf(HttpEncoder);
    expect(http.modelId).toBe('http:bge-m3:d1024');
    expect(http.dimension).toBe(1024);
  });

  it('names the missing or bad option', async () => {
    await expect(createEncoder({ kind: 'http', model: 'm' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
    await expect(createEncoder({ kind: 'http', url: 'http://x' })).rejects.toMatchObject({ field: 'model' });
    await expect(createEncoder({ kind: 'onnx' })).rejects.toMatchObject({ field: 'modelDir' });
    await expect(createEncoder({ kind: 'nope' as never })).rejects.toBeInstanceOf(BadInputError);
  });
});
