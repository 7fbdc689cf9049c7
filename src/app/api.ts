/**
 * The API builder of the composition root: authentication and limits, the cache freshness rules
 * (api/freshness.ts) with the result cache, /health, the routes, and the HTTP server over the services.
 */
import { randomBytes } from 'node:crypto';
import { Admission } from '../api/admission';
import { createAudit } from '../api/audit';
import { Authenticator, parseApiKeys } from '../api/auth';
import type { DatabaseShare } from '../api/database-share';
import { exportRoute } from '../api/export-route';
import { explorerRoutes } from '../api/explorer-route';
import { Freshness } from '../api/freshness';
import { startHttpServer, type HealthReport, type RunningServer } from '../api/http-server';
import { metricsRoute } from '../api/metrics-route';
import { RateLimiter } from '../api/rate-limit';
import { analyticsResolvers } from '../api/resolvers/analytics';
import { jobResolvers } from '../api/resolvers/jobs';
import { moderationResolvers } from '../api/resolvers/moderation';
import { recommendResolvers } from '../api/resolvers/recommend';
import { ResultCache } from '../api/result-cache';
import type { Config } from '../config/config';
import type { Logger } from '../logging/logger';
import type { ServiceMetrics } from '../observability/service-metrics';
import type { Database } from './database';
import type { Serving } from './serving';

export interface Api {
  http: RunningServer;
  /** Cached feed-query results (undefined when RESULT_CACHE_SIZE=0 or GRAPHQL_JIT=false). */
  resultCache: ResultCache | undefined;
}

function authenticator(config: Config, logger: Logger): Authenticator {
  const auth = new Authenticator(parseApiKeys(config.auth.apiKeys), config.auth.required);
  if (!auth.enabled)
    logger.warn('API keys are not configured: every caller acts as admin (development only; set API_KEYS)');
  else if (parseApiKeys(config.auth.apiKeys).size === 0) {
    // AUTH_REQUIRED (the default when NODE_ENV=production) without keys: say why every request gets 401.
    logger.error(
      'API_KEYS is empty while authentication is required (AUTH_REQUIRED, on by default with NODE_ENV=production): every request but /health and the explorer page is refused with 401; set API_KEYS=KEY:ROLE[,KEY:ROLE] (roles app, analyst, admin)',
      { nodeEnv: config.env },
    );
  }
  return auth;
}

function healthCheck(db: Database, serving: Serving): (detailed: boolean) => Promise<HealthReport> {
  const { state, jobWatch, encoder, tfjsBackend, replicas } = serving;
  return async (detailed) => {
    try {
      await db.ping();
      if (!detailed) return { ok: true };
      const snap = state.ready ? state.snapshot : null;
      return {
        ok: true,
        neo4j: { connected: true, uri: db.uri, embedded: db.embedded },
        tfjsBackend,
        textEncoder: encoder.modelId,
        snapshot: snap
          ? {
              version: snap.version,
              users: snap.data.numUsers,
              media: snap.data.numItems,
              loadedAt: new Date(snap.loadedAt).toISOString(),
              ageSec: Math.round((Date.now() - snap.loadedAt) / 1000),
            }
          : null,
        jobVersions: jobWatch.versions,
        replicas: replicas?.stats ?? null,
      };
    } catch (error) {
      if (!detailed) return { ok: false };
      return {
        ok: false,
        neo4j: { connected: false, uri: db.uri, error: (error as Error).message.split('\n')[0] },
        tfjsBackend,
      };
    }
  };
}

export async function startApi(
  config: Config,
  logger: Logger,
  db: Database,
  serving: Serving,
  metrics: ServiceMetrics,
  databaseShare?: DatabaseShare,
): Promise<Api> {
  const { stores } = db;
  const { ingest, moderation, impressions, recommend, scheduler, analytics, state } = serving;
  const auth = authenticator(config, logger);
  const freshness = new Freshness(state);
  freshness.connect(ingest, moderation);
  const resultCache =
    config.graphqlJit && config.resultCacheSize > 0
      ? new ResultCache((dep) => freshness.fingerprint(dep), config.resultCacheSize)
      : undefined;
  if (resultCache) metrics.resultCache.watch(() => resultCache);
  const audit = createAudit(logger);
  const http = await startHttpServer(
    {
      services: {
        users: stores.users,
        media: stores.media,
        admin: stores.admin,
        ingest,
        audit,
        recommend,
        scheduler,
        analytics,
        mediaCache: freshness.mediaCache,
        userCache: freshness.userCache,
        moderation,
        impressions,
      },
      extraResolvers: [recommendResolvers, jobResolvers, analyticsResolvers, moderationResolvers],
      logger,
      health: healthCheck(db, serving),
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
      limits: {
        maxDepth: config.limits.maxDepth,
        maxCost: config.limits.maxCost,
        maxChars: config.limits.maxQueryChars,
        maxRows: config.maxBatchSize,
      },
      metrics,
      ...(config.auth.rateLimitPerMinute > 0
        ? {
            rateLimiter: new RateLimiter({
              perMinute: config.auth.rateLimitPerMinute,
              burst: config.auth.rateLimitBurst,
            }),
          }
        : {}),
      ...(config.auth.costPerMinute > 0
        ? { costLimiter: new RateLimiter({ perMinute: config.auth.costPerMinute, burst: config.auth.costBurst }) }
        : {}),
      ...(databaseShare ? { databaseShare } : {}),
      limitedPauseMs: config.auth.limitedPauseMs,
      admission: new Admission({
        maxConcurrentPerKey: config.auth.maxConcurrentPerKey,
        authFailuresPerMinute: auth.enabled ? config.auth.authFailuresPerMinute : 0,
      }),
      routes: {
        '/metrics': metricsRoute(metrics),
        '/export/interactions.jsonl': exportRoute(
          stores.exports,
          // Unset: one key kept in Neo4j, so every replica (and every restart) gives a person one pseudonym.
          config.exportSecret ??
            (await stores.changes.sharedSecret('export-pseudonym', randomBytes(32).toString('hex'))),
          audit,
        ),
        ...explorerRoutes(),
      },
      publicRoutes: Object.keys(explorerRoutes()),
      routeRoles: { '/metrics': 'analyst', '/export/interactions.jsonl': 'analyst' },
    },
    config.port,
    config.host,
  );
  return { http, resultCache };
}
