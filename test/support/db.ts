/** Test access to the real Neo4j of global-setup, and per-file id namespaces for isolation. */
import { randomUUID } from 'node:crypto';
import { loadConfig, type Config } from '../../src/config/config';
import { createDriver } from '../../src/store/neo4j/driver';
import { applySchema } from '../../src/store/neo4j/migrations';
import { createStores, type Stores } from '../../src/store/neo4j/stores';

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    SEED_DEMO: 'false',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    SNAPSHOT_MIN_INTERVAL_MS: '200',
    EMBEDDING_KIND: 'hashing',
    ...overrides,
  });
}

export async function openStores(
  uri = process.env.NEO4J_URI as string,
  password = process.env.NEO4J_PASSWORD ?? 'neo4j',
): Promise<Stores & { close(): Promise<void> }> {
  if (!uri) throw new Error('NEO4J_URI is not set: integration tests need the jest global setup');
  const driver = createDriver({ uri, user: 'neo4j', password, connectionTimeoutMs: 10_000 });
  const stores = createStores(driver);
  await applySchema(stores.db);
  return { ...stores, close: () => driver.close() };
}

/** A short random prefix so each test file's ids never collide with another's. */
export function namespace(): string {
  return `t${randomUUID().slice(0, 8)}-`;
}
