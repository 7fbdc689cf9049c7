import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AppError, BadInputError, UnavailableError } from '../../../src/domain/errors';
import { norm } from '../../../src/domain/vectors';
import { HttpEncoder, embeddingsUrl } from '../../../src/text/http-encoder';

type Handler = (body: { model: string; input: string[] }, req: IncomingMessage, res: ServerResponse) => void;

/** A stub OpenAI-compatible server on 127.0.0.1:<free port>; each test sets `handler`. */
let server: Server;
let base: string;
let handler: Handler;
const requests: { path: string; auth?: string; body: { model: string; input: string[] } }[] = [];

/** Embedding of text t: [length, vowel count, 1], so tests can check order and normalisation. */
const fakeVector = (t: string) => [t.length, (t.match(/[aeiou]/g) ?? []).length, 1];
const ok: Handler = (body, _req, res) => {
  res.setHeader('content-type', 'application/json');
  // reply in reverse order with explicit indices, as some servers do
  const data = body.input.map((t, index) => ({ object: 'embedding', index, embedding: fakeVector(t) })).reverse();
  res.end(JSON.stringify({ object: 'list', model: body.model, data }));
};

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const body = JSON.parse(raw || '{}');
      requests.push({ path: req.url ?? '', auth: req.headers.authorization, body });
      handler(body, req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  requests.length = 0;
  handler = ok;
});

const fast = { retryBaseMs: 5, retryMaxMs: 20 };

describe('HttpEncoder', () => {
  it('normalises the configured URL to the embeddings route', () => {
    expect(embeddingsUrl('http://h:11434')).toBe('http://h:11434/v1/embeddings');
    expect(embeddingsUrl('http://h/v1/')).toBe('http://h/v1/embeddings');
    expect(embeddingsUrl('https://api.openai.com/v1/embeddings')).toBe('https://api.openai.com/v1/embeddings');
    expect(() => embeddingsUrl('localhost:11434')).toThrow(BadInputError);
  });

  it('embeds in batches, in input order, normalised, with the API key', async () => {
    const encoder = new HttpEncoder({ url: base, model: 'nomic-embed-text', apiKey: 'sk-test', batchSize: 2, ...fast });
    expect(encoder.dimension).toBe(0);
    const texts = ['a', 'bee', 'cdef', 'ghi', 'jk'];
    const vectors = await encoder.embed(texts);
    expect(requests.map((r) => r.body.input)).toEqual([['a', 'bee'], ['cdef', 'ghi'], ['jk']]);
    expect(requests[0]!.path).toBe('/v1/embeddings');
    expect(requests[0]!.body.model).toBe('nomic-embed-text');
    expect(requests[0]!.auth).toBe('Bearer sk-test');
    expect(encoder.dimension).toBe(3);
    vectors.forEach((v, i) => {
      const raw = fakeVector(texts[i]!);
      const n = Math.hypot(...raw);
      expect(Array.from(v).map((x) => +x.toFixed(5))).toEqual(raw.map((x) => +(x / n).toFixed(5)));
      expect(norm(v)).toBeCloseTo(1, 5);
    });
    expect(encoder.modelId).toBe('http:nomic-embed-text');
  });

  it('retries after a 500 and a 429, then succeeds', async () => {
    let calls = 0;
    handler = (body, req, res) => {
      calls++;
      if (calls === 1) return void res.writeHead(500).end('overloaded');
      if (calls === 2) return void res.writeHead(429, { 'retry-after': '0' }).end('slow down');
      ok(body, req, res);
    };
    const encoder = new HttpEncoder({ url: base, model: 'm', ...fast });
    const [v] = await encoder.embed(['hello']);
    expect(calls).toBe(3);
    expect(v).toHaveLength(3);
  });

  it('gives up after maxRetries with UNAVAILABLE naming the URL', async () => {
    handler = (_body, _req, res) => void res.writeHead(503).end('down');
    const encoder = new HttpEncoder({ url: base, model: 'm', maxRetries: 2, ...fast });
    const error = await encoder.embed(['x']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as AppError).code).toBe('UNAVAILABLE');
    expect((error as Error).message).toContain(`${base}/v1/embeddings`);
    expect(requests).toHaveLength(3);
  });

  it('times out a request that never answers', async () => {
    handler = () => undefined; // never responds
    const encoder = new HttpEncoder({ url: base, model: 'm', timeoutMs: 100, maxRetries: 1, ...fast });
    const error = await encoder.embed(['x']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as Error).message).toMatch(/within 100 ms/);
    expect(requests).toHaveLength(2);
  });

  it('fails with UNAVAILABLE naming the URL when nothing listens on the port', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const encoder = new HttpEncoder({ url: `http://127.0.0.1:${port}`, model: 'm', maxRetries: 1, ...fast });
    const error = await encoder.embed(['x']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as Error).message).toContain(`http://127.0.0.1:${port}/v1/embeddings`);
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
  });

  it('does not retry other 4xx and reports malformed replies', async () => {
    handler = (_body, _req, res) => void res.writeHead(404).end('model "m" not found');
    const encoder = new HttpEncoder({ url: base, model: 'm', ...fast });
    const notFound = await encoder.embed(['x']).catch((e: unknown) => e);
    expect((notFound as AppError).code).toBe('INTERNAL_SERVER_ERROR');
    expect(requests).toHaveLength(1);

    handler = (_body, _req, res) => void res.end(JSON.stringify({ data: [] }));
    const malformed = await encoder.embed(['x']).catch((e: unknown) => e);
    expect((malformed as AppError).code).toBe('INTERNAL_SERVER_ERROR');
    expect((malformed as Error).message).toMatch(/expected 1 embeddings/);
  });

  it('reports rejected credentials as UNAVAILABLE without retrying', async () => {
    handler = (_body, _req, res) => void res.writeHead(401).end('bad key');
    const encoder = new HttpEncoder({ url: base, model: 'm', apiKey: 'wrong', ...fast });
    const error = await encoder.embed(['x']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    expect(requests).toHaveLength(1);
  });

  it('rejects a missing model', () => {
    expect(() => new HttpEncoder({ url: base, model: '' })).toThrow(BadInputError);
  });
});
