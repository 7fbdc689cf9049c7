/**
 * Training triples for Bayesian Personalised Ranking (Rendle et al., UAI 2009): each epoch visits
 * every training (user, positive) pair once in a seeded random order and draws negatives uniformly
 * from the items the user has not engaged with (rejection sampling against the training CSR), or,
 * with dynamic negative sampling (Zhang et al., SIGIR 2013), keeps the highest-scored of several
 * such uniform draws under the current embeddings.
 */
import type { Csr } from '../graph/csr';
import { hasEdge } from '../graph/csr';
import type { Rng } from './random';
import type { Embeddings } from './types';
import { shuffle } from './random';

/** All training pairs (user, item) in a fresh random order. */
export function shuffledPairs(train: Csr, rng: Rng): { users: Int32Array; items: Int32Array } {
  const e = train.targets.length;
  const order = Int32Array.from({ length: e }, (_, k) => k);
  shuffle(order, rng);
  const rowOf = new Int32Array(e);
  for (let u = 0; u < train.rows; u++) rowOf.fill(u, train.offsets[u]!, train.offsets[u + 1]!);
  const users = new Int32Array(e);
  const items = new Int32Array(e);
  for (let k = 0; k < e; k++) {
    users[k] = rowOf[order[k]!]!;
    items[k] = train.targets[order[k]!]!;
  }
  return { users, items };
}

/** One uniform negative per user entry: an item with no training edge to that user. */
export function sampleNegatives(train: Csr, users: Int32Array, rng: Rng): Int32Array {
  const n = train.cols;
  const out = new Int32Array(users.length);
  for (let k = 0; k < users.length; k++) {
    const u = users[k]!;
    const deg = train.offsets[u + 1]! - train.offsets[u]!;
    if (deg >= n) throw new Error(`user ${u} has engaged with every item; no negative exists`);
    let j = rng.int(n);
    // Expected tries n/(n−deg); fall back to a scan only for users who cover almost everything.
    for (let tries = 0; hasEdge(train, u, j); tries++) {
      if (tries > 64) {
        let start = rng.int(n);
        while (hasEdge(train, u, start)) start = (start + 1) % n;
        j = start;
        break;
      }
      j = rng.int(n);
    }
    out[k] = j;
  }
  return out;
}

/**
 * Dynamic negative sampling: per user entry, `candidates` uniform negatives, of which the one with
 * the highest e_u·e_j under `emb` (users then items, as trained) is kept.
 */
export function sampleHardNegatives(
  train: Csr,
  users: Int32Array,
  rng: Rng,
  candidates: number,
  emb: Embeddings,
): Int32Array {
  const draws = Array.from({ length: candidates }, () => sampleNegatives(train, users, rng));
  const d = emb.dim;
  const out = new Int32Array(users.length);
  for (let k = 0; k < users.length; k++) {
    const uo = users[k]! * d;
    let best = -Infinity;
    for (const draw of draws) {
      const j = draw[k]!;
      const io = j * d;
      let s = 0;
      for (let c = 0; c < d; c++) s += emb.users[uo + c]! * emb.items[io + c]!;
      if (s > best) {
        best = s;
        out[k] = j;
      }
    }
  }
  return out;
}
