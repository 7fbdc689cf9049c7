/**
 * Embedding job: project → train a graph model (LightGCN over engagement + social edges by default) on
 * every positive engagement → write user and media embeddings back to Neo4j (the media_embedding vector
 * index serves nearest neighbours). There is no held-out data here to early-stop on, so the epoch count
 * comes from the `job` section of the model's config (what validation runs of `npm run eval` settled at;
 * config/model-config resolveModelConfig with `job`), else its `epochs`.
 * A model that reads text (graph-text) gets the stored text vectors of the configured encoder, and its
 * text → graph-space projection is stored next to the embeddings: serving places media uploaded after
 * the job through it (pipeline/serving-data.ts). Any other model deletes a stored projection, which
 * would map into another model's space.
 */
import { createModel, MODELS } from '../models/catalogue';
import type { GraphSource } from '../domain/ports';
import { serializeProjection } from '../models/graph-text/projection';
import { graphFromProjection, trainDataFromGraph } from '../pipeline/graph-data';

export interface EmbeddingJobOptions {
  model: string;
  config: Record<string, unknown>;
  seed: number;
  backend: string;
  log?: (line: string) => void;
  /** Stored text vectors by media id and the encoder's model id, for models that read text. */
  text?: { modelId: string; vectors: ReadonlyMap<string, Float32Array> };
}

export interface EmbeddingJobResult {
  model: string;
  dim: number;
  users: number;
  media: number;
  trainSeconds: number;
  writeSeconds: number;
  /** Media placed by their text alone (no engagement), when the model projects text. */
  textPlaced?: number;
}

export async function runEmbeddingJob(graph: GraphSource, options: EmbeddingJobOptions): Promise<EmbeddingJobResult> {
  const log = options.log ?? (() => undefined);
  const g = graphFromProjection(await graph.project());
  const data = trainDataFromGraph(g);
  if (options.text) {
    const { vectors } = options.text;
    data.itemTextVectors = g.itemIds.map((id) => vectors.get(id) ?? new Float32Array(0));
    log(
      `${data.itemTextVectors.filter((v) => v.length > 0).length} of ${data.numItems} media have a ${options.text.modelId} text vector`,
    );
  }
  log(
    `training ${options.model} on ${data.userItems.targets.length} engagements of ${data.numUsers} users × ${data.numItems} media`,
  );
  const model = createModel(MODELS, options.model, options.config);
  let t = Date.now();
  try {
    await model.fit(data, { seed: options.seed, log, backend: options.backend });
    const trainSeconds = (Date.now() - t) / 1000;
    const emb = model.embeddings?.();
    if (!emb) throw new Error(`model ${options.model} does not learn embeddings; choose lightgcn or bpr-mf`);
    t = Date.now();
    await graph.writeEmbeddings('user', g.userIds, emb.users, emb.dim, options.model);
    await graph.writeEmbeddings('media', g.itemIds, emb.items, emb.dim, options.model);
    const projection = model.textProjection?.();
    if (projection && !options.text)
      throw new Error(`model ${options.model} projects text but the job passed no text vectors`);
    await graph.writeTextProjection(
      projection && options.text
        ? { json: serializeProjection(projection.weights), textModel: options.text.modelId, graphModel: options.model }
        : null,
    );
    const writeSeconds = (Date.now() - t) / 1000;
    log(
      `wrote ${g.userIds.length} user and ${g.itemIds.length} media embeddings (dim ${emb.dim}) in ${writeSeconds.toFixed(1)} s`,
    );
    return {
      model: options.model,
      dim: emb.dim,
      users: g.userIds.length,
      media: g.itemIds.length,
      trainSeconds,
      writeSeconds,
      ...(projection ? { textPlaced: projection.textPlaced } : {}),
    };
  } finally {
    model.dispose?.();
  }
}
