/**
 * Embedding job: project → train a graph model (LightGCN over engagement + social edges by default) on
 * every positive engagement → write user and media embeddings back to Neo4j (the media_embedding vector
 * index serves nearest neighbours). There is no held-out data here to early-stop on, so the epoch count
 * comes from the `job` section of the model's config (what validation runs of `npm run eval` settled at;
 * config/model-config resolveModelConfig with `job`), else its `epochs`.
 */
import { createModel, MODELS } from '../models/catalogue';
import type { GraphSource } from '../domain/ports';
import { graphFromProjection, trainDataFromGraph } from '../pipeline/graph-data';

export interface EmbeddingJobOptions {
  model: string;
  config: Record<string, unknown>;
  seed: number;
  backend: string;
  log?: (line: string) => void;
}

export interface EmbeddingJobResult {
  model: string;
  dim: number;
  users: number;
  media: number;
  trainSeconds: number;
  writeSeconds: number;
}

export async function runEmbeddingJob(graph: GraphSource, o: EmbeddingJobOptions): Promise<EmbeddingJobResult> {
  const log = o.log ?? (() => undefined);
  const g = graphFromProjection(await graph.project());
  const data = trainDataFromGraph(g);
  log(`training ${o.model} on ${data.userItems.targets.length} engagements of ${data.numUsers} users × ${data.numItems} media`);
  const model = createModel(MODELS, o.model, o.config);
  let t = Date.now();
  try {
    await model.fit(data, { seed: o.seed, log, backend: o.backend });
    const trainSeconds = (Date.now() - t) / 1000;
    const emb = model.embeddings?.();
    if (!emb) throw new Error(`model ${o.model} does not learn embeddings; choose lightgcn or bpr-mf`);
    t = Date.now();
    await graph.writeEmbeddings('user', g.userIds, emb.users, emb.dim, o.model);
    await graph.writeEmbeddings('media', g.itemIds, emb.items, emb.dim, o.model);
    const writeSeconds = (Date.now() - t) / 1000;
    log(`wrote ${g.userIds.length} user and ${g.itemIds.length} media embeddings (dim ${emb.dim}) in ${writeSeconds.toFixed(1)} s`);
    return { model: o.model, dim: emb.dim, users: g.userIds.length, media: g.itemIds.length, trainSeconds, writeSeconds };
  } finally {
    model.dispose?.();
  }
}
