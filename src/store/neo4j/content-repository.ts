/** Media text, its cached vectors (per model id and text hash), keywords and client modality vectors. */
import neo4j from 'neo4j-driver';
import type { ContentStore, MediaTextRow, TextVectorRow } from '../../domain/ports';
import { VectorSlab } from '../../domain/vectors';
import { VECTOR_FETCH_SIZE, type Executor } from './executor';

const BATCH = 2000;

function textRow(r: Record<string, unknown>): MediaTextRow {
  return {
    id: r.id as string,
    title: String(r.title ?? ''),
    description: (r.description as string | null) ?? null,
    tags: (r.tags as string[] | null) ?? [],
    textModel: (r.textModel as string | null) ?? null,
    textHash: (r.textHash as string | null) ?? null,
  };
}

function vectorRow(r: Record<string, unknown>, onRow: TextVectorRow): void {
  onRow(r.id as string, r.vector as number[], (r.hash as string | null) ?? null);
}

export class ContentRepository implements ContentStore {
  constructor(private readonly db: Executor) {}

  async mediaTexts(): Promise<MediaTextRow[]> {
    const out: MediaTextRow[] = [];
    await this.db.stream('content/media-texts', {}, (r) => out.push(textRow(r)));
    return out;
  }

  /** The same rows for the given ids only (ids of absent media are skipped). */
  async mediaTextsByIds(ids: readonly string[]): Promise<MediaTextRow[]> {
    if (ids.length === 0) return [];
    return (await this.db.read('content/media-texts-by-ids', { ids: [...ids] })).map(textRow);
  }

  async writeTextEmbeddings(model: string, rows: { id: string; hash: string; vector: Float32Array }[]): Promise<void> {
    for (let i = 0; i < rows.length; i += BATCH) {
      const batch = rows.slice(i, i + BATCH).map((r) => ({ id: r.id, hash: r.hash, vector: Array.from(r.vector) }));
      await this.db.write('content/write-text-embeddings', { rows: batch, model });
    }
  }

  async readTextEmbeddings(model: string): Promise<Map<string, Float32Array>> {
    const out = new Map<string, Float32Array>();
    const slab = new VectorSlab();
    await this.streamTextEmbeddings(model, (id, vector) => out.set(id, slab.copy(vector)));
    return out;
  }

  async streamTextEmbeddings(model: string, onRow: TextVectorRow): Promise<void> {
    await this.db.stream('content/read-text-embeddings', { model }, (r) => vectorRow(r, onRow), VECTOR_FETCH_SIZE);
  }

  async streamTextHashes(model: string, onRow: (id: string, hash: string | null) => void): Promise<void> {
    await this.db.stream('content/read-text-hashes', { model }, (r) =>
      onRow(r.id as string, (r.hash as string | null) ?? null),
    );
  }

  async streamTextEmbeddingsByIds(model: string, ids: readonly string[], onRow: TextVectorRow): Promise<void> {
    for (let i = 0; i < ids.length; i += BATCH)
      await this.db.stream(
        'content/read-text-embeddings-by-ids',
        { model, ids: ids.slice(i, i + BATCH) },
        (r) => vectorRow(r, onRow),
        VECTOR_FETCH_SIZE,
      );
  }

  async nearestMediaByText(model: string, vector: Float32Array, k: number): Promise<{ id: string; cosine: number }[]> {
    const rows = await this.db.read('content/media-nearest-text', {
      model,
      vector: Array.from(vector),
      k: neo4j.int(Math.floor(k)),
    });
    // The index scores cosine as (1 + cos) / 2.
    return rows.map((r) => ({ id: r.id as string, cosine: 2 * (r.score as number) - 1 }));
  }

  async writeKeywords(rows: { id: string; keywords: string[] }[]): Promise<void> {
    for (let i = 0; i < rows.length; i += BATCH)
      await this.db.write('content/write-keywords', { rows: rows.slice(i, i + BATCH) });
  }

  async readRanker(name = 'default'): Promise<string | null> {
    const rows = await this.db.read('ranker/read', { name });
    return (rows[0]?.json as string | undefined) ?? null;
  }

  async writeRanker(json: string, name = 'default'): Promise<void> {
    await this.db.write('ranker/write', { name, json, at: new Date().toISOString() });
  }
}
