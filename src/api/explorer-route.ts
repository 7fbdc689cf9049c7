/**
 * GET /explorer: the analyst's graph explorer, a static page (explorer/ at the repository root) that
 * talks to /graphql with fetch. sigma.js and graphology are served from their UMD bundles in
 * node_modules, so the page works offline and needs no build step. Files are read once and kept in
 * memory (a few hundred kB); only GET and HEAD are answered.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RouteHandler } from './http-server';

export const EXPLORER_DIR = join(__dirname, '..', '..', 'explorer');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** URL path → file on disk. */
export function explorerFiles(dir: string = EXPLORER_DIR): Record<string, string> {
  const sigmaDist = dirname(require.resolve('sigma'));
  const graphologyDist = dirname(require.resolve('graphology'));
  const index = join(dir, 'index.html');
  return {
    '/explorer': index,
    '/explorer/': index,
    '/explorer/index.html': index,
    '/explorer/app.js': join(dir, 'app.js'),
    '/explorer/style.css': join(dir, 'style.css'),
    '/explorer/vendor/sigma.js': join(sigmaDist, 'sigma.min.js'),
    '/explorer/vendor/graphology.js': join(graphologyDist, 'graphology.umd.min.js'),
  };
}

function staticFile(path: string): RouteHandler {
  let body: Buffer | null = null;
  const type = TYPES[path.slice(path.lastIndexOf('.'))] ?? 'application/octet-stream';
  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      res.end('Method not allowed');
      return;
    }
    body ??= readFileSync(path);
    res.writeHead(200, {
      'content-type': type,
      'content-length': String(body.length),
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      // Same-origin scripts and fetches only; sigma sets inline styles on its canvases.
      'content-security-policy':
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}

/** Route handlers for the explorer page and its assets, to merge into the HTTP server's routes. */
export function explorerRoutes(dir: string = EXPLORER_DIR): Record<string, RouteHandler> {
  return Object.fromEntries(Object.entries(explorerFiles(dir)).map(([url, file]) => [url, staticFile(file)]));
}
