/**
 * embed-media job: media text (title + description + tags) → vectors with the configured encoder,
 * cached in Neo4j per (model id, text hash) so only new or changed texts (or a new model) are encoded;
 * and TF-IDF keywords per item over the whole catalogue, exposed as Media.keywords.
 */
import type { TextEncoder } from '../text/encoder';
import { extractKeywords } from '../text/keywords';
import { mediaText, textHash } from '../text/media-text';
import type { ContentRepository } from '../store/neo4j/content-repository';

export interface EmbedMediaResult {
  model: string;
  dimension: number;
  media: number;
  encoded: number;
  cached: number;
  seconds: number;
}

export const EMBED_MEDIA_DEFAULTS = { batchSize: 256, keywords: 8 };

export async function runEmbedMediaJob(
  content: ContentRepository,
  encoder: TextEncoder,
  options: { batchSize?: number; keywords?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<EmbedMediaResult> {
  const started = Date.now();
  const batchSize = options.batchSize ?? EMBED_MEDIA_DEFAULTS.batchSize;
  const media = await content.mediaTexts();
  const texts = media.map((m) => mediaText({ title: m.title, description: m.description, tags: m.tags }));
  const todo = media
    .map((m, i) => ({ id: m.id, text: texts[i]!, hash: textHash(texts[i]!), prev: m }))
    .filter((x) => x.prev.textModel !== encoder.modelId || x.prev.textHash !== x.hash);
  options.onProgress?.(0, todo.length);
  for (let i = 0; i < todo.length; i += batchSize) {
    const batch = todo.slice(i, i + batchSize);
    const vectors = await encoder.embed(batch.map((b) => b.text));
    await content.writeTextEmbeddings(encoder.modelId, batch.map((b, k) => ({ id: b.id, hash: b.hash, vector: vectors[k]! })));
    options.onProgress?.(Math.min(i + batchSize, todo.length), todo.length);
  }
  const keywords = extractKeywords(
    media.map((m) => ({ text: [m.title, m.description ?? ''].join('\n'), tags: m.tags })),
    { topK: options.keywords ?? EMBED_MEDIA_DEFAULTS.keywords },
  );
  await content.writeKeywords(media.map((m, i) => ({ id: m.id, keywords: keywords[i]!.map((k) => k.term) })));
  return {
    model: encoder.modelId,
    dimension: encoder.dimension,
    media: media.length,
    encoded: todo.length,
    cached: media.length - todo.length,
    seconds: (Date.now() - started) / 1000,
  };
}
