/** CLI helper: run work against NEO4J_URI, or the local Neo4j (reusing a running one, else started for the run). */
import type { Config } from '../config/config';
import { createDriver } from '../store/neo4j/driver';
import { localPassword, portOpen, readPid, startLocalNeo4j, type LocalNeo4jHandle } from '../store/neo4j/local-neo4j';
import { applySchema } from '../store/neo4j/migrations';
import { createStores, type Stores } from '../store/neo4j/stores';

export async function withDatabase<T>(config: Config, work: (stores: Stores) => Promise<T>): Promise<T> {
  let uri = config.neo4j.uri;
  let password = config.neo4j.password;
  let local: LocalNeo4jHandle | null = null;
  if (!uri) {
    if (readPid(config.neo4j.dataDir) !== null && (await portOpen(config.neo4j.boltPort))) {
      uri = `bolt://127.0.0.1:${config.neo4j.boltPort}`;
      password = localPassword(config.neo4j.dataDir);
    } else {
      console.error(`Starting the local Neo4j (data in ${config.neo4j.dataDir}) for this command...`);
      local = await startLocalNeo4j({ port: config.neo4j.boltPort, dataDir: config.neo4j.dataDir });
      uri = local.uri;
      password = local.password;
    }
  }
  const driver = createDriver({
    ...config.neo4j,
    uri,
    password,
    connectionTimeoutMs: Math.max(config.neo4j.connectionTimeoutMs, 30_000),
  });
  try {
    const stores = createStores(driver, config.neo4j.database);
    await applySchema(stores.db);
    return await work(stores);
  } finally {
    await driver.close();
    await local?.stop();
  }
}
