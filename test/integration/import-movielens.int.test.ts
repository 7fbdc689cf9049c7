import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Importer } from '../../src/ingest/importer';
import { readMovielensTmdb } from '../../src/ingest/movielens-tmdb-source';
import { startLocalNeo4j, type LocalNeo4jHandle } from '../../src/store/neo4j/local-neo4j';
import { openStores } from '../support/db';
import { freePort } from '../support/free-port';
import { tuple } from '../support/tuple';

const MOVIELENS_TMDB = resolve(__dirname, '..', '..', '..', 'shared', 'data', 'movielens-tmdb');

/**
 * The MovieLens + TMDB catalogue into a database of its own (50k rows would change the feeds of the
 * tests that share the global one): exactly the counts of SOURCE.md.
 */
describe('MovieLens + TMDB import', () => {
  let neo4j: LocalNeo4jHandle;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'socialrec-movielens-'));
    neo4j = await startLocalNeo4j({ port: await freePort(), dataDir, pageCacheMb: 256, heapMb: 1024 });
  }, 180_000);
  afterAll(async () => {
    await neo4j?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('writes 610 users, 3,537 VIDEO media, 44,205 RATE interactions and the tags.csv assignments', async () => {
    const stores = await openStores(neo4j.uri, neo4j.password);
    try {
      const report = await new Importer(stores).run(readMovielensTmdb(MOVIELENS_TMDB));
      expect(report.bad).toEqual([]);
      expect(report.entities).toMatchObject({
        user: { read: 610, written: 610, bad: 0 },
        media: { read: 3537, written: 3537, bad: 0 },
        interaction: { read: 44205, written: 44205, bad: 0 },
        tag: { read: 2323, written: 2323, bad: 0 },
      });
      expect(await stores.admin.counts()).toMatchObject({
        users: 610,
        media: 3537,
        interactions: 44205,
        engagements: 44205,
        follows: 0,
        tagAssignments: 2323,
      });
      const [kinds] = await stores.db.runAutoCommit(`
        RETURN COUNT { (m:Media) WHERE m.kind = 'VIDEO' } AS videos,
               COUNT { (e:Interaction) WHERE e.type = 'RATE' AND e.rating >= 3.5 } AS positiveRates`);
      expect(kinds).toEqual({ videos: 3537, positiveRates: 44205 });

      const [avatar] = tuple(
        await stores.db.runAutoCommit(
          `MATCH (m:Media {id: 'ml-m72998'}) RETURN m.title AS title, m.description AS description, m.tags AS tags, m.language AS language, m.durationSec AS durationSec, toString(m.publishedAt) AS publishedAt`,
        ),
        1,
      );
      expect(avatar).toMatchObject({
        title: 'Avatar (2009)',
        tags: ['action', 'adventure', 'sci-fi', 'imax'],
        language: 'en',
        durationSec: 9720,
      });
      expect(avatar.description).toMatch(/^Enter the World of Pandora\. In the 22nd century/);
      expect(String(avatar.publishedAt)).toMatch(/^2009-12-10T00:00/);
      const [rate] = tuple(
        await stores.db.runAutoCommit(
          `MATCH (e:Interaction {id: 'movielens:rate:1:1'}) RETURN e.rating AS rating, toString(e.at) AS at`,
        ),
        1,
      );
      expect(rate.rating).toBe(4);
      expect(String(rate.at)).toMatch(/^2000-07-30T18:45:03/);
    } finally {
      await stores.close();
    }
  }, 600_000);
});
