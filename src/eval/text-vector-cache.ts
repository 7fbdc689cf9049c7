/**
 * A file cache of text vectors for evaluation runs, keyed by (encoder modelId, sha256(text)): three
 * seeds, and later runs of other models, reuse what the encoder computed once (the transformer
 * encodes a few dozen texts per second on a CPU). Under <dir>/<sha256(modelId)>/ every batch of newly
 * encoded texts is one chunk (`<name>.json` with the modelId, dimension and text hashes, `<name>.f32`
 * with the vectors, little-endian float32), written by rename: a run stopped halfway keeps the batches
 * it finished, and runs in parallel never write the same file.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ItemTextEncoder } from '../models/types';
import { textHash } from '../text/media-text';

export const TEXT_VECTOR_CACHE_DEFAULTS = Object.freeze({ batchSize: 256 });

interface ChunkHead {
  modelId: string;
  dim: number;
  hashes: string[];
}

export interface CachedEncoder extends ItemTextEncoder {
  /** Texts answered from the cache and texts sent to the encoder, since creation. */
  readonly stats: { hits: number; encoded: number };
}

function readChunks(dir: string, modelId: string): Map<string, Float32Array> {
  const vectors = new Map<string, Float32Array>();
  if (!existsSync(dir)) return vectors;
  for (const name of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const base = join(dir, name.slice(0, -'.json'.length));
    if (!existsSync(`${base}.f32`)) continue;
    const head = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as ChunkHead;
    if (head.modelId !== modelId) continue;
    const buf = readFileSync(`${base}.f32`);
    if (buf.byteLength !== head.hashes.length * head.dim * 4) continue; // torn or foreign chunk: ignore
    const all = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    head.hashes.forEach((h, k) => vectors.set(h, all.slice(k * head.dim, (k + 1) * head.dim)));
  }
  return vectors;
}

function writeChunk(dir: string, modelId: string, hashes: string[], vectors: Float32Array[]): void {
  const dim = vectors[0]?.length ?? 0;
  const all = new Float32Array(hashes.length * dim);
  vectors.forEach((v, k) => all.set(v, k * dim));
  const base = join(dir, `${Date.now()}-${randomUUID().slice(0, 8)}`);
  writeFileSync(`${base}.f32.tmp`, Buffer.from(all.buffer));
  renameSync(`${base}.f32.tmp`, `${base}.f32`);
  writeFileSync(`${base}.json.tmp`, JSON.stringify({ modelId, dim, hashes } satisfies ChunkHead));
  renameSync(`${base}.json.tmp`, `${base}.json`);
}

/** Wraps an encoder so each distinct text is encoded once per modelId, across calls and processes. */
export function cachedTextEncoder(
  encoder: ItemTextEncoder,
  dir: string,
  options: { batchSize?: number; log?: (line: string) => void } = {},
): CachedEncoder {
  const batchSize = options.batchSize ?? TEXT_VECTOR_CACHE_DEFAULTS.batchSize;
  const stats = { hits: 0, encoded: 0 };
  let loaded: { dir: string; vectors: Map<string, Float32Array> } | undefined;
  const load = () => {
    if (!loaded) {
      const modelDir = join(dir, createHash('sha256').update(encoder.modelId).digest('hex').slice(0, 24));
      loaded = { dir: modelDir, vectors: readChunks(modelDir, encoder.modelId) };
    }
    return loaded;
  };
  return {
    get modelId() {
      return encoder.modelId;
    },
    stats,
    async embed(texts: string[]): Promise<Float32Array[]> {
      const { dir: modelDir, vectors } = load();
      const hashes = texts.map(textHash);
      const missing = new Map<string, string>();
      hashes.forEach((h, k) => {
        if (vectors.has(h)) stats.hits++;
        else missing.set(h, texts[k]!);
      });
      const todo = [...missing.entries()];
      if (todo.length > 0) mkdirSync(modelDir, { recursive: true });
      for (let b = 0; b < todo.length; b += batchSize) {
        const batch = todo.slice(b, b + batchSize);
        const out = await encoder.embed(batch.map(([, t]) => t));
        batch.forEach(([h], k) => vectors.set(h, out[k]!));
        writeChunk(
          modelDir,
          encoder.modelId,
          batch.map(([h]) => h),
          out,
        );
        stats.encoded += batch.length;
        options.log?.(
          `text vectors: ${Math.min(b + batchSize, todo.length)}/${todo.length} encoded with ${encoder.modelId}`,
        );
      }
      return hashes.map((h) => vectors.get(h)!);
    },
  };
}
