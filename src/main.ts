/**
 * Composition root: config → Neo4j (the given server, or the embedded local one) → stores → services
 * → HTTP server. The only place that wires concrete adapters; `npm start` runs it.
 */
import type { Driver } from 'neo4j-driver';
import { loadConfig, type Config } from './config/config';
import { Importer } from './ingest/importer';
import { IngestService } from './ingest/ingest-service';
import { ImpressionService } from './ingest/impression-service';
import { ModerationService } from './ingest/moderation-service';
import { moderationResolvers } from './api/resolvers/moderation';
import { startHttpServer, type HealthReport, type RunningServer } from './api/http-server';
import { routeConsole } from './logging/console';
import { createLogger, errorFields, type Logger } from './logging/logger';
import { generateDemoData } from './seed/demo-data';
import { createDriver } from './store/neo4j/driver';
import { localPassword, portOpen, readPid, removePid, startLocalNeo4j, stopPid, writePid, type LocalNeo4jHandle } from './store/neo4j/local-neo4j';
import { applySchema } from './store/neo4j/migrations';
import { createStores, type Stores } from './store/neo4j/stores';
import { Authenticator, parseApiKeys } from './api/auth';
import { randomBytes } from 'node:crypto';
import { EntityCache } from './api/entity-cache';
import { ResultCache } from './api/result-cache';
import { exportRoute } from './api/export-route';
import type { Media, User } from './domain/entities';
import { metricsRoute } from './api/metrics-route';
import { AnalyticsService } from './analytics/analytics-service';
import { hourHistogram } from './analytics/taste-profile';
import { explorerRoutes } from './api/explorer-route';
import { analyticsResolvers } from './api/resolvers/analytics';
import { jobResolvers } from './api/resolvers/jobs';
import { runJob } from './jobs/run-job';
import { JobScheduler } from './jobs/scheduler';
import { RateLimiter } from './api/rate-limit';
import { Admission } from './api/admission';
import { createAudit } from './api/audit';
import { withTimeout } from './domain/timeout';
import { createServiceMetrics } from './observability/service-metrics';
import { recommendResolvers } from './api/resolvers/recommend';
import { encoderOptions } from './config/encoder-options';
import { initBackend } from './models/backend';
import type { RecommendService } from './recommend/recommend-service';
import type { ServingState } from './recommend/serving-state';
import { JobWatch } from './recommend/job-watch';
import { startServing } from './recommend/start-serving';
import { createEncoder } from './text/create-encoder';
import { EmbedQueue } from './text/embed-queue';
import { embedMediaByIds } from './jobs/embed-media-job';
import { weighCommentBySentiment } from './text/sentiment';

export interface Service {
  url: string;
  port: number;
  stores: Stores;
  ingest: IngestService;
  recommend: RecommendService;
  state: ServingState;
  scheduler: JobScheduler;
  http: RunningServer;
  driver: Driver;
  /** Cached feed-query results (undefined when RESULT_CACHE_SIZE=0 or GRAPHQL_JIT=false). */
  resultCache: ResultCache | undefined;
  /** Background embedding of upserted media (EMBED_ON_UPSERT); null when off. */
  embedQueue: EmbedQueue | null;
  /** The embedded Neo4j this service started, if any: settles when that process ends. */
  embeddedNeo4jExit: Promise<number | null> | null;
  stop(): Promise<void>;
}

