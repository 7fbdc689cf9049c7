/**
 * Issue 14, item 1: the README's GraphQL examples run verbatim and return data. A fresh embedded Neo4j
 * in a temporary folder gets what `npm start` gives a newcomer (the demo world, SEED_DEMO), and every
 * unmarked ```graphql block of README.md runs in order against it over HTTP; blocks marked for LastFM
 * run in test/integration/import-lastfm.int.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startService, type Service } from '../../src/main';
import { startLocalNeo4j, type LocalNeo4jHandle } from '../../src/store/neo4j/local-neo4j';
import { freePort } from '../support/free-port';
import { client } from '../support/graphql-client';
import { testConfig } from '../support/db';
import { emptyPaths, operationCount, readmeBlocks } from '../support/readme-blocks';

describe('README examples against the demo world', () => {
  let neo4j: LocalNeo4jHandle;
  let dataDir: string;
  let service: Service;
  const blocks = readmeBlocks();

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'socialrec-readme-'));
    neo4j = await startLocalNeo4j({ port: await freePort(), dataDir, pageCacheMb: 256, heapMb: 1024 });
    service = await startService(
      testConfig({
        NEO4J_URI: neo4j.uri,
        NEO4J_PASSWORD: neo4j.password,
        SEED_DEMO: 'true',
        SNAPSHOT_REFRESH_SEC: '0',
        NEO4J_QUERY_TIMEOUT_MS: '60000',
      }),
    );
  }, 300_000);
  afterAll(async () => {
    await service?.stop();
    await neo4j?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('the README has GraphQL examples for both worlds, one operation per block', () => {
    expect(blocks.filter((b) => b.world === 'demo').length).toBeGreaterThanOrEqual(6);
    expect(blocks.filter((b) => b.world === 'lastfm').length).toBeGreaterThanOrEqual(1);
    for (const b of blocks)
      expect({ line: b.line, operations: operationCount(b.code) }).toEqual({ line: b.line, operations: 1 });
  });

  test('the service seeded the demo world', async () => {
    expect(await service.stores.admin.demoPresent()).toBe(true);
  });

  test('every demo-world block runs verbatim, in README order, and returns data', async () => {
    const gql = client(service.url);
    for (const block of blocks.filter((b) => b.world === 'demo')) {
      const r = await gql<any>(block.code);
      // Named by line, so a failure says which example broke.
      expect({ line: block.line, errors: r.errors ?? [] }).toEqual({ line: block.line, errors: [] });
      expect({ line: block.line, empty: emptyPaths(r.data) }).toEqual({ line: block.line, empty: [] });
      // A write changes the serving state the next example reads: let the reload it scheduled land.
      if (/^\s*mutation\b/.test(block.code)) await service.state.reload();
    }
  });

  test('npm run reset: says what it would erase (the demo world), and erases it only with --yes', () => {
    const run = (...args: string[]) =>
      spawnSync(
        process.execPath,
        [require.resolve('tsx/cli'), join(__dirname, '..', '..', 'src', 'cli', 'reset.ts'), ...args],
        {
          env: { ...process.env, NEO4J_URI: neo4j.uri, NEO4J_PASSWORD: neo4j.password, NODE_ENV: 'test' },
          encoding: 'utf8',
          timeout: 120_000,
        },
      );
    const dry = run();
    expect(dry.status).toBe(2);
    expect(dry.stdout).toMatch(/Would erase \d+ users, \d+ media, .*the demo world is among them.*--yes/s);
    const bad = run('--yess');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^error: .*--yess/);
    const done = run('--yes');
    expect(done.status).toBe(0);
    expect(done.stdout).toMatch(/now holds 0 users and 0 media/);
  }, 300_000);
});
