/**
 * The HTTP shell: POST/GET /graphql through Apollo Server, GET /health, and any extra routes later
 * features register (/metrics, /explorer). Plain node:http keeps the shell small and the body limit ours.
 */
import { ApolloServer, HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorFields, type Logger } from '../logging/logger';
import type { ServiceMetrics } from '../observability/service-metrics';
import type { Admission } from './admission';
import { hasRole, type Authenticator, type Principal, type Role } from './auth';
import { createContext, type RequestContext, type Services } from './context';
import type { DatabaseShare } from './database-share';
import { FairScheduler } from './fair-scheduler';
import { chargeRefused, guardPlugin } from './guard-plugin';
import { checkQueryText, QuerySizeError, type QueryLimits } from './query-limits';
import type { RateLimiter } from './rate-limit';
import { createErrorFormatter } from './errors';
import { jitGateway } from './jit-executor';
import type { ResultCache } from './result-cache';
import type { Resolvers } from './generated/graphql';
import { baseResolvers, loadTypeDefs, mergeResolvers } from './schema';

/** A non-GraphQL route; `principal` is the authenticated caller (absent on public routes). */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse, principal?: Principal) => Promise<void> | void;

export interface HealthReport {
  ok: boolean;
  [key: string]: unknown;
}

export interface HttpServerOptions {
  services: Services;
  logger: Logger;
  /** `detailed` is false for anonymous callers: they learn only whether the service is up. */
  health: (detailed: boolean) => Promise<HealthReport>;
  maxBodyBytes: number;
  /** A request body not received within this time is answered 408 and its connection closed. */
  bodyTimeoutMs: number;
  /** Wall-time budget of one GraphQL request: CPU-bound steps asked for after it are refused. */
  requestTimeoutMs: number;
  /** Most lexical tokens in one GraphQL document (parsing stops past it). */
  maxTokens: number;
  /** Production: error messages do not suggest schema names ("Did you mean …"). */
  hideSuggestions?: boolean;
  introspection: boolean;
  /** Run queries compiled by graphql-jit (jit-executor.ts) instead of graphql-js's interpreter. */
  jit?: boolean;
  /** With `jit`: reuse results of cacheable feed queries while their dependencies hold (result-cache.ts). */
  resultCache?: ResultCache;
  landingPage: boolean;
  extraTypeDefs?: string[];
  extraResolvers?: Resolvers[];
  routes?: Record<string, RouteHandler>;
  /** Routes served without a key: static pages holding no data (their data comes through /graphql). */
  publicRoutes?: string[];
  /** Routes that need at least this role (e.g. /metrics → analyst); others need only a valid key. */
  routeRoles?: Record<string, Role>;
  auth: Authenticator;
  rateLimiter?: RateLimiter;
  /** Per-key budget of query cost units (guard-plugin.ts). */
  costLimiter?: RateLimiter;
  /** Per-key in-flight cap and failed-authentication throttle. */
  admission?: Admission;
  /** A key over its request or cost budget is answered 429 after this pause at most (its retry-after); 0 = at once. */
  limitedPauseMs?: number;
  /** Each key's share of the database (its gate is the API stores' WorkGate); the scheduler shares its key activity. */
  databaseShare?: DatabaseShare;
  limits: QueryLimits;
  metrics?: ServiceMetrics;
  /** One info line per request (request id, operation, status, duration); /health at debug. Default true. */
  logRequests?: boolean;
}

/** What the request log line says beyond method, path and status; the guard plugin adds the operation. */
export interface RequestLogFields {
  key?: string;
  operation?: string;
  operationName?: string;
  errors?: string[];
}

