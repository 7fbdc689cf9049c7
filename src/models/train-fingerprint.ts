/**
 * A digest of what a graph model trains on (the user–item positives with their weights and the social
 * graph), so cached embeddings are only reused for the same data: two splits of one dataset with the same
 * sizes — the served ranking's fit and its train-ranker hold-out, say — get different keys.
 */
import { createHash } from 'node:crypto';
import type { Csr } from '../graph/csr';
import type { TrainData } from './types';

export function trainFingerprint(data: Pick<TrainData, 'userItems' | 'social'>): string {
  const hash = createHash('sha256');
  const add = (csr: Csr) => {
    for (const part of [csr.offsets, csr.targets, csr.weights])
      hash.update(new Uint8Array(part.buffer, part.byteOffset, part.byteLength));
  };
  add(data.userItems);
  add(data.social);
  return hash.digest('hex').slice(0, 16);
}
