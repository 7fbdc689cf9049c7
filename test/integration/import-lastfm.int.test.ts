import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Importer } from '../../src/ingest/importer';
import { readLastfm } from '../../src/ingest/lastfm-source';
import { startLocalNeo4j, type LocalNeo4jHandle } from '../../src/store/neo4j/local-neo4j';
import { openStores } from '../support/db';
import { freePort } from '../support/free-port';

const LASTFM = resolve(__dirname, '..', '..', '..', 'shared', 'data', 'lastfm-2k');

/** The full dataset into a database of its own, twice: exact counts, and identical counts after the rerun. */
describe('LastFM import', () => {
  let neo4j: LocalNeo4jHandle;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'socialrec-lastfm-'));
    neo4j = await startLocalNeo4j({ port: await freePort(), dataDir, pageCacheMb: 256, heapMb: 1024 });
  });
  afterAll(async () => {
    await neo4j?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('holds exactly the dataset after an import and after a second one', async () => {
    // Two full imports (~190k rows each): about 140 s on 2 cores, more while the machine is shared.
    const stores = await openStores(neo4j.uri, neo4j.password);
    try {
      const source = readLastfm(LASTFM);
      const first = await new Importer(stores).run(source);
      const counts = await stores.admin.counts();
      expect(counts).toMatchObject({ users: 1892, media: 17632, engagements: 92834, interactions: 92834, follows: 25434 });
      // Tag assignments naming artists missing from artists.dat are reported with their line, the rest kept.
      const unknownArtist = first.bad.find((b) => /unknown media/.test(b.message));
      expect(unknownArtist).toMatchObject({ entity: 'tag', file: expect.stringContaining('user_taggedartists.dat') });
      expect(unknownArtist?.line).toBeGreaterThan(1);
      expect(counts.tagAssignments).toBeGreaterThan(180_000);

      const [artist] = await stores.db.runAutoCommit(`MATCH (m:Media {id: 'a89'}) RETURN m.title AS title, m.kind AS kind, m.tags AS tags`);
      expect(artist).toMatchObject({ title: 'Lady Gaga', kind: 'AUDIO' });
      expect((artist.tags as string[]).length).toBeGreaterThan(3);
      const [listen] = await stores.db.runAutoCommit(`MATCH (:User {id: 'u2'})-[g:ENGAGED]->(:Media {id: 'a51'}) RETURN g.weight AS weight`);
      expect(listen.weight).toBe(13883);

      const second = await new Importer(stores).run(readLastfm(LASTFM));
      expect(await stores.admin.counts()).toEqual(counts);
      expect(second.entities.interaction.written).toBe(first.entities.interaction.written);
    } finally {
      await stores.close();
    }
  }, 360_000);
});
