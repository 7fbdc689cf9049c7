/**
 * The store builder of the composition root: which Neo4j (NEO4J_URI, a local one `npm run neo4j:start`
 * left running, or the embedded one started here), the driver, the schema, and the stores over it.
 */
import type { Config } from '../config/config';
import type { WorkGate } from '../domain/ports';
import { withTimeout } from '../domain/timeout';
import { Importer } from '../ingest/importer';
import type { Logger } from '../logging/logger';
import { generateDemoData } from '../seed/demo-data';
import { createDriver } from '../store/neo4j/driver';
import {
  localPassword,
  portOpen,
  readPid,
  removePid,
  startLocalNeo4j,
  stopPid,
  writePid,
  type LocalNeo4jHandle,
} from '../store/neo4j/local-neo4j';
import { applySchema } from '../store/neo4j/migrations';
import { createStores, type Stores } from '../store/neo4j/stores';
import { weighCommentBySentiment } from '../text/sentiment';

export interface Database {
  uri: string;
  /** The password this process connected to `uri` with, for the job thread's own driver (job-thread.ts). */
  password: string;
  /** Whether the database is a local one (no NEO4J_URI). */
  embedded: boolean;
  /** Stores for API requests: transactions bounded by NEO4J_QUERY_TIMEOUT_MS. */
  stores: Stores;
  /** Stores for offline work (seeding the demo world; the jobs open their own, job-thread.ts): no time limit. */
  offline: Stores;
  /** The embedded Neo4j this process started, if any: settles when that process ends. */
  embeddedExit: Promise<number | null> | null;
  /** Resolves when the server answers within the connection timeout. */
  ping(): Promise<void>;
  /** Closes the driver and stops the embedded Neo4j this process started. */
  close(): Promise<void>;
}

/** Starts the embedded Neo4j unless NEO4J_URI names a server; reuses one `npm run neo4j:start` left running. */
async function resolveNeo4j(
  config: Config,
  logger: Logger,
): Promise<{ uri: string; password: string; local: LocalNeo4jHandle | null }> {
  if (config.neo4j.uri) return { uri: config.neo4j.uri, password: config.neo4j.password, local: null };
  const running = readPid(config.neo4j.dataDir);
  if (running !== null && (await portOpen(config.neo4j.boltPort))) {
    logger.info('using the local Neo4j already running', { pid: running, port: config.neo4j.boltPort });
    return {
      uri: `bolt://127.0.0.1:${config.neo4j.boltPort}`,
      password: localPassword(config.neo4j.dataDir),
      local: null,
    };
  }
  if (running !== null) await stopPid(running); // a launcher still shutting down, or hung: finish it first
  logger.info('starting the embedded local Neo4j', {
    port: config.neo4j.boltPort,
    dataDir: config.neo4j.dataDir,
    output: `${config.neo4j.dataDir}/neo4j.out`,
  });
  const local = await startLocalNeo4j({
    port: config.neo4j.boltPort,
    dataDir: config.neo4j.dataDir,
    log: (l) => logger.info(l),
  });
  writePid(config.neo4j.dataDir, local.pid);
  return { uri: local.uri, password: local.password, local };
}

/** `gate` admits the API stores' transactions (api/database-share.ts); offline stores have none. */
export async function openDatabase(config: Config, logger: Logger, gate?: WorkGate): Promise<Database> {
  const { uri, password, local } = await resolveNeo4j(config, logger);
  const driver = createDriver({ ...config.neo4j, uri, password });
  const close = async (): Promise<void> => {
    logger.debug('shutdown: closing the Neo4j driver');
    await driver.close();
    if (!local) return;
    logger.info('shutdown: stopping the local Neo4j', { pid: local.pid });
    await local.stop();
    removePid(config.neo4j.dataDir);
  };
  try {
    // API requests get bounded transactions; seeding (offline work) runs without a limit.
    const stores = createStores(driver, config.neo4j.database, {
      timeoutMs: config.neo4j.queryTimeoutMs,
      ...(gate ? { gate } : {}),
    });
    const offline = createStores(driver, config.neo4j.database);
    await applySchema(stores.db);
    return {
      uri,
      password,
      embedded: config.neo4j.uri === undefined,
      stores,
      offline,
      embeddedExit: local?.exited ?? null,
      ping: async () => void (await withTimeout(driver.getServerInfo(), config.neo4j.connectionTimeoutMs)),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The demo world `npm start` seeds into an empty database (SEED_DEMO). */
export async function seedDemoIfEmpty(stores: Stores, logger: Logger): Promise<boolean> {
  const counts = await stores.admin.counts();
  if (counts.users > 0 || counts.media > 0) return false;
  const report = await new Importer(stores).run(generateDemoData(), { weighComment: weighCommentBySentiment });
  logger.info('seeded demo data', { entities: report.entities, seconds: report.seconds });
  return true;
}
