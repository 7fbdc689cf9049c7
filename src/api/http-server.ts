/**
 * The HTTP shell: POST/GET /graphql through Apollo Server, GET /health, and any extra routes later
 * features register (/metrics, /explorer). Plain node:http keeps the shell small and the body limit ours.
 */
import { ApolloServer, HeaderMap, type ApolloServerPlugin, type HTTPGraphQLRequest } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logging/logger';
import type { ServiceMetrics } from '../observability/service-metrics';
import { authorise, hasRole, rootFields, type Authenticator, type Principal, type Role } from './auth';
import { createContext, type RequestContext, type Services } from './context';
import { checkQueryLimits, type QueryLimits } from './query-limits';
import type { RateLimiter } from './rate-limit';
import { createErrorFormatter } from './errors';
import { jitGateway } from './jit-executor';
import type { ResultCache } from './result-cache';
import { baseResolvers, loadTypeDefs, mergeResolvers } from './schema';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export interface HealthReport {
  ok: boolean;
  [key: string]: unknown;
}

export interface HttpServerOptions {
  services: Services;
  logger: Logger;
  health: () => Promise<HealthReport>;
  maxBodyBytes: number;
  introspection: boolean;
  /** Run queries compiled by graphql-jit (jit-executor.ts) instead of graphql-js's interpreter. */
  jit?: boolean;
  /** With `jit`: reuse results of cacheable feed queries while their dependencies hold (result-cache.ts). */
  resultCache?: ResultCache;
  landingPage: boolean;
  extraTypeDefs?: string[];
  extraResolvers?: Record<string, Record<string, unknown>>[];
  routes?: Record<string, RouteHandler>;
  /** Routes served without a key: static pages holding no data (their data comes through /graphql). */
  publicRoutes?: string[];
  /** Routes that need at least this role (e.g. /metrics → analyst); others need only a valid key. */
  routeRoles?: Record<string, Role>;
  auth: Authenticator;
  rateLimiter?: RateLimiter;
  limits: QueryLimits;
  metrics?: ServiceMetrics;
}

export interface RunningServer {
  server: Server;
  apollo: ApolloServer<RequestContext>;
  url: string;
  port: number;
  close(): Promise<void>;
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const tooLarge = (): BodyTooLarge => new BodyTooLarge(`request body exceeds ${limit} bytes`);
    if (Number(req.headers['content-length'] ?? 0) > limit) return reject(tooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Keep draining without buffering, so the 413 reaches the client instead of a reset.
      if (size > limit) reject(tooLarge());
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** Per operation: depth/cost limits and role checks before execution; latency and errors after. */
function guardPlugin(options: HttpServerOptions): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      let operationName = 'unknown';
      return {
        async didResolveOperation({ document, operation, request, contextValue }) {
          if (!operation) return;
          operationName = request.operationName ?? operation.name?.value ?? rootFields(document, operation).join('+');
          checkQueryLimits(document, operation, request.variables ?? {}, options.limits);
          authorise(contextValue.principal, rootFields(document, operation));
        },
        async willSendResponse({ response, contextValue }) {
          const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          const outcome = errors.length ? 'error' : 'ok';
          const ms = performance.now() - started;
          const codes = errors.map((e) => String(e.extensions?.code ?? 'UNKNOWN'));
          options.metrics?.graphqlDuration.observe(ms / 1000, { operation: operationName.slice(0, 80), outcome });
          for (const code of codes) options.metrics?.graphqlErrors.inc({ operation: operationName.slice(0, 80), code });
          const fields = { requestId: contextValue.requestId, key: contextValue.principal.keyId, operation: operationName.slice(0, 80), ms: Math.round(ms * 10) / 10, errors: codes };
          if (codes.includes('INTERNAL_SERVER_ERROR')) options.logger.error('graphql request failed', fields);
          else options.logger.debug('graphql request', fields);
        },
      };
    },
  };
}

