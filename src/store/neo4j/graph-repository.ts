/**
 * The graph source (domain/ports): streams users, media, engagement and follows out of Neo4j into compact
 * typed arrays (the input of the pure graph core), and writes computed scores and embeddings back.
 */
import neo4j from 'neo4j-driver';
import type { MediaKind } from '../../domain/entities';
import type {
  ContextCounts,
  GraphProjection,
  GraphSource,
  ItemMeta,
  StoredEmbeddings,
  StoredTextProjection,
  TagAssignment,
} from '../../domain/ports';
import { VECTOR_FETCH_SIZE, type Executor, type Row } from './executor';
import { GrowableColumn } from '../../domain/growable-column';
import { VectorSlab } from '../../domain/vectors';

const WRITE_BATCH = 5000;
/** One stored projection: the one belonging to the stored embeddings. */
const TEXT_PROJECTION = 'default';

export class GraphRepository implements GraphSource {
  constructor(private readonly db: Executor) {}

  async project(): Promise<GraphProjection> {
    const userIds: string[] = [];
    await this.db.stream('graph/project-users', {}, (r) => userIds.push(r.id as string));
    const itemIds: string[] = [];
    const itemKinds: (MediaKind | null)[] = [];
    const times: number[] = [];
    const itemMeta: ItemMeta[] = [];
    await this.db.stream('graph/project-media', {}, (r) => {
      itemIds.push(r.id as string);
      itemKinds.push((r.kind as MediaKind | null) ?? null);
      // Only a real publication time: an import or upsert time (createdAt) says nothing about freshness.
      times.push(r.publishedAt ? Date.parse(String(r.publishedAt)) : NaN);
      itemMeta.push({
        language: (r.language as string | null) ?? null,
        durationSec: (r.durationSec as number | null) ?? null,
        creatorId: (r.creatorId as string | null) ?? null,
        title: String(r.title ?? ''),
        tags: (r.tags as string[] | null) ?? [],
        keywords: (r.keywords as string[] | null) ?? [],
        pagerank: (r.pagerank as number | null) ?? null,
        audioVector: (r.audioVector as number[] | null) ?? null,
        visualVector: (r.visualVector as number[] | null) ?? null,
      });
    });
    const userIndex = new Map(userIds.map((id, i) => [id, i]));
    const itemIndex = new Map(itemIds.map((id, i) => [id, i]));
    const eu = new GrowableColumn(new Int32Array(1024));
    const ei = new GrowableColumn(new Int32Array(1024));
    const ew = new GrowableColumn(new Float32Array(1024));
    const ec = new GrowableColumn(new Int32Array(1024));
    const et = new GrowableColumn(new Float64Array(1024));
    await this.db.stream('graph/project-engagements', {}, (r: Row) => {
      const u = userIndex.get(r.user as string);
      const i = itemIndex.get(r.item as string);
      if (u === undefined || i === undefined) return; // written after the node lists were read
      eu.push(u);
      ei.push(i);
      ew.push(Number(r.weight ?? 0));
      ec.push(Number(r.count ?? 0));
      et.push(Date.parse(String(r.lastAt ?? '')));
    });
    const fs = new GrowableColumn(new Int32Array(1024));
    const fd = new GrowableColumn(new Int32Array(1024));
    await this.db.stream('graph/project-follows', {}, (r) => {
      const a = userIndex.get(r.src as string);
      const b = userIndex.get(r.dst as string);
      if (a === undefined || b === undefined) return;
      fs.push(a);
      fd.push(b);
    });
    return {
      userIds,
      itemIds,
      itemKinds,
      itemMeta,
      itemTimes: Float64Array.from(times),
      edges: { user: eu.done(), item: ei.done(), weight: ew.done(), count: ec.done(), lastAt: et.done() },
      follows: { src: fs.done(), dst: fd.done() },
    };
  }

  async streamContextCounts(onRow: (row: ContextCounts) => void): Promise<void> {
    await this.db.stream('graph/project-context', {}, (r) =>
      onRow({
        item: r.item as string,
        hour: (r.hour as number | null) ?? null,
        weekday: (r.weekday as number | null) ?? null,
        device: (r.device as string | null) ?? null,
        n: r.n as number,
      }),
    );
  }

  async streamTagAssignments(onRow: (row: TagAssignment) => void): Promise<void> {
    await this.db.stream('graph/project-tag-assignments', {}, (r) =>
      onRow({ user: r.user as string, item: r.item as string, tag: r.tag as string }),
    );
  }

  async writePagerank(
    kind: 'user' | 'media',
    ids: readonly string[],
    scores: Float64Array | Float32Array,
  ): Promise<void> {
    const name = kind === 'user' ? 'graph/write-user-pagerank' : 'graph/write-media-pagerank';
    const at = new Date().toISOString();
    for (let i = 0; i < ids.length; i += WRITE_BATCH) {
      const rows = ids.slice(i, i + WRITE_BATCH).map((id, k) => ({ id, score: scores[i + k] }));
      await this.db.write(name, { rows, at });
    }
  }

  /** Embeddings as row-major Float32Array (n × dim). */
  async writeEmbeddings(
    kind: 'user' | 'media',
    ids: readonly string[],
    vectors: Float32Array,
    dim: number,
    model: string,
  ): Promise<void> {
    const name = kind === 'user' ? 'graph/write-user-embeddings' : 'graph/write-media-embeddings';
    const at = new Date().toISOString();
    for (let i = 0; i < ids.length; i += WRITE_BATCH) {
      const rows = ids
        .slice(i, i + WRITE_BATCH)
        .map((id, k) => ({ id, vector: Array.from(vectors.subarray((i + k) * dim, (i + k + 1) * dim)) }));
      await this.db.write(name, { rows, model, at });
    }
  }

  async readEmbeddings(): Promise<StoredEmbeddings> {
    const users = new Map<string, Float32Array>();
    const media = new Map<string, Float32Array>();
    const slab = new VectorSlab();
    await this.db.stream(
      'graph/read-embeddings',
      {},
      (r) => {
        (r.kind === 'user' ? users : media).set(r.id as string, slab.copy(r.vector as number[]));
      },
      VECTOR_FETCH_SIZE,
    );
    return { users, media };
  }

  async writeTextProjection(projection: StoredTextProjection | null): Promise<void> {
    if (!projection) {
      await this.db.write('graph/delete-text-projection', { name: TEXT_PROJECTION });
      return;
    }
    const { json, textModel, graphModel } = projection;
    await this.db.write('graph/write-text-projection', {
      name: TEXT_PROJECTION,
      json,
      textModel,
      graphModel,
      at: projection.trainedAt ?? new Date().toISOString(),
    });
  }

  async readTextProjection(): Promise<StoredTextProjection | null> {
    const [row] = await this.db.read('graph/read-text-projection', { name: TEXT_PROJECTION });
    if (!row) return null;
    return {
      json: row.json as string,
      textModel: row.textModel as string,
      graphModel: row.graphModel as string,
      ...(row.trainedAt ? { trainedAt: row.trainedAt as string } : {}),
    };
  }

  async nearestMedia(vector: Float32Array, k: number): Promise<{ id: string; score: number }[]> {
    const rows = await this.db.read('graph/media-nearest', { vector: Array.from(vector), k: neo4j.int(Math.floor(k)) });
    return rows.map((r) => ({ id: r.id as string, score: r.score as number }));
  }
}
