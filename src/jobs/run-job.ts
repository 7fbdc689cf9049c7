/**
 * The offline jobs by name, with their options, for the CLI (`npm run job`) and any scheduler:
 * project → compute → write back to Neo4j.
 */
import type { Config } from '../config/config';
import { encoderOptions } from '../config/encoder-options';
import { BadInputError } from '../domain/errors';
import { initBackend } from '../models/backend';
import { resolveModelConfig } from '../config/model-config';
import { catalogueEntry, codeDefaults, MODELS } from '../models/catalogue';
import { isPlainObject } from '../models/options';
import type { StorePorts } from '../domain/ports';
import { createEncoder } from '../text/create-encoder';
import { runEmbedMediaJob } from './embed-media-job';
import { runEmbeddingJob } from './embedding-job';
import { runPagerankJob } from './pagerank-job';
import { runTrainRankerJob } from './train-ranker-job';

export const JOB_NAMES = ['pagerank', 'embeddings', 'embed-media', 'train-ranker', 'all'] as const;
export type JobName = (typeof JOB_NAMES)[number];

export interface JobOptions {
  /** Graph model for embeddings and the ranker's retraining (config/models/<model>.json). */
  model?: string;
  epochs?: number;
  seed?: number;
  log?: (line: string) => void;
  onProgress?: (done: number, total: number) => void;
}

export function isJobName(name: string): name is JobName {
  return (JOB_NAMES as readonly string[]).includes(name);
}

/** The model's config file with its `job` section, checked against the model's options; `epochs` (JOB_EPOCHS) on top. */
function jobConfig(model: string, epochs?: number): Record<string, unknown> {
  return resolveModelConfig(MODELS, model, {
    job: true,
    ...(epochs === undefined ? {} : { overrides: epochsOverride(model, epochs), overridesFrom: 'epochs' }),
  });
}

/** `epochs` where the model keeps it: its own option, else its graph component's (graph-text's gcn.epochs). */
function epochsOverride(model: string, epochs: number): Record<string, unknown> {
  const defaults = codeDefaults(MODELS, model);
  if (!('epochs' in defaults) && isPlainObject(defaults['gcn']) && 'epochs' in defaults['gcn'])
    return { gcn: { epochs } };
  return { epochs };
}

/** The configured encoder's stored media vectors (what embed-media and the upsert queue wrote). */
async function storedTextVectors(
  content: Pick<StorePorts, 'content'>['content'],
  config: Config,
  log: (line: string) => void,
): Promise<{ modelId: string; vectors: Map<string, Float32Array> }> {
  const encoder = await createEncoder(encoderOptions(config.embedding));
  try {
    const vectors = await content.readTextEmbeddings(encoder.modelId);
    log(`${vectors.size} stored ${encoder.modelId} text vectors`);
    return { modelId: encoder.modelId, vectors };
  } finally {
    await encoder.close?.();
  }
}

export async function runJob(
  name: JobName,
  stores: Pick<StorePorts, 'graph' | 'content'>,
  config: Config,
  options: JobOptions = {},
): Promise<Record<string, unknown>> {
  const log = options.log ?? (() => undefined);
  const model = options.model ?? 'lightgcn';
  const seed = options.seed ?? 1;
  switch (name) {
    case 'pagerank':
      return { ...(await runPagerankJob(stores.graph, log)) };
    case 'embed-media': {
      const encoder = await createEncoder(encoderOptions(config.embedding));
      log(`encoder ${encoder.modelId}`);
      return {
        ...(await runEmbedMediaJob(
          stores.content,
          encoder,
          options.onProgress ? { onProgress: options.onProgress } : {},
        )),
      };
    }
    case 'embeddings': {
      const backend = await initBackend({ preferred: config.tfjsBackend, log });
      const text = catalogueEntry(MODELS, model).text
        ? await storedTextVectors(stores.content, config, log)
        : undefined;
      return {
        backend: backend.name,
        ...(await runEmbeddingJob(stores.graph, {
          model,
          config: jobConfig(model, options.epochs),
          seed,
          backend: backend.name,
          log,
          ...(text ? { text } : {}),
        })),
      };
    }
    case 'train-ranker': {
      const backend = await initBackend({ preferred: config.tfjsBackend, log });
      const encoder = await createEncoder(encoderOptions(config.embedding));
      const r = await runTrainRankerJob(stores.graph, stores.content, {
        textModel: encoder.modelId,
        graphModel: model,
        graphConfig: jobConfig(model, options.epochs),
        backend: backend.name,
        seed,
        log,
      });
      return {
        examples: r.examples,
        positives: r.positives,
        candidateRecall: r.candidateRecall,
        heldOutPairs: r.heldOutPairs,
        weights: r.model.weights,
      };
    }
    case 'all': {
      const out: Record<string, unknown> = {};
      // Text vectors first: a model that reads text (graph-text) trains on them.
      for (const step of ['pagerank', 'embed-media', 'embeddings', 'train-ranker'] as const)
        out[step] = await runJob(step, stores, config, options);
      return out;
    }
    default:
      throw new BadInputError('job', `job must be one of ${JOB_NAMES.join(', ')} (got ${String(name)})`, name);
  }
}