export async function startHttpServer(options: HttpServerOptions, port: number, host = '0.0.0.0'): Promise<RunningServer> {
  const schema = makeExecutableSchema({
    typeDefs: [loadTypeDefs(), ...(options.extraTypeDefs ?? [])].join('\n'),
    resolvers: mergeResolvers(baseResolvers(), ...(options.extraResolvers ?? [])) as never,
  });
  const apollo = new ApolloServer<RequestContext>({
    ...(options.jit ? { gateway: jitGateway(schema, options.resultCache) } : { schema }),
    formatError: createErrorFormatter(options.logger),
    introspection: options.introspection,
    includeStacktraceInErrorResponses: false,
    // The composition root owns shutdown (drain, close the driver, stop a local Neo4j), not Apollo.
    stopOnTerminationSignals: false,
    plugins: [
      ...(options.landingPage ? [] : [ApolloServerPluginLandingPageDisabled()]),
      // No cache hints are used; the default cache-control plugin would wrap every field resolver.
      ApolloServerPluginCacheControlDisabled(),
      guardPlugin(options),
    ],
  });
  await apollo.start();

  const graphql = async (req: IncomingMessage, res: ServerResponse, url: URL, principal: Principal): Promise<void> => {
    const requestId = (req.headers['x-request-id'] as string | undefined)?.slice(0, 64) || randomUUID();
    const headers = new HeaderMap();
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    let body: unknown;
    if (req.method === 'POST') {
      const text = await readBody(req, options.maxBodyBytes);
      try {
        body = text === '' ? {} : JSON.parse(text);
      } catch {
        sendJson(res, 400, { errors: [{ message: 'Request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
        return;
      }
    }
    const httpGraphQLRequest: HTTPGraphQLRequest = { method: req.method ?? 'GET', headers, search: url.search, body };
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest,
      context: async () => createContext(options.services, requestId, principal),
    });
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

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const handle = async (): Promise<void> => {
      if (url.pathname === '/health' && (req.method === 'GET' || req.method === 'HEAD')) {
        const report = await options.health();
        return sendJson(res, report.ok ? 200 : 503, { status: report.ok ? 'ok' : 'unavailable', ...report });
      }
      const route = url.pathname === '/graphql' ? null : options.routes?.[url.pathname];
      if (url.pathname !== '/graphql' && !route) return sendJson(res, 404, { error: `No route for ${req.method} ${url.pathname}` });
      if (route && options.publicRoutes?.includes(url.pathname)) return route(req, res);
      // Everything but /health needs a valid key once keys are configured.
      const principal = options.auth.authenticate(req, url);
      if (!principal) {
        res.setHeader('www-authenticate', 'Bearer');
        return sendJson(res, 401, { errors: [{ message: 'An API key is required (x-api-key header or Authorization: Bearer)', extensions: { code: 'UNAUTHENTICATED' } }] });
      }
      if (options.rateLimiter && !options.rateLimiter.take(principal.keyId)) {
        options.metrics?.rateLimited.inc({ key: principal.keyId });
        res.setHeader('retry-after', String(options.rateLimiter.retryAfter(principal.keyId)));
        return sendJson(res, 429, { errors: [{ message: 'Rate limit exceeded for this key', extensions: { code: 'RATE_LIMITED' } }] });
      }
      if (route) {
        const needed = options.routeRoles?.[url.pathname];
        if (needed && !hasRole(principal, needed)) {
          return sendJson(res, 403, { errors: [{ message: `${url.pathname} needs the ${needed} role`, extensions: { code: 'FORBIDDEN' } }] });
        }
        return route(req, res);
      }
      return graphql(req, res, url, principal);
    };
    handle().catch((error: unknown) => {
      if (error instanceof BodyTooLarge) {
        if (!res.headersSent) {
          res.setHeader('connection', 'close');
          sendJson(res, 413, { errors: [{ message: error.message, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
        }
        return;
      }
      options.logger.error('request failed', { error: (error as Error)?.stack ?? String(error) });
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
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
