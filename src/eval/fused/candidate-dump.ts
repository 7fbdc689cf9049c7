/**
 * Evaluation only: fused's validation candidate lists written to a folder, so that rankers outside this
 * code base (scripts/ranking/gbdt-ranker.py: gradient-boosted trees) can be tried on exactly the
 * lists fused's own selection compares. Per validation user with candidates: every candidate's feature
 * row (ranking/features.ts order), whether it is a validation pair, and its item index.
 * Files: meta.json ({ features, numItems, users: [{ u, n: training pairs, pos: validation pairs, len }] }),
 * rows.bin (float32, len × features per user, users in meta order), labels.bin (uint8), items.bin (int32).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Csr } from '../../graph/csr';

export interface DumpedList {
  cands: readonly number[];
  rows: Float32Array;
}

export function writeCandidateDump(
  dir: string,
  features: readonly string[],
  train: { numItems: number; userItems: Csr },
  validPairs: Csr,
  listOf: (u: number) => DumpedList,
): { users: number; rows: number } {
  const users: { u: number; n: number; pos: number; len: number }[] = [];
  const rows: Float32Array[] = [];
  const labels: number[] = [];
  const items: number[] = [];
  for (let u = 0; u < validPairs.rows; u++) {
    const pos = validPairs.offsets[u + 1]! - validPairs.offsets[u]!;
    if (pos === 0) continue;
    const { cands, rows: r } = listOf(u);
    if (cands.length === 0) continue;
    const relevant = new Set(validPairs.targets.subarray(validPairs.offsets[u]!, validPairs.offsets[u + 1]!));
    users.push({ u, n: train.userItems.offsets[u + 1]! - train.userItems.offsets[u]!, pos, len: cands.length });
    rows.push(r);
    for (const i of cands) {
      labels.push(relevant.has(i) ? 1 : 0);
      items.push(i);
    }
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'meta.json'), JSON.stringify({ features, numItems: train.numItems, users }));
  const flat = new Float32Array(rows.reduce((s, r) => s + r.length, 0));
  let at = 0;
  for (const r of rows) {
    flat.set(r, at);
    at += r.length;
  }
  writeFileSync(join(dir, 'rows.bin'), Buffer.from(flat.buffer));
  writeFileSync(join(dir, 'labels.bin'), Buffer.from(Uint8Array.from(labels).buffer));
  writeFileSync(join(dir, 'items.bin'), Buffer.from(Int32Array.from(items).buffer));
  return { users: users.length, rows: labels.length };
}
