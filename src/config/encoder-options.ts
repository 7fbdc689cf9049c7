/** Config → text encoder factory options (the text adapters never read the environment). */
import type { EncoderFactoryOptions } from '../text/create-encoder';
import type { EmbeddingConfig } from './config';

export function encoderOptions(e: EmbeddingConfig): EncoderFactoryOptions {
  return {
    kind: e.kind,
    url: e.url,
    model: e.model,
    apiKey: e.apiKey,
    modelDir: e.modelDir,
    cacheDir: e.cacheDir,
    timeoutMs: e.timeoutMs,
    fetchModel: e.fetchModel,
    maxLength: e.maxLength,
    backend: e.backend,
  };
}