export interface RunningServer {
  server: Server;
  apollo: ApolloServer<RequestContext>;
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Refused requests with bodies above this are answered without reading them, and their connection closed. */
const UNREAD_BODY_BYTES = 64 * 1024;

class BodyTooLarge extends Error {}
class BodyTimeout extends Error {}

/** The body, refused past `limit` bytes (413) or when not complete within `timeoutMs` (408). */
function readBody(req: IncomingMessage, limit: number, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const tooLarge = (): BodyTooLarge => new BodyTooLarge(`request body exceeds ${limit} bytes`);
    if (Number(req.headers['content-length'] ?? 0) > limit) return reject(tooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    // A stalled upload must not hold its buffers (and its key's slot) for long.
    const timer = setTimeout(() => {
      chunks.length = 0;
      reject(new BodyTimeout(`request body not received within ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Keep draining without buffering, so the 413 reaches the client instead of a reset.
      if (size > limit) reject(tooLarge());
      else chunks.push(chunk);
    });
    req.on('end', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

export async function startHttpServer(
  options: HttpServerOptions,
  port: number,
  host = '0.0.0.0',
): Promise<RunningServer> {
  const schema = makeExecutableSchema({
    typeDefs: [loadTypeDefs(), ...(options.extraTypeDefs ?? [])].join('\n'),
    resolvers: mergeResolvers(baseResolvers(), ...(options.extraResolvers ?? [])) as never,
  });
  const apollo = new ApolloServer<RequestContext>({
    ...(options.jit ? { gateway: jitGateway(schema, options.resultCache) } : { schema }),
    formatError: createErrorFormatter(options.logger, { hideSuggestions: options.hideSuggestions === true }),
    parseOptions: { maxTokens: options.maxTokens },
    introspection: options.introspection,
    includeStacktraceInErrorResponses: false,
    // The composition root owns shutdown (drain, close the driver, stop a local Neo4j), not Apollo.
    stopOnTerminationSignals: false,
    plugins: [
      ...(options.landingPage ? [] : [ApolloServerPluginLandingPageDisabled()]),
      // No cache hints are used; the default cache-control plugin would wrap every field resolver.
      ApolloServerPluginCacheControlDisabled(),
      guardPlugin({
        limits: options.limits,
        logger: options.logger,
        ...(options.costLimiter ? { costLimiter: options.costLimiter } : {}),
        ...(options.metrics ? { metrics: options.metrics } : {}),
      }),
    ],
  });
  await apollo.start();

  const scheduler = new FairScheduler({
    ...(options.databaseShare ? { activity: options.databaseShare.activity } : {}),
    onSlice: (key, ms) => options.metrics?.fairSlice.observe(ms / 1000, { key }),
  });
  const share = options.databaseShare;
  if (share && options.metrics) {
    const waited = options.metrics.dbShareWait;
    share.onWait = (key, ms) => waited.observe(ms / 1000, { key });
  }
  const refuse = (res: ServerResponse, status: number, code: string, message: string, retryAfter?: number): void => {
    if (retryAfter !== undefined) res.setHeader('retry-after', String(retryAfter));
    sendJson(res, status, { errors: [{ message, extensions: { code } }] });
  };

  /**
   * A key over its request or cost budget gets 429, after a pause (its retry-after, at most
   * `limitedPauseMs`) during which the refusal holds one of the key's in-flight slots. A client that
   * ignores retry-after and loops on refusals then gets a few a second per connection instead of
   * thousands: measured with bench:abuse, an abuser's 2,100 refusals a second (8 connections) took a
   * large part of the event loop and lifted another key's feed p99 2–3× over idle. Past its in-flight
   * cap a key is answered at once, with its connection closed. A query refused for its cost after
   * parsing (the key's budget short of it) is held the same way (`graphql` below).
   */
  /** How long a refusal with this retry-after (s) is held: the retry-after, at most `limitedPauseMs`. */
  const limitedPause = (retryAfter: number): number => Math.min(retryAfter * 1000, options.limitedPauseMs ?? 0);
  const refuseLimited = (
    req: IncomingMessage,
    res: ServerResponse,
    keyId: string,
    message: string,
    retryAfter: number,
  ): void => {
    // A large body is left unread and its connection closed; a small one is drained by Node and the
    // connection kept, which costs less than a new connection per refused request.
    if (Number(req.headers['content-length'] ?? 0) > UNREAD_BODY_BYTES || req.headers['transfer-encoding'])
      res.setHeader('connection', 'close');
    const pauseMs = limitedPause(retryAfter);
    const release = pauseMs > 0 && options.admission ? options.admission.enter(keyId) : null;
    if (!release) {
      if (pauseMs > 0) res.setHeader('connection', 'close');
      return refuse(res, 429, 'RATE_LIMITED', message, retryAfter);
    }
    const timer = setTimeout(() => refuse(res, 429, 'RATE_LIMITED', message, retryAfter), pauseMs);
    res.once('close', () => {
      clearTimeout(timer);
      release();
    });
  };

  const graphql = async (
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    principal: Principal,
    requestId: string,
    seen: RequestLogFields,
  ): Promise<void> => {
    const deadline = Date.now() + options.requestTimeoutMs;
    const headers = new HeaderMap();
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    let body: unknown;
    let length = url.search.length;
    if (req.method === 'POST') {
      const text = await readBody(req, options.maxBodyBytes, options.bodyTimeoutMs);
      length = text.length;
      try {
        body = text === '' ? {} : JSON.parse(text);
      } catch {
        chargeRefused(options, principal.keyId, length);
        return refuse(res, 400, 'BAD_REQUEST', 'Request body is not valid JSON');
      }
    }
    try {
      checkQueryText(
        req.method === 'POST' ? (body as { query?: unknown } | null)?.query : url.searchParams.get('query'),
        options.limits,
      );
    } catch (error) {
      chargeRefused(options, principal.keyId, length, error instanceof QuerySizeError);
      return refuse(res, 400, 'BAD_USER_INPUT', (error as Error).message);
    }
    const turn = (): Promise<void> => scheduler.turn(principal.keyId, deadline, options.requestTimeoutMs);
    const httpGraphQLRequest: HTTPGraphQLRequest = { method: req.method ?? 'GET', headers, search: url.search, body };
    const execute = () =>
      apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest,
        context: async () =>
          Object.assign(createContext(options.services, requestId, principal, turn), { requestLog: seen }),
      });
    // Every transaction the request opens is admitted on its key's share of the database.
    const response = await (share ? share.within(principal.keyId, execute) : execute());
    if (response.status === 429) {
      // Refused for cost after parsing (its budget was not spent, but short of this query's cost): held
      // like the refusals above, on the request's own in-flight slot.
      const pauseMs = limitedPause(Number(response.headers.get('retry-after') ?? 1));
      if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
    const outHeaders: Record<string, string> = { 'x-request-id': requestId };
    for (const [k, v] of response.headers) outHeaders[k] = v;
    res.writeHead(response.status ?? 200, outHeaders);
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
    } else {
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    }
  };

  /** The caller, or a refusal already sent (401, or 429 for an address guessing keys). */
  const authenticate = (req: IncomingMessage, res: ServerResponse): Principal | null => {
    const principal = options.auth.authenticate(req);
    if (principal) return principal;
    const address = req.socket.remoteAddress ?? 'unknown';
    if (options.admission && !options.admission.failedAuth(address)) {
      options.metrics?.rateLimited.inc({ key: 'unauthenticated', kind: 'auth' });
      refuse(
        res,
        429,
        'RATE_LIMITED',
        'Too many failed authentications from this address',
        options.admission.retryAfterFailures(address),
      );
      return null;
    }
    res.setHeader('www-authenticate', 'Bearer');
    refuse(res, 401, 'UNAUTHENTICATED', 'An API key is required (x-api-key header or Authorization: Bearer)');
    return null;
  };

  const health = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // Anonymous callers (load balancers) learn only up or down; details need a key (analyst role).
    const caller = options.auth.authenticate(req);
    const detailed = caller !== null && hasRole(caller, 'analyst');
    const report = await options.health(detailed);
    const body = detailed
      ? { status: report.ok ? 'ok' : 'unavailable', ...report }
      : { status: report.ok ? 'ok' : 'unavailable' };
    sendJson(res, report.ok ? 200 : 503, body);
  };

  const logRequest = (
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    requestId: string,
    started: number,
    seen: RequestLogFields,
  ): void => {
    const finished = res.writableFinished;
    const fields = {
      requestId,
      method: req.method,
      path: url.pathname,
      status: res.headersSent ? res.statusCode : null,
      ms: Math.round((performance.now() - started) * 10) / 10,
      ...seen,
      ...(finished ? {} : { aborted: true }),
    };
    if (finished && res.statusCode >= 500) options.logger.warn('request', fields);
    // /health is polled; a flood of 429s would otherwise cost a log line each (the metric counts them).
    else if (url.pathname === '/health' || res.statusCode === 429) options.logger.debug('request', fields);
    else options.logger.info('request', fields);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const started = performance.now();
    const requestId = (req.headers['x-request-id'] as string | undefined)?.slice(0, 64) || randomUUID();
    const seen: RequestLogFields = {};
    res.setHeader('x-request-id', requestId);
    if (options.logRequests !== false) res.once('close', () => logRequest(req, res, url, requestId, started, seen));
    const handle = async (): Promise<void> => {
      if (url.pathname === '/health' && (req.method === 'GET' || req.method === 'HEAD')) return health(req, res);
      const route = url.pathname === '/graphql' ? null : options.routes?.[url.pathname];
      if (url.pathname !== '/graphql' && !route)
        return sendJson(res, 404, { error: `No route for ${req.method} ${url.pathname}` });
      if (route && options.publicRoutes?.includes(url.pathname)) return route(req, res);
      // Everything but /health needs a valid key once keys are configured.
      const principal = authenticate(req, res);
      if (!principal) return;
      seen.key = principal.keyId;
      // Even a request that asks for no turn (a cached feed) makes heavier keys share the loop with it.
      scheduler.seen(principal.keyId);
      if (options.rateLimiter && !options.rateLimiter.take(principal.keyId)) {
        options.metrics?.rateLimited.inc({ key: principal.keyId, kind: 'requests' });
        const retryAfter = options.rateLimiter.retryAfter(principal.keyId);
        return refuseLimited(req, res, principal.keyId, 'Rate limit exceeded for this key', retryAfter);
      }
      if (options.costLimiter?.spent(principal.keyId)) {
        // Refused before the body is read: a key whose cost budget is spent costs the service nothing more.
        options.metrics?.rateLimited.inc({ key: principal.keyId, kind: 'cost' });
        const retryAfter = options.costLimiter.retryAfter(principal.keyId);
        return refuseLimited(req, res, principal.keyId, "This key's query-cost budget is spent", retryAfter);
      }
      const release = options.admission ? options.admission.enter(principal.keyId) : () => undefined;
      if (!release) {
        options.metrics?.rateLimited.inc({ key: principal.keyId, kind: 'concurrency' });
        return refuse(res, 429, 'RATE_LIMITED', 'Too many requests in flight for this key', 1);
      }
      res.once('close', release);
      if (route) {
        const needed = options.routeRoles?.[url.pathname];
        if (needed && !hasRole(principal, needed))
          return refuse(res, 403, 'FORBIDDEN', `${url.pathname} needs the ${needed} role`);
        // A route's reads (the export's stream) run on its key's share of the database too.
        return share ? share.within(principal.keyId, () => route(req, res, principal)) : route(req, res, principal);
      }
      return graphql(req, res, url, principal, requestId, seen);
    };
    handle().catch((error: unknown) => {
      if (error instanceof BodyTooLarge || error instanceof BodyTimeout) {
        if (!res.headersSent) {
          res.setHeader('connection', 'close');
          refuse(
            res,
            error instanceof BodyTooLarge ? 413 : 408,
            error instanceof BodyTooLarge ? 'PAYLOAD_TOO_LARGE' : 'REQUEST_TIMEOUT',
            error.message,
          );
        }
        if (error instanceof BodyTimeout) req.destroy();
        return;
      }
      options.logger.error('request failed', { requestId, ...errorFields(error) });
      if (!res.headersSent) refuse(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
      else res.end();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  return {
    server,
    apollo,
    port: actualPort,
    url: `http://127.0.0.1:${actualPort}`,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await apollo.stop();
    },
  };
}
