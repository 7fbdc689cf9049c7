import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Importer } from '../../src/ingest/importer';
import { generateDemoData } from '../../src/seed/demo-data';
import { startLocalNeo4j, type LocalNeo4jHandle } from '../../src/store/neo4j/local-neo4j';
import { openStores } from '../support/db';
import { freePort } from '../support/free-port';

/** Neo4j killed (SIGKILL) in the middle of an import: the import reports it; a rerun completes exactly. */
describe('import through a Neo4j crash', () => {
  let neo4j: LocalNeo4jHandle;
  let dataDir: string;
  let port: number;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'socialrec-crash-'));
    port = await freePort();
    neo4j = await startLocalNeo4j({ port, dataDir, pageCacheMb: 64, heapMb: 512 });
  });
  afterAll(async () => {
    await neo4j?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('the failure is reported and a rerun leaves exact counts', async () => {
    const source = generateDemoData({
      users: 120,
      media: 300,
      interactionsPerUser: 12,
      now: '2026-01-01T12:00:00.000Z',
    });
    const events = source.records.get('interaction')!;
    const pairs = new Set(events.map((r) => `${r.data.userId}|${r.data.mediaId}`));
    const follows = new Set(source.records.get('follow')!.map((r) => `${r.data.followerId}|${r.data.followeeId}`));

    let stores = await openStores(neo4j.uri, neo4j.password);
    let killed = false;
    const failed = new Importer(stores).run(source, {
      batchSize: 200,
      onProgress: (entity, done) => {
        if (entity === 'interaction' && done >= 400 && !killed) {
          killed = true;
          process.kill(neo4j.pid, 'SIGKILL');
        }
      },
    });
    await expect(failed).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(killed).toBe(true);
    await stores.close().catch(() => undefined);

    neo4j = await startLocalNeo4j({ port, dataDir, pageCacheMb: 64, heapMb: 512 });
    stores = await openStores(neo4j.uri, neo4j.password);
    try {
      const partial = await stores.admin.counts();
      expect(partial.interactions).toBeLessThan(events.length);
      const report = await new Importer(stores).run(source, { batchSize: 200 });
      expect(report.bad).toEqual([]);
      expect(await stores.admin.counts()).toMatchObject({
        users: 120,
        media: 300,
        interactions: events.length,
        engagements: pairs.size,
        follows: follows.size,
      });
    } finally {
      await stores.close();
    }
  });
});
