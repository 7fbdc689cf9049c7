/**
 * Integration and e2e tests run against a real Neo4j: NEO4J_URI when set, otherwise a local embedded
 * Neo4j started here on a free port in a temporary folder, and stopped in global-teardown.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalNeo4j } from '../../src/store/neo4j/local-neo4j';
import { freePort } from './free-port';

export const STATE_FILE = join(tmpdir(), `socialrec-test-neo4j-${process.pid}.json`);

export default async function globalSetup(): Promise<void> {
  if (process.env.NEO4J_URI) return;
  const dataDir = mkdtempSync(join(tmpdir(), 'socialrec-neo4j-'));
  const port = await freePort();
  const handle = await startLocalNeo4j({ port, dataDir, pageCacheMb: 256, heapMb: 1024, log: () => undefined });
  process.env.NEO4J_URI = handle.uri;
  process.env.NEO4J_PASSWORD = handle.password;
  process.env.SOCIALREC_TEST_LOCAL_NEO4J = '1';
  writeFileSync(STATE_FILE, JSON.stringify({ pid: handle.pid, dataDir }));
  (globalThis as { __neo4jStop?: () => Promise<void> }).__neo4jStop = handle.stop;
}
