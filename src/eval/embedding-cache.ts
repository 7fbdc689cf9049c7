/**
 * File-backed EmbeddingCache for evaluation runs: one .f32 file (users then items, little-endian
 * float32) plus a .json header per key, named by a hash of the key. Used by `eval --cache <dir>` so
 * a composite model can reuse a component trained by an earlier run on the same split and options.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EmbeddingCache, Embeddings } from '../models/types';

export function fileEmbeddingCache(dir: string): EmbeddingCache {
  mkdirSync(dir, { recursive: true });
  const base = (key: string) => join(dir, createHash('sha256').update(key).digest('hex').slice(0, 24));
  return {
    get(key) {
      const b = base(key);
      if (!existsSync(`${b}.json`) || !existsSync(`${b}.f32`)) return undefined;
      const head = JSON.parse(readFileSync(`${b}.json`, 'utf8')) as { key: string; dim: number; users: number };
      if (head.key !== key) return undefined;
      const buf = readFileSync(`${b}.f32`);
      const all = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
      return { dim: head.dim, users: all.slice(0, head.users * head.dim), items: all.slice(head.users * head.dim) };
    },
    set(key, value: Embeddings) {
      const b = base(key);
      const all = new Float32Array(value.users.length + value.items.length);
      all.set(value.users, 0);
      all.set(value.items, value.users.length);
      writeFileSync(`${b}.f32`, Buffer.from(all.buffer));
      writeFileSync(`${b}.json`, JSON.stringify({ key, dim: value.dim, users: value.users.length / value.dim }));
    },
  };
}
