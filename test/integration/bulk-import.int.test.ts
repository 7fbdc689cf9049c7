import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateWorld } from '../../src/generate/world';
import { BULK_FILES } from '../../src/ingest/bulk/bulk-files';
import { convertJsonlToCsv } from '../../src/ingest/bulk/jsonl-to-csv';
import { Importer } from '../../src/ingest/importer';
import { readJsonl } from '../../src/ingest/jsonl-source';
import { bulkLoadLocal, localNodeCount } from '../../src/store/neo4j/bulk-load';
import { startLocalNeo4j } from '../../src/store/neo4j/local-neo4j';
import type { Stores } from '../../src/store/neo4j/stores';
import { weighCommentBySentiment } from '../../src/text/sentiment';
import { openStores } from '../support/db';
import { freePort } from '../support/free-port';

/** Properties that hold the time of the import itself, which differs between two imports. */
const IMPORT_TIME = ['createdAt', 'updatedAt', 'recordedAt', 'since'];

/** Rows the online importer and the bulk path must treat alike: upserts, retries, bad rows, odd text. */
const EDGE_CASES = [
  { entity: 'user', id: 'u1', name: 'Renamed "Ada"' },
  { entity: 'user', id: 'edge-empty-name', name: '' },
  { entity: 'user', id: 'edge-no-name' },
  {
    entity: 'media',
    id: 'm1',
    kind: 'VIDEO',
    title: 'Updated; with | odd, "chars"',
    description: 'Line one\nline two, "quoted"',
    tags: ['semi;colon', 'pipe|tag', 'Upper Case'],
    creatorId: 'edge-no-name',
  },
  {
    entity: 'media',
    id: 'edge-no-tags',
    kind: 'AUDIO',
    title: 'No tags',
    tags: [],
    durationSec: 60,
    modalityVectors: [{ modality: 'AUDIO', vector: [0.1, -2.5, 1e-7, 3] }],
  },
  { entity: 'media', id: 'edge-bad-creator', kind: 'AUDIO', title: 'Unknown creator', creatorId: 'nobody' },
  { entity: 'follow', followerId: 'u1', followeeId: 'edge-empty-name' },
  { entity: 'follow', followerId: 'u1', followeeId: 'edge-empty-name' },
  { entity: 'follow', followerId: 'u1', followeeId: 'nobody' },
  { entity: 'follow', followerId: 'u2', followeeId: 'u2' },
  {
    entity: 'interaction',
    eventId: 'edge-1',
    userId: 'edge-no-name',
    mediaId: 'edge-no-tags',
    type: 'LISTEN',
    weight: 0.1,
    at: '2024-03-02T10:00:00Z',
  },
  {
    entity: 'interaction',
    eventId: 'edge-2',
    userId: 'edge-no-name',
    mediaId: 'edge-no-tags',
    type: 'LIKE',
    at: '2024-03-01T10:00:00Z',
    context: { device: 'tv', localHour: 7, weekday: 3, location: '' },
  },
  {
    entity: 'interaction',
    eventId: 'edge-3',
    userId: 'edge-no-name',
    mediaId: 'edge-no-tags',
    type: 'COMMENT',
    text: 'I love it,\n"really"',
    at: '2024-03-03T10:00:00Z',
  },
  {
    entity: 'interaction',
    eventId: 'edge-4',
    userId: 'edge-no-name',
    mediaId: 'edge-no-tags',
    type: 'RATE',
    rating: 0.5,
    at: '2024-03-04T10:00:00Z',
  },
  { entity: 'interaction', eventId: 'edge-1', userId: 'u1', mediaId: 'm1', type: 'SHARE', at: '2024-03-05T10:00:00Z' },
  {
    entity: 'interaction',
    eventId: 'edge-5',
    userId: 'u1',
    mediaId: 'edge-bad-creator',
    type: 'VIEW',
    at: '2024-03-05T10:00:00Z',
  },
  { entity: 'interaction', eventId: 'edge-6', userId: 'u1', mediaId: 'm1', type: 'RATE', at: '2024-03-05T10:00:00Z' },
  { entity: 'tag', userId: 'u1', mediaId: 'm1', tag: 'Great Tune', at: '2024-03-06T10:00:00Z' },
  { entity: 'tag', userId: 'u1', mediaId: 'm1', tag: 'great tune', at: '2024-03-07T10:00:00Z' },
  { entity: 'tag', userId: 'u1', mediaId: 'edge-bad-creator', tag: 'x' },
  { entity: 'tag', userId: 'u2', mediaId: 'm2', tag: 'no time' },
];