/** Starts the embedded Neo4j unless NEO4J_URI names a server; reuses one `npm run neo4j:start` left running. */
async function resolveNeo4j(config: Config, logger: Logger): Promise<{ uri: string; password: string; local: LocalNeo4jHandle | null }> {
  if (config.neo4j.uri) return { uri: config.neo4j.uri, password: config.neo4j.password, local: null };
  const running = readPid(config.neo4j.dataDir);
  if (running !== null && (await portOpen(config.neo4j.boltPort))) {
    logger.info('using the local Neo4j already running', { pid: running, port: config.neo4j.boltPort });
    return { uri: `bolt://127.0.0.1:${config.neo4j.boltPort}`, password: localPassword(config.neo4j.dataDir), local: null };
  }
  if (running !== null) await stopPid(running); // a launcher still shutting down, or hung: finish it first
  logger.info('starting the embedded local Neo4j', { port: config.neo4j.boltPort, dataDir: config.neo4j.dataDir, output: `${config.neo4j.dataDir}/neo4j.out` });
  const local = await startLocalNeo4j({ port: config.neo4j.boltPort, dataDir: config.neo4j.dataDir, log: (l) => logger.info(l) });
  writePid(config.neo4j.dataDir, local.pid);
  return { uri: local.uri, password: local.password, local };
}

/** What a cached feed result depends on (api/result-cache.ts), as a comparable fingerprint. */
function servingFingerprint(dep: string, state: ServingState, entityEpoch: number): string {
  if (dep === 'entities') return String(entityEpoch);
  if (dep === 'snapshot') return String(state.snapshot.version);
  if (dep.startsWith('user:')) return `${state.snapshot.version}.${state.userVersion(dep.slice(5))}`;
  return `unknown ${Math.random()}`; // an undeclared kind of dependency never validates
}

export async function seedDemoIfEmpty(stores: Stores, logger: Logger): Promise<boolean> {
  const counts = await stores.admin.counts();
  if (counts.users > 0 || counts.media > 0) return false;
  const report = await new Importer(stores).run(generateDemoData(), { weighComment: weighCommentBySentiment });
  logger.info('seeded demo data', { entities: report.entities, seconds: report.seconds });
  return true;
}

