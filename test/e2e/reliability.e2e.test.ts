import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startService, type Service } from '../../src/main';
import { startLocalNeo4j, type LocalNeo4jHandle } from '../../src/store/neo4j/local-neo4j';
import { testConfig } from '../support/db';
import { freePort } from '../support/free-port';
import { client, codes } from '../support/graphql-client';

describe('Neo4j going away and coming back', () => {
  let dataDir: string;
  let port: number;
  let neo4j: LocalNeo4jHandle;
  let service: Service;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'socialrec-reliability-'));
    port = await freePort();
    neo4j = await startLocalNeo4j({ port, dataDir, pageCacheMb: 64, heapMb: 512 });
    service = await startService(
      testConfig({ NEO4J_URI: neo4j.uri, NEO4J_PASSWORD: neo4j.password, NEO4J_TIMEOUT_MS: '1000' }),
    );
  });
  afterAll(async () => {
    await service?.stop();
    await neo4j?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('requests get UNAVAILABLE quickly while Neo4j is down, and succeed again after it restarts', async () => {
    const gql = client(service.url);
    await gql(`mutation { upsertUsers(input: [{ id: "r1" }]) { created } }`);
    expect((await gql<any>(`{ user(id: "r1") { id } }`)).data.user.id).toBe('r1');

    await neo4j.stop();
    const started = Date.now();
    const down = await gql(`{ user(id: "r1") { id } users(first: 1) { totalCount } }`);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(codes(down)).toContain('UNAVAILABLE');
    const write = await gql(`mutation { upsertUsers(input: [{ id: "r2" }]) { created } }`);
    expect(codes(write)).toEqual(['UNAVAILABLE']);
    expect((await fetch(`${service.url}/health`)).status).toBe(503);

    neo4j = await startLocalNeo4j({ port, dataDir, pageCacheMb: 64, heapMb: 512 });
    let back: any;
    for (let i = 0; i < 30; i++) {
      back = await gql(`{ user(id: "r1") { id } }`);
      if (back.data?.user) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(back.data.user.id).toBe('r1');
    expect((await fetch(`${service.url}/health`)).status).toBe(200);
  });
});