/** Every node and relationship as sorted JSON lines, without the import-time properties. */
async function dump(stores: Stores): Promise<string[]> {
  const clean = (props: Record<string, unknown>): string =>
    JSON.stringify(
      Object.keys(props)
        .filter((k) => !IMPORT_TIME.includes(k))
        .sort()
        .map((k) => [k, props[k]]),
    );
  const nodes = await stores.db.runAutoCommit('MATCH (n) RETURN labels(n) AS labels, properties(n) AS props');
  const rels = await stores.db.runAutoCommit(
    'MATCH (a)-[r]->(b) RETURN type(r) AS type, coalesce(a.id, a.name) AS a, coalesce(b.id, b.name) AS b, properties(r) AS props',
  );
  // Property types too: a float and an integer of equal value read alike as plain numbers.
  const types = await stores.db.runAutoCommit(
    `CALL { MATCH (n) UNWIND keys(n) AS k RETURN labels(n)[0] AS owner, k, valueType(n[k]) AS t
            UNION ALL MATCH ()-[r]->() UNWIND keys(r) AS k RETURN type(r) AS owner, k, valueType(r[k]) AS t }
     RETURN DISTINCT owner, k, t`,
  );
  return [
    ...nodes.map((n) => `node ${JSON.stringify(n.labels)} ${clean(n.props as Record<string, unknown>)}`),
    ...rels.map((r) => `rel ${r.type} ${r.a} -> ${r.b} ${clean(r.props as Record<string, unknown>)}`),
    ...types.filter((t) => !IMPORT_TIME.includes(t.k as string)).map((t) => `type ${t.owner}.${t.k} ${t.t}`),
  ].sort();
}

describe('bulk import (neo4j-admin) against the online importer', () => {
  let dir: string;
  let file: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'socialrec-bulk-'));
    file = join(dir, 'world.jsonl');
    writeFileSync(file, [...generateWorld({ scale: 0.01, seed: 5 })].map((r) => JSON.stringify(r)).join('\n') + '\n');
    appendFileSync(
      file,
      ['not json', '', '{"entity":"planet","id":"p1"}', ...EDGE_CASES.map((r) => JSON.stringify(r))].join('\n') + '\n',
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('writes exactly the graph the online import writes, and refuses a non-empty database', async () => {
    // Online: the importer as `npm run import -- jsonl` runs it, into a database of its own.
    const onlineDir = join(dir, 'online');
    const online = await startLocalNeo4j({ port: await freePort(), dataDir: onlineDir, pageCacheMb: 64, heapMb: 512 });
    let expected: string[];
    let onlineBad: unknown[];
    let onlineCounts: unknown;
    try {
      const stores = await openStores(online.uri, online.password);
      try {
        const report = await new Importer(stores).run(await readJsonl(file), {
          batchSize: 50,
          weighComment: weighCommentBySentiment,
        });
        onlineBad = report.bad.map((b) => [b.line, b.entity, b.message]).sort();
        onlineCounts = await stores.admin.counts();
        expected = await dump(stores);
        // The comparison is not vacuous: the edge cases are in it.
        expect(expected.length).toBeGreaterThan(2000);
        for (const part of [
          '"Updated; with | odd, \\"chars\\""',
          '["tags",[]]',
          '["counts",[0,1,1,0,0,1,1,0,0]]',
          'type Media.durationSec FLOAT',
          'type ENGAGED.count INTEGER',
        ]) {
          expect(expected.some((line) => line.includes(part))).toBe(true);
        }
      } finally {
        await stores.close();
      }
    } finally {
      await online.stop();
    }

    // Bulk: convert, neo4j-admin import into a fresh folder, start, schema, fixups.
    const bulkDir = join(dir, 'bulk');
    const port = await freePort();
    expect(await localNodeCount({ dataDir: bulkDir, port })).toBe(0);
    const conversion = await convertJsonlToCsv(file, join(dir, 'csv'), { weighComment: weighCommentBySentiment });
    expect(conversion.arrayDelimiter).not.toBe(';'); // a tag holds ';' and another '|'
    expect(conversion.report.bad.map((b) => [b.line, b.entity, b.message]).sort()).toEqual(onlineBad);
    const files = BULK_FILES.map((f) => {
      const made = conversion.files.find((c) => c.name === f.name)!;
      return { kind: f.kind, label: f.label, path: made.path, multiline: made.multiline };
    });
    const loaded = await bulkLoadLocal({
      dataDir: bulkDir,
      port,
      pageCacheMb: 64,
      heapMb: 512,
      files,
      arrayDelimiter: conversion.arrayDelimiter,
      emptyTagMedia: conversion.emptyTagMedia,
      keepRunning: true,
    });
    try {
      expect(loaded.counts).toEqual(onlineCounts);
      const stores = await openStores(loaded.handle!.uri, loaded.handle!.password);
      try {
        expect(await dump(stores)).toEqual(expected!);
      } finally {
        await stores.close();
      }
    } finally {
      await loaded.handle?.stop();
    }
    // Now it holds data: a second bulk load is refused by its caller's check.
    expect(await localNodeCount({ dataDir: bulkDir, port })).toBeGreaterThan(0);
  }, 600_000);
});
