/**
 * embed-media job: media text (title + description + tags) → vectors with the configured encoder,
 * cached in Neo4j per (model id, text hash) so only new or changed texts (or a new model) are encoded;
 * and TF-IDF keywords per item over the whole catalogue, exposed as Media.keywords.
 * `embedStaleTexts` is the one path that encodes and stores text vectors: the job runs it over the
 * catalogue, the on-upsert queue (text/embed-queue.ts, wired in main.ts) over the items just written.
 */
import type { TextEncoder } from '../text/encoder';
import { extractKeywords } from '../text/keywords';
import { mediaText, textHash } from '../text/media-text';
import type { ContentStore, MediaTextRow } from '../domain/ports';

export interface EmbedMediaResult {
  model: string;
  dimension: number;
  media: number;
  encoded: number;
  cached: number;
  seconds: number;
}

export const EMBED_MEDIA_DEFAULTS = { batchSize: 256, keywords: 8 };

/**
 * Encodes the rows whose cached vector is missing or stale (another text hash or model id) and stores
 * them batch by batch; returns the ids whose vectors were written.
 */
export async function embedStaleTexts(
  content: Pick<ContentStore, 'writeTextEmbeddings'>,
  encoder: TextEncoder,
  media: readonly MediaTextRow[],
  options: { batchSize?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<string[]> {
  const batchSize = options.batchSize ?? EMBED_MEDIA_DEFAULTS.batchSize;
  const todo = media
    .map((m) => {
      const text = mediaText({ title: m.title, description: m.description, tags: m.tags });
      return { id: m.id, text, hash: textHash(text), prev: m };
    })
    .filter((x) => x.prev.textModel !== encoder.modelId || x.prev.textHash !== x.hash);
  options.onProgress?.(0, todo.length);
  for (let i = 0; i < todo.length; i += batchSize) {
    const batch = todo.slice(i, i + batchSize);
    const vectors = await encoder.embed(batch.map((b) => b.text));
    await content.writeTextEmbeddings(
      encoder.modelId,
      batch.map((b, k) => ({ id: b.id, hash: b.hash, vector: vectors[k]! })),
    );
    options.onProgress?.(Math.min(i + batchSize, todo.length), todo.length);
  }
  return todo.map((x) => x.id);
}

/** The on-upsert path: reads the items' current text and embeds the new or changed ones. */
export async function embedMediaByIds(
  content: Pick<ContentStore, 'mediaTextsByIds' | 'writeTextEmbeddings'>,
  encoder: TextEncoder,
  ids: readonly string[],
): Promise<string[]> {
  return embedStaleTexts(content, encoder, await content.mediaTextsByIds(ids));
}

export async function runEmbedMediaJob(
  content: ContentStore,
  encoder: TextEncoder,
  options: { batchSize?: number; keywords?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<EmbedMediaResult> {
  const started = Date.now();
  const media = await content.mediaTexts();
  const encoded = await embedStaleTexts(content, encoder, media, options);
  const keywords = extractKeywords(
    media.map((m) => ({ text: [m.title, m.description ?? ''].join('\n'), tags: m.tags })),
    { topK: options.keywords ?? EMBED_MEDIA_DEFAULTS.keywords },
  );
  await content.writeKeywords(media.map((m, i) => ({ id: m.id, keywords: keywords[i]!.map((k) => k.term) })));
  return {
    model: encoder.modelId,
    dimension: encoder.dimension,
    media: media.length,
    encoded: encoded.length,
    cached: media.length - encoded.length,
    seconds: (Date.now() - started) / 1000,
  };
}
