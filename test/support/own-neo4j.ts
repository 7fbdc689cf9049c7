/**
 * A Neo4j of the suite's own (a fresh local one in a temporary folder), for suites whose assertions
 * depend on the whole catalogue: the default ranker standardises its features on the snapshot, so the
 * shared test database, holding whatever other suites wrote before, would change their answers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalNeo4j } from '../../src/store/neo4j/local-neo4j';
import { freePort } from './free-port';

export interface OwnNeo4j {
  /** NEO4J_URI and NEO4J_PASSWORD for testConfig. */
  env: { NEO4J_URI: string; NEO4J_PASSWORD: string };
  stop(): Promise<void>;
}

export async function ownNeo4j(name: string): Promise<OwnNeo4j> {
  const dataDir = mkdtempSync(join(tmpdir(), `socialrec-${name}-`));
  const neo4j = await startLocalNeo4j({ port: await freePort(), dataDir, pageCacheMb: 64, heapMb: 512 });
  return {
    env: { NEO4J_URI: neo4j.uri, NEO4J_PASSWORD: neo4j.password },
    stop: async () => {
      await neo4j.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
