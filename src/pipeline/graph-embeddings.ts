/**
 * The graph model's embeddings of a projection's users and media, trained as the embeddings job trains them
 * ('none': none, as a deployment that never ran it). Used by the train-ranker fit (on the edges it keeps)
 * and by `npm run eval -- --model served`.
 */
import type { GraphProjection, StoredEmbeddings } from '../domain/ports';
import { createModel, MODELS } from '../models/catalogue';
import type { FitContext } from '../models/types';
import { graphFromProjection, trainDataFromGraph } from './graph-data';

export interface GraphEmbeddingOptions {
  graphModel: string;
  graphConfig: Record<string, unknown>;
  seed: number;
  backend?: string;
  log?: (line: string) => void;
  /** Evaluation only: reuse embeddings trained earlier on the same data and options (FitContext's). */
  cache?: EvalCache;
}

/** FitContext's embedding cache and the dataset name its keys carry. */
export type EvalCache = Pick<FitContext, 'embeddingCache' | 'dataset'>;

export async function graphEmbeddings(p: GraphProjection, settings: GraphEmbeddingOptions): Promise<StoredEmbeddings> {
  const embeddings: StoredEmbeddings = { users: new Map(), media: new Map() };
  if (settings.graphModel === 'none') return embeddings;
  const g = graphFromProjection(p);
  const model = createModel(MODELS, settings.graphModel, settings.graphConfig);
  try {
    await model.fit(trainDataFromGraph(g), {
      seed: settings.seed,
      log: settings.log ?? (() => undefined),
      ...(settings.backend ? { backend: settings.backend } : {}),
      ...settings.cache,
    });
    const emb = model.embeddings?.();
    if (emb) {
      g.userIds.forEach((id, u) => embeddings.users.set(id, emb.users.slice(u * emb.dim, (u + 1) * emb.dim)));
      g.itemIds.forEach((id, i) => embeddings.media.set(id, emb.items.slice(i * emb.dim, (i + 1) * emb.dim)));
    }
  } finally {
    model.dispose?.();
  }
  return embeddings;
}
