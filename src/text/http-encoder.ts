/**
 * Client of any OpenAI-compatible embeddings endpoint (`POST {base}/v1/embeddings`, body
 * `{model, input: string[]}`, reply `{data: [{index, embedding}]}`), which Ollama, vLLM, HF TEI,
 * LocalAI and OpenAI all serve. Texts go in batches of `batchSize`; each request has its own timeout
 * (AbortController); 429, 5xx, timeouts and network errors are retried with exponential backoff and
 * jitter (honouring Retry-After), the usual contract of rate-limited inference servers. Other 4xx are
 * not retried. Failures become typed errors naming the URL, so an operator sees which setting is wrong.
 */
import { AppError, BadInputError, UnavailableError } from '../domain/errors';
import { normalizeInPlace } from '../domain/vectors';
import type { TextEncoder } from './encoder';

export interface HttpEncoderOptions {
  /** Base URL ("http://localhost:11434", ".../v1") or the full ".../v1/embeddings" URL. */
  url: string;
  model: string;
  apiKey?: string;
  /** Known vector length; otherwise learned from the first reply. */
  dimension?: number;
  timeoutMs?: number;
  batchSize?: number;
  /** Retries after the first attempt. */
  maxRetries?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
}

export const HTTP_ENCODER_DEFAULTS = {
  timeoutMs: 30_000,
  batchSize: 64,
  maxRetries: 4,
  retryBaseMs: 250,
  retryMaxMs: 8_000,
};

/** Normalises the configured URL to the embeddings route. */
export function embeddingsUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new BadInputError('url', `embedding url must be an absolute http(s) URL (got ${url})`, url);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new BadInputError('url', `embedding url must use http or https (got ${parsed.protocol})`, url);
  }
  const path = parsed.pathname.replace(/\/+$/, '');
  if (path.endsWith('/embeddings')) parsed.pathname = path;
  else if (path.endsWith('/v1')) parsed.pathname = `${path}/embeddings`;
  else parsed.pathname = `${path}/v1/embeddings`;
  return parsed.toString();
}

class RetryableError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
    readonly cause?: unknown,
  ) {
    super(message);
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

export class HttpEncoder implements TextEncoder {
  readonly modelId: string;
  readonly endpoint: string;
  private dim: number;
  private readonly opts: typeof HTTP_ENCODER_DEFAULTS;
  private readonly fetchFn: typeof fetch;

  constructor(private readonly options: HttpEncoderOptions) {
    if (!options.model)
      throw new BadInputError('model', 'embedding model must be set for the http encoder', options.model);
    this.endpoint = embeddingsUrl(options.url);
    this.opts = {
      timeoutMs: options.timeoutMs ?? HTTP_ENCODER_DEFAULTS.timeoutMs,
      batchSize: options.batchSize ?? HTTP_ENCODER_DEFAULTS.batchSize,
      maxRetries: options.maxRetries ?? HTTP_ENCODER_DEFAULTS.maxRetries,
      retryBaseMs: options.retryBaseMs ?? HTTP_ENCODER_DEFAULTS.retryBaseMs,
      retryMaxMs: options.retryMaxMs ?? HTTP_ENCODER_DEFAULTS.retryMaxMs,
    };
    if (!(this.opts.batchSize >= 1))
      throw new BadInputError(
        'batchSize',
        `batchSize must be at least 1 (got ${this.opts.batchSize})`,
        this.opts.batchSize,
      );
    if (!(this.opts.timeoutMs > 0))
      throw new BadInputError(
        'timeoutMs',
        `timeoutMs must be positive (got ${this.opts.timeoutMs})`,
        this.opts.timeoutMs,
      );
    this.dim = options.dimension ?? 0;
    this.modelId = `http:${options.model}${options.dimension ? `:d${options.dimension}` : ''}`;
    this.fetchFn = options.fetch ?? fetch;
  }

  get dimension(): number {
    return this.dim;
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += this.opts.batchSize) {
      out.push(...(await this.embedBatchWithRetry(texts.slice(start, start + this.opts.batchSize))));
    }
    return out;
  }

  private async embedBatchWithRetry(batch: string[]): Promise<Float32Array[]> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.embedBatch(batch);
      } catch (error) {
        if (!(error instanceof RetryableError)) throw error;
        if (attempt >= this.opts.maxRetries) {
          throw new UnavailableError(
            `embedding endpoint ${this.endpoint} failed after ${attempt + 1} attempt(s): ${error.message}`,
            error.cause ?? error,
          );
        }
        const backoff = Math.min(this.opts.retryMaxMs, this.opts.retryBaseMs * 2 ** attempt);
        const jittered = backoff * (0.5 + Math.random() / 2);
        await sleep(Math.min(this.opts.retryMaxMs, Math.max(jittered, error.retryAfterMs ?? 0)));
      }
    }
  }

  private async embedBatch(batch: string[]): Promise<Float32Array[]> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.opts.timeoutMs);
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    let response: Response;
    let body: string;
    try {
      response = await this.fetchFn(this.endpoint, {
        method: 'POST',
        headers,
        body: JSON.stringify({ model: this.options.model, input: batch, encoding_format: 'float' }),
        signal: controller.signal,
      });
      body = await response.text();
    } catch (error) {
      if (controller.signal.aborted)
        throw new RetryableError(`no reply within ${this.opts.timeoutMs} ms`, undefined, error);
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new RetryableError(
        `unreachable (${cause?.code ?? cause?.message ?? (error as Error).message})`,
        undefined,
        error,
      );
    } finally {
      clearTimeout(timer);
    }
    if (response.status === 429 || response.status >= 500) {
      throw new RetryableError(
        `HTTP ${response.status} ${snippet(body)}`,
        retryAfterMs(response.headers.get('retry-after')),
      );
    }
    if (response.status === 401 || response.status === 403) {
      throw new UnavailableError(
        `embedding endpoint ${this.endpoint} rejected the credentials (HTTP ${response.status}); check the API key`,
      );
    }
    if (!response.ok) {
      throw new AppError(
        'INTERNAL_SERVER_ERROR',
        `embedding endpoint ${this.endpoint} answered HTTP ${response.status}: ${snippet(body)}`,
        {
          url: this.endpoint,
          status: response.status,
          model: this.options.model,
        },
      );
    }
    return this.parse(body, batch.length);
  }

  private parse(body: string, expected: number): Float32Array[] {
    const bad = (why: string) =>
      new AppError('INTERNAL_SERVER_ERROR', `embedding endpoint ${this.endpoint} sent a malformed reply: ${why}`, {
        url: this.endpoint,
      });
    let json: { data?: Array<{ index?: number; embedding?: unknown }> };
    try {
      json = JSON.parse(body);
    } catch {
      throw bad(`not JSON (${snippet(body)})`);
    }
    const data = json?.data;
    if (!Array.isArray(data) || data.length !== expected)
      throw bad(`expected ${expected} embeddings, got ${Array.isArray(data) ? data.length : 'none'}`);
    const out = new Array<Float32Array>(expected);
    data.forEach((item, position) => {
      const index = typeof item.index === 'number' ? item.index : position;
      if (!Array.isArray(item.embedding) || index < 0 || index >= expected || out[index])
        throw bad(`item ${position} has no usable embedding`);
      const vector = Float32Array.from(item.embedding as number[]);
      if (this.dim === 0) this.dim = vector.length;
      if (vector.length !== this.dim) throw bad(`dimension ${vector.length}, expected ${this.dim}`);
      out[index] = normalizeInPlace(vector) as Float32Array;
    });
    return out;
  }
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 197)}...` : flat;
}
