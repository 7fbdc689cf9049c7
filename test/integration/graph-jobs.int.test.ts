import { IngestService } from '../../src/ingest/ingest-service';
import { runEmbeddingJob } from '../../src/jobs/embedding-job';
import { runPagerankJob } from '../../src/jobs/pagerank-job';
import { initBackend } from '../../src/models/backend';
import { readItemText } from '../../src/pipeline/item-text';
import type { Stores } from '../../src/store/neo4j/stores';
import { namespace, openStores } from '../support/db';
import { tuple } from '../support/tuple';

describe('graph projection and jobs on a real Neo4j', () => {
  let stores: Stores & { close(): Promise<void> };
  const ns = namespace();
  const u = (n: number): string => `${ns}u${n}`;
  const m = (n: number): string => `${ns}m${n}`;

  beforeAll(async () => {
    stores = await openStores();
    const ingest = new IngestService({ ...stores, maxBatchSize: 100 });
    await ingest.upsertUsers([0, 1, 2, 3].map((i) => ({ id: u(i) })));
    await ingest.upsertMedia([0, 1, 2].map((i) => ({ id: m(i), kind: 'AUDIO', title: `t${i}` })));
    await ingest.recordInteractions([
      { userId: u(0), mediaId: m(0), type: 'LISTEN', weight: 10 },
      { userId: u(1), mediaId: m(0), type: 'LISTEN', weight: 3 },
      { userId: u(1), mediaId: m(1), type: 'LISTEN' },
      { userId: u(2), mediaId: m(2), type: 'DISLIKE' },
    ]);
    // Tag assignments: two users tag m0 rock (u0 twice: idempotent), one tags m1 jazz.
    const at = '2024-01-01T00:00:00.000Z';
    await stores.interactions.assignTags([
      { userId: u(0), mediaId: m(0), tag: 'rock', at },
      { userId: u(0), mediaId: m(0), tag: 'rock', at },
      { userId: u(1), mediaId: m(0), tag: 'rock', at },
      { userId: u(1), mediaId: m(1), tag: 'jazz', at },
    ]);
    // u1, u2 and u3 all follow u0: u0 is the most influential of the four.
    for (const i of [1, 2, 3]) await ingest.follow(u(i), u(0));
  });
  afterAll(() => stores.close());

  test('the projection holds the engagement edges and follows with their weights', async () => {
    const p = await stores.graph.project();
    const ui = new Map(p.userIds.map((id, i) => [id, i]));
    const mi = new Map(p.itemIds.map((id, i) => [id, i]));
    const edge = (user: string, item: string): number | undefined => {
      for (let k = 0; k < p.edges.user.length; k++)
        if (p.edges.user[k] === ui.get(user) && p.edges.item[k] === mi.get(item)) return p.edges.weight[k];
      return undefined;
    };
    expect(edge(u(0), m(0))).toBe(10);
    expect(edge(u(2), m(2))).toBe(-2);
    expect(edge(u(3), m(0))).toBeUndefined();
    let follows = 0;
    for (let k = 0; k < p.follows.src.length; k++)
      if (p.follows.dst[k] === ui.get(u(0)) && p.userIds[p.follows.src[k]!]!.startsWith(ns)) follows++;
    expect(follows).toBe(3);
  });

  test("the users' tag assignments, one row each (a repeated one stored once)", async () => {
    const rows: { user: string; item: string; tag: string }[] = [];
    await stores.graph.streamTagAssignments((r) => {
      if (r.item.startsWith(ns)) rows.push(r);
    });
    rows.sort((a, b) => `${a.item}${a.user}`.localeCompare(`${b.item}${b.user}`));
    expect(rows).toEqual([
      { user: u(0), item: m(0), tag: 'rock' },
      { user: u(1), item: m(0), tag: 'rock' },
      { user: u(1), item: m(1), tag: 'jazz' },
    ]);
  });

  test('PageRank scores are written back; the followed user ranks highest', async () => {
    await runPagerankJob(stores.graph);
    const rows = await stores.db.runAutoCommit(
      `MATCH (u:User) WHERE u.id STARTS WITH $ns RETURN u.id AS id, u.pagerank AS pr ORDER BY pr DESC`,
      { ns },
    );
    expect(rows).toHaveLength(4);
    expect(rows[0]!.id).toBe(u(0));
    const [media] = tuple(
      await stores.db.runAutoCommit(`MATCH (m:Media {id: $id}) RETURN m.pagerank AS pr`, { id: m(0) }),
      1,
    );
    expect(media.pr).toBeGreaterThan(0);
  });

  test('embeddings are trained, written back and served by the vector index', async () => {
    const backend = await initBackend({ preferred: 'cpu' });
    const result = await runEmbeddingJob(stores.graph, {
      model: 'bpr-mf',
      config: { epochs: 2, dim: 64 },
      seed: 1,
      backend: backend.name,
    });
    expect(result.dim).toBe(64);
    const { users, media } = await stores.graph.readEmbeddings();
    expect(users.get(u(1))).toHaveLength(64);
    const v = media.get(m(0)) as Float32Array;
    expect(v).toHaveLength(64);
    await stores.db.runAutoCommit('CALL db.awaitIndexes(60)');
    const nearest = await stores.graph.nearestMedia(v, 3);
    expect(nearest[0]).toMatchObject({ id: m(0) });
    // Neo4j 5.26 vector indexes quantise vectors by default, so a vector's score against itself is
    // near 1, not exactly 1 (0.9993 was seen when the suite's other files had filled the database).
    expect(nearest[0]!.score).toBeGreaterThan(0.995);
    expect(nearest[0]!.score).toBeLessThanOrEqual(1.000001);
  });

  test("text vectors are served by their own vector index, one encoder's at a time", async () => {
    const model = `${ns}encoder`;
    const unit = (v: number[]) => Float32Array.from(v, (x) => x / Math.hypot(...v));
    const vectors = [unit([1, 0, 0, 0, 0, 0, 0, 1]), unit([1, 1, 0, 0, 0, 0, 0, 0]), unit([0, 0, 1, 1, 0, 0, 0, 0])];
    await stores.content.writeTextEmbeddings(
      model,
      vectors.map((vector, i) => ({ id: m(i), hash: `h${i}`, vector })),
    );
    // Another encoder's vector of another size in the same index (the index fixes no dimension).
    await new IngestService({ ...stores, maxBatchSize: 100 }).upsertMedia([{ id: m(3), kind: 'AUDIO', title: 't3' }]);
    await stores.content.writeTextEmbeddings(`${ns}other`, [
      { id: m(3), hash: 'h3', vector: Float32Array.of(0.6, 0.8, 0, 0) },
    ]);
    await stores.db.runAutoCommit('CALL db.awaitIndexes(60)');
    const nearest = await stores.content.nearestMediaByText(model, vectors[0]!, 50);
    expect(nearest.map((h) => h.id).slice(0, 3)).toEqual([m(0), m(1), m(2)]);
    expect(nearest[0]!.cosine).toBeCloseTo(1, 2);
    expect(nearest[1]!.cosine).toBeCloseTo(0.5, 2); // cosines, not the index's (1 + cos) / 2
    expect(nearest[2]!.cosine).toBeCloseTo(0, 2);
    expect(nearest.map((h) => h.id)).not.toContain(m(3));
    // Another encoder's vectors are not this one's neighbours, nor of this size.
    expect(await stores.content.nearestMediaByText(`${ns}none`, vectors[0]!, 50)).toEqual([]);
    const other = await stores.content.nearestMediaByText(`${ns}other`, Float32Array.of(0.6, 0.8, 0, 0), 50);
    expect(other.map((h) => h.id)).toEqual([m(3)]);
  });

  test('a reload reads the text hashes and only the new and changed vectors (the Cypher on Neo4j)', async () => {
    const model = `${ns}reload`;
    const index = new Map([0, 1, 2].map((i) => [m(i), i]));
    await stores.content.writeTextEmbeddings(model, [
      { id: m(0), hash: 'a', vector: Float32Array.of(1, 0) },
      { id: m(1), hash: 'b', vector: Float32Array.of(0, 1) },
    ]);
    const held = await readItemText(stores.content, model, index);
    const hashes: [string, string | null][] = [];
    await stores.content.streamTextHashes(model, (id, hash) => hashes.push([id, hash]));
    expect(hashes.sort()).toEqual([
      [m(0), 'a'],
      [m(1), 'b'],
    ]);
    // m1 re-embedded, m2 embedded since.
    await stores.content.writeTextEmbeddings(model, [
      { id: m(1), hash: 'b2', vector: Float32Array.of(0.6, 0.8) },
      { id: m(2), hash: 'c', vector: Float32Array.of(0, 2) },
    ]);
    const read: [string, number[], string | null][] = [];
    await stores.content.streamTextEmbeddingsByIds(model, [m(1), m(2), `${ns}absent`], (id, v, hash) =>
      read.push([id, Array.from(v), hash]),
    );
    expect(read.sort()).toEqual([
      [m(1), [0.6000000238418579, 0.800000011920929], 'b2'],
      [m(2), [0, 2], 'c'],
    ]);
    const kept = await readItemText(stores.content, model, index, { model, text: held, itemIndex: index });
    const fresh = await readItemText(stores.content, model, index);
    expect(Array.from(kept.rows)).toEqual(Array.from(fresh.rows));
    expect(Array.from(kept.has)).toEqual([1, 1, 1]);
    expect(Array.from(kept.digests!)).toEqual(Array.from(fresh.digests!));
  });
});
