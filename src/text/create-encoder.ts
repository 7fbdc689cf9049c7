/**
 * Builds the configured encoder from plain options (the config layer maps EMBEDDING_* env keys onto
 * these; this file never reads env). `kind` defaults to 'word-vectors', the offline default that
 * needs no configuration. Loading is async because ONNX sessions and the word-vector cache are read
 * (or built) here, once, at startup.
 */
import { BadInputError } from '../domain/errors';
import { ENCODER_KINDS, type EncoderKind, type TextEncoder } from './encoder';
import { HashingEncoder } from './hashing-encoder';
import { HttpEncoder } from './http-encoder';
import { OnnxEncoder } from './onnx-encoder';
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
  // onnx
  modelDir?: string;
  pooling?: 'mean' | 'cls';
  maxLength?: number;
  dtype?: 'fp32' | 'fp16' | 'q8' | 'int8' | 'uint8' | 'q4';
  threads?: number;
  // http + onnx
  batchSize?: number;
  // http (known size) + hashing (chosen size)
  dimension?: number;
  // word-vectors
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

export async function createEncoder(options: EncoderFactoryOptions = {}): Promise<TextEncoder> {
  const kind = options.kind ?? 'word-vectors';
  switch (kind) {
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
      return createWordVectorEncoder({
        cacheDir: options.cacheDir,
        cachePath: options.cachePath,
        vocabularySize: options.vocabularySize,
        sifA: options.sifA,
        removeCommonComponent: options.removeCommonComponent,
      });
    case 'hashing':
      return new HashingEncoder({ dimension: options.dimension });
    default:
      throw new BadInputError('kind', `encoder kind must be one of ${ENCODER_KINDS.join(', ')} (got ${String(kind)})`, kind);
  }
}
