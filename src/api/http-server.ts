/**
 * The HTTP shell: POST/GET /graphql through Apollo Server, GET /health, and any extra routes later
 * features register (/metrics, /explorer). Plain node:http keeps the shell small and the body limit ours.
 */
import { ApolloServer, HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logging/logger';
import { createContext, type RequestContext, type Services } from './context';
import { createErrorFormatter } from './errors';
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
  landingPage: boolean;
  extraTypeDefs?: string[];
  extraResolvers?: Record<string, Record<string, unknown>>[];
  routes?: Record<string, RouteHandler>;
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

export async function startHttpServer(options: HttpServerOptions, port: number, host = '0.0.0.0'): Promise<RunningServer> {
  const apollo = new ApolloServer<RequestContext>({
    typeDefs: [loadTypeDefs(), ...(options.extraTypeDefs ?? [])].join('\n'),
    resolvers: mergeResolvers(baseResolvers(), ...(options.extraResolvers ?? [])) as never,
    formatError: createErrorFormatter(options.logger),
    introspection: options.introspection,
    includeStacktraceInErrorResponses: false,
    plugins: options.landingPage ? [] : [ApolloServerPluginLandingPageDisabled()],
  });
  await apollo.start();

  const graphql = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
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
      context: async () => createContext(options.services, requestId),
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
      if (url.pathname === '/graphql') return graphql(req, res, url);
      if (url.pathname === '/health' && (req.method === 'GET' || req.method === 'HEAD')) {
        const report = await options.health();
        return sendJson(res, report.ok ? 200 : 503, { status: report.ok ? 'ok' : 'unavailable', ...report });
      }
      const route = options.routes?.[url.pathname];
      if (route) return route(req, res);
      sendJson(res, 404, { error: `No route for ${req.method} ${url.pathname}` });
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
