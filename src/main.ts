/**
 * Composition root: config → Neo4j (the given server, or the embedded local one) → stores → services
 * → HTTP server. With app/ (the store, serving and API builders), the only place that wires concrete
 * adapters; `npm start` runs it.
 */
import { startApi } from './app/api';
import { openDatabase, seedDemoIfEmpty } from './app/database';
import { buildServing, type Serving } from './app/serving';
import { DatabaseShare } from './api/database-share';
import type { RunningServer } from './api/http-server';
import { KeyActivity } from './api/key-activity';
import type { ResultCache } from './api/result-cache';
import { loadConfig, type Config } from './config/config';
import type { IngestService } from './ingest/ingest-service';
import type { JobScheduler } from './jobs/scheduler';
import { routeConsole } from './logging/console';
import { createLogger, errorFields, type Logger } from './logging/logger';
import { createServiceMetrics } from './observability/service-metrics';
import type { RecommendService } from './recommend/recommend-service';
import type { ServingState } from './recommend/serving-state';
import type { Stores } from './store/neo4j/stores';
import type { ReplicaSync } from './recommend/replica-sync';
import type { EmbedQueue } from './text/embed-queue';

export { seedDemoIfEmpty };

export interface Service {
  url: string;
  port: number;
  stores: Stores;
  ingest: IngestService;
  recommend: RecommendService;
  state: ServingState;
  scheduler: JobScheduler;
  http: RunningServer;
  /** Cached feed-query results (undefined when RESULT_CACHE_SIZE=0 or GRAPHQL_JIT=false). */
  resultCache: ResultCache | undefined;
  /** Background embedding of upserted media (EMBED_ON_UPSERT); null when off. */
  embedQueue: EmbedQueue | null;
  /** The change feed between replicas (REPLICA_POLL_MS); null when off. */
  replicas: ReplicaSync | null;
  /** The embedded Neo4j this service started, if any: settles when that process ends. */
  embeddedNeo4jExit: Promise<number | null> | null;
  stop(): Promise<void>;
}

/** Stores (app/database.ts) → services and serving state (app/serving.ts) → HTTP API (app/api.ts). */
export async function startService(config: Config, logger: Logger = createLogger(config.logLevel)): Promise<Service> {
  // One share of the database per API key (api/database-share.ts): the API stores' transactions pass its gate.
  const databaseShare = new DatabaseShare(new KeyActivity(), config.auth.dbSharePerKey);
  const db = await openDatabase(config, logger, databaseShare.gate);
  let serving: Serving | null = null;
  try {
    if (config.seedDemo) await seedDemoIfEmpty(db.offline, logger);
    const metrics = createServiceMetrics();
    for (const s of [db.stores, db.offline])
      s.db.onQuery((name, ms) => metrics.neo4jDuration.observe(ms / 1000, { query: name }));
    serving = await buildServing(config, logger, db, metrics);
    const { http, resultCache } = await startApi(config, logger, db, serving, metrics, databaseShare);
    logger.info('service ready', { url: `${http.url}/graphql`, neo4j: db.uri });
    const running = serving;
    return {
      url: http.url,
      port: http.port,
      stores: db.stores,
      ingest: running.ingest,
      recommend: running.recommend,
      state: running.state,
      scheduler: running.scheduler,
      http,
      resultCache,
      embedQueue: running.embedQueue,
      replicas: running.replicas,
      embeddedNeo4jExit: db.embeddedExit,
      stop: async () => {
        await running.stop();
        logger.debug('shutdown: draining HTTP requests');
        await http.close();
        await db.close();
      },
    };
  } catch (error) {
    await serving?.stop();
    await db.close();
    throw error;
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  routeConsole(logger); // libraries' console output joins the JSON lines instead of breaking them
  // Last line of defence: a rejection or exception no code path handled is a bug to log and fix, never
  // a reason to take every client down (Node's default for an unhandled rejection is to exit).
  process.on('unhandledRejection', (reason) => logger.error('unhandled rejection', errorFields(reason)));
  const service = await startService(config, logger);
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    service.stop().then(
      () => process.exit(0),
      (error: Error) => {
        logger.error('shutdown failed', errorFields(error));
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // A dead embedded database would leave a service that can only answer UNAVAILABLE: exit non-zero so a
  // supervisor (systemd, compose, Kubernetes) restarts both.
  void service.embeddedNeo4jExit?.then((code) => {
    if (stopping) return;
    logger.error('the embedded Neo4j exited; stopping the service so a supervisor can restart it', { code });
    stopping = true;
    void service.stop().finally(() => process.exit(1));
  });
}

if (require.main === module) {
  main().catch((error: Error) => {
    // Still one JSON line (with the stack) for the log collector; the message stays readable in it.
    createLogger('error').error(`the service could not start: ${error.message}`, errorFields(error));
    process.exit(1);
  });
}
