/**
 * Training triples for Bayesian Personalised Ranking (Rendle et al., UAI 2009): each epoch visits
 * every training (user, positive) pair once in a seeded random order and draws negatives uniformly
 * from the items the user has not engaged with (rejection sampling against the training CSR).
 */
import type { Csr } from '../graph/csr';
import { hasEdge } from '../graph/csr';
import type { Rng } from './random';
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
