/**
 * Builds the configured encoder from plain options (the config layer maps EMBEDDING_* env keys onto
 * these; this file never reads env). `kind` defaults to 'transformer': all-MiniLM-L6-v2 run in
 * TensorFlow.js from <cacheDir>/models (fetched on first use when `fetchModel` is on), or the folder
 * in `modelDir`; without the default model it falls back to word vectors with a warning (see
 * transformer/load-default.ts). Loading is async because model weights, ONNX sessions and the
 * word-vector cache are read (or built) here, once, at startup.
 */
import { BadInputError } from '../domain/errors';
import type { BackendName } from '../models/backend';
import { ENCODER_KINDS, type EncoderKind, type EncoderLog, type TextEncoder } from './encoder';
import { HashingEncoder } from './hashing-encoder';
import { HttpEncoder } from './http-encoder';
import { OnnxEncoder } from './onnx-encoder';
import { loadTransformerOrFallback } from './transformer/load-default';
import { createWordVectorEncoder } from './word-vector-encoder';

export interface EncoderFactoryOptions {
  kind?: EncoderKind;
  // http
  url?: string;
  model?: string;
  apiKey?: string;
  timeoutMs?: number;
  maxRetries?: number;
  retryBaseMs?: number;
  // transformer + onnx: the model folder (transformer: unset = the default model under cacheDir)
  modelDir?: string;
  maxLength?: number;
  // transformer
  /** Fetch the default model on first use when it is absent (the service turns this on). */
  fetchModel?: boolean;
  maxBatchTokens?: number;
  backend?: BackendName;
  /** Progress and fallback warnings (default: warnings to stderr). */
  log?: EncoderLog;
  // onnx
  pooling?: 'mean' | 'cls';
  dtype?: 'fp32' | 'fp16' | 'q8' | 'int8' | 'uint8' | 'q4';
  threads?: number;
  // transformer + http + onnx
  batchSize?: number;
  // http (known size) + hashing (chosen size)
  dimension?: number;
  // word-vectors (cache file) + transformer (default model folder)
  cacheDir?: string;
  cachePath?: string;
  vocabularySize?: number;
  sifA?: number;
  removeCommonComponent?: boolean;
}

function need(value: string | undefined, field: string, kind: EncoderKind): string {
  if (!value) throw new BadInputError(field, `${field} is required for the ${kind} encoder`, value);
  return value;
}

const STDERR_LOG: EncoderLog = {
  info: (message) => process.stderr.write(`${message}\n`),
  warn: (message) => process.stderr.write(`${message}\n`),
};

export async function createEncoder(options: EncoderFactoryOptions = {}): Promise<TextEncoder> {
  const kind = options.kind ?? 'transformer';
  const wordVectors = async (): Promise<TextEncoder> =>
    createWordVectorEncoder({
      cacheDir: options.cacheDir,
      cachePath: options.cachePath,
      vocabularySize: options.vocabularySize,
      sifA: options.sifA,
      removeCommonComponent: options.removeCommonComponent,
    });
  switch (kind) {
    case 'transformer':
      return loadTransformerOrFallback(
        {
          modelDir: options.modelDir,
          cacheDir: options.cacheDir,
          fetch: options.fetchModel,
          maxLength: options.maxLength,
          batchSize: options.batchSize,
          maxBatchTokens: options.maxBatchTokens,
          backend: options.backend,
          log: options.log ?? STDERR_LOG,
        },
        wordVectors,
      );
    case 'http':
      return new HttpEncoder({
        url: need(options.url, 'url', kind),
        model: need(options.model, 'model', kind),
        apiKey: options.apiKey,
        dimension: options.dimension,
        timeoutMs: options.timeoutMs,
        batchSize: options.batchSize,
        maxRetries: options.maxRetries,
        retryBaseMs: options.retryBaseMs,
      });
    case 'onnx':
      return OnnxEncoder.load({
        modelDir: need(options.modelDir, 'modelDir', kind),
        pooling: options.pooling,
        batchSize: options.batchSize,
        maxLength: options.maxLength,
        dtype: options.dtype,
        threads: options.threads,
      });
    case 'word-vectors':
      return wordVectors();
    case 'hashing':
      return new HashingEncoder({ dimension: options.dimension });
    default:
      throw new BadInputError(
        'kind',
        `encoder kind must be one of ${ENCODER_KINDS.join(', ')} (got ${String(kind)})`,
        kind,
      );
  }
}