export async function startService(config: Config, logger: Logger = createLogger(config.logLevel)): Promise<Service> {
  const { uri, password, local } = await resolveNeo4j(config, logger);
  const driver = createDriver({ ...config.neo4j, uri, password });
  const stopLocal = async (): Promise<void> => {
    if (!local) return;
    await local.stop();
    removePid(config.neo4j.dataDir);
  };
  try {
    // API requests get bounded transactions; jobs and seeding (offline work) run without a limit.
    const stores = createStores(driver, config.neo4j.database, { timeoutMs: config.neo4j.queryTimeoutMs });
    const offline = createStores(driver, config.neo4j.database);
    await applySchema(stores.db);
    if (config.seedDemo) await seedDemoIfEmpty(offline, logger);
    const auth = new Authenticator(parseApiKeys(config.auth.apiKeys), config.auth.required);
    if (!auth.enabled) logger.warn('API keys are not configured: every caller acts as admin (development only; set API_KEYS)');
    else if (parseApiKeys(config.auth.apiKeys).size === 0) {
      // AUTH_REQUIRED (the default when NODE_ENV=production) without keys: say why every request gets 401.
      logger.error('API_KEYS is empty while authentication is required (AUTH_REQUIRED, on by default with NODE_ENV=production): every request but /health and the explorer page is refused with 401; set API_KEYS=KEY:ROLE[,KEY:ROLE] (roles app, analyst, admin)', { nodeEnv: config.env });
    }
    const metrics = createServiceMetrics();
    for (const db of [stores.db, offline.db]) db.onQuery((name, ms) => metrics.neo4jDuration.observe(ms / 1000, { query: name }));
    const encoder = await createEncoder({ ...encoderOptions(config.embedding), log: logger }); // transformer by default; fetches or falls back
    metrics.textEncoder.set(1, { model: encoder.modelId });
    const tfjs = await initBackend({ preferred: config.tfjsBackend, log: (l) => logger.info(l) }).catch((error: Error) => {
      logger.warn('no tfjs backend', { error: error.message });
      return null;
    });
    if (tfjs) metrics.tfjsBackend.set(1, { backend: tfjs.name });
    const ingest = new IngestService({
      ...stores,
      maxBatchSize: config.maxBatchSize,
      commentWeigher: weighCommentBySentiment,
    });
    const moderation = new ModerationService(stores.moderation, stores.uow);
    const impressions = new ImpressionService({ ...stores, maxBatchSize: config.maxBatchSize });
    const { state, recommend } = await startServing({
      stores,
      ingest,
      encoder,
      logger,
      minReloadIntervalMs: config.snapshotMinIntervalMs,
      vectorIndexMinItems: config.vectorIndexMinItems,
      prewarm: config.feedPrewarm,
      onSwap: (snap) => metrics.markSnapshot(snap.version, snap.loadedAt),
      moderation,
      impressions,
      impressionRule: config.impressions,
    });
    // New or changed media text is embedded in the background; the reload then makes it findable.
    const embedQueue = config.embedOnUpsert
      ? new EmbedQueue({ process: (ids) => embedMediaByIds(stores.content, encoder, ids), onStored: () => state.scheduleReload(), logger })
      : null;
    if (embedQueue) ingest.on({ mediaUpserted: (rows) => embedQueue.enqueue(rows.map((r) => r.id)) });
    const mediaCache = new EntityCache<Media>(120_000);
    const userCache = new EntityCache<User>(120_000);
    let entityEpoch = 0; // bumped whenever a cached media or user record may have changed
    ingest.on({
      mediaUpserted: (rows) => (mediaCache.evict(rows.map((r) => r.id)), entityEpoch++),
      usersUpserted: (ids) => (userCache.evict(ids), entityEpoch++),
      userDeleted: (id) => {
        userCache.evict([id]);
        mediaCache.clear(); // media they created lose their creator
        entityEpoch++;
      },
    });
    // A takedown: the record leaves the entity cache, and every cached result (they all depend on entities) goes.
    moderation.on({ mediaTakenDown: (id) => (mediaCache.evict([id]), entityEpoch++), mediaRestored: (id) => (mediaCache.evict([id]), entityEpoch++) });
    state.onSwap(() => (mediaCache.clear(), entityEpoch++)); // jobs rewrite keywords and PageRank
    const resultCache = config.graphqlJit && config.resultCacheSize > 0 ? new ResultCache((dep) => servingFingerprint(dep, state, entityEpoch), config.resultCacheSize) : undefined;
    if (resultCache) metrics.watchResultCache(() => resultCache);
    const analytics = new AnalyticsService({
      state,
      hours: async (id) => hourHistogram(await stores.users.activityByHour(id)),
      userExists: async (id) => (await stores.users.missingIds([id])).length === 0,
      isErased: (id) => state.isErased(id),
    });
    ingest.on({ userDeleted: () => analytics.invalidate() });
    const scheduler = new JobScheduler({
      logger,
      jobs: ['pagerank', 'embeddings', 'embed-media', 'train-ranker'],
      intervalSec: config.jobs.intervalSec,
      afterInteractions: config.jobs.afterInteractions,
      run: (job, log) => runJob(job, offline, config, { log, ...(config.jobs.epochs ? { epochs: config.jobs.epochs } : {}) }),
      record: (run) => stores.admin.recordJobRun(run),
      afterRun: () => state.scheduleReload(),
      onFinished: (run) => {
        metrics.jobRuns.inc({ job: run.job, status: run.status });
        metrics.jobDuration.observe(run.seconds ?? 0, { job: run.job, status: run.status });
      },
    });
    ingest.on({ interactionsRecorded: (rows) => scheduler.interactionsRecorded(rows.length) });
    scheduler.start();
    const refresh = config.snapshotRefreshSec > 0 ? setInterval(() => state.scheduleReload(), config.snapshotRefreshSec * 1000) : null;
    refresh?.unref();
    // Job results written by the CLI or another replica reach the feeds within JOB_POLL_SEC.
    const jobWatch = new JobWatch({ versions: () => stores.admin.jobVersions(), onChange: () => state.scheduleReload(), intervalMs: config.jobPollSec * 1000, logger });
    jobWatch.start();
    const audit = createAudit(logger);
    const health = async (detailed: boolean): Promise<HealthReport> => {
      try {
        await withTimeout(driver.getServerInfo(), config.neo4j.connectionTimeoutMs);
        if (!detailed) return { ok: true };
        const snap = state.ready ? state.snapshot : null;
        return {
          ok: true,
          neo4j: { connected: true, uri, embedded: config.neo4j.uri === undefined },
          tfjsBackend: tfjs?.name ?? null,
          textEncoder: encoder.modelId,
          snapshot: snap ? { version: snap.version, users: snap.data.numUsers, media: snap.data.numItems, loadedAt: new Date(snap.loadedAt).toISOString(), ageSec: Math.round((Date.now() - snap.loadedAt) / 1000) } : null,
          jobVersions: jobWatch.versions,
        };
      } catch (error) {
        if (!detailed) return { ok: false };
        return { ok: false, neo4j: { connected: false, uri, error: (error as Error).message.split('\n')[0] }, tfjsBackend: tfjs?.name ?? null };
      }
    };
    const http = await startHttpServer(
      {
        services: { users: stores.users, media: stores.media, admin: stores.admin, ingest, audit, recommend, scheduler, analytics, mediaCache, userCache, moderation, impressions },
        extraResolvers: [recommendResolvers, jobResolvers, analyticsResolvers, moderationResolvers],
        logger,
        health,
        maxBodyBytes: config.maxBodyBytes,
        bodyTimeoutMs: config.limits.bodyTimeoutMs,
        requestTimeoutMs: config.limits.requestTimeoutMs,
        maxTokens: config.limits.maxTokens,
        hideSuggestions: config.env === 'production',
        introspection: config.introspection,
        jit: config.graphqlJit,
        logRequests: config.logRequests,
        ...(resultCache ? { resultCache } : {}),
        landingPage: config.env !== 'production',
        auth,
        limits: { maxDepth: config.limits.maxDepth, maxCost: config.limits.maxCost, maxRows: config.maxBatchSize },
        metrics,
        ...(config.auth.rateLimitPerMinute > 0 ? { rateLimiter: new RateLimiter({ perMinute: config.auth.rateLimitPerMinute, burst: config.auth.rateLimitBurst }) } : {}),
        ...(config.auth.costPerMinute > 0 ? { costLimiter: new RateLimiter({ perMinute: config.auth.costPerMinute, burst: config.auth.costBurst }) } : {}),
        admission: new Admission({ maxConcurrentPerKey: config.auth.maxConcurrentPerKey, authFailuresPerMinute: auth.enabled ? config.auth.authFailuresPerMinute : 0 }),
        routes: {
          '/metrics': metricsRoute(metrics),
          '/export/interactions.jsonl': exportRoute(stores.exports, config.exportSecret ?? randomBytes(32).toString('hex'), audit),
          ...explorerRoutes(),
        },
        publicRoutes: Object.keys(explorerRoutes()),
        routeRoles: { '/metrics': 'analyst', '/export/interactions.jsonl': 'analyst' },
      },
      config.port,
      config.host,
    );
    logger.info('service ready', { url: `${http.url}/graphql`, neo4j: uri });
    return {
      url: http.url,
      port: http.port,
      stores,
      ingest,
      recommend,
      state,
      scheduler,
      http,
      driver,
      resultCache,
      embedQueue: embedQueue ?? null,
      embeddedNeo4jExit: local?.exited ?? null,
      stop: async () => {
        if (refresh) clearInterval(refresh);
        jobWatch.stop();
        scheduler.stop();
        await embedQueue?.stop();
        state.stop();
        logger.debug('shutdown: draining HTTP requests');
        await http.close();
        logger.debug('shutdown: closing the Neo4j driver');
        await driver.close();
        if (local) logger.info('shutdown: stopping the local Neo4j', { pid: local.pid });
        await stopLocal();
      },
    };
  } catch (error) {
    await driver.close();
    await stopLocal();
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
