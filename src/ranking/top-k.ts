/** Top-k selection over dense score arrays (graph/top-k.ts's heap): O(n log k), deterministic ties (lower index wins). */
import { TopK } from '../graph/top-k';

export interface Scored {
  item: number;
  score: number;
}

/** The k best entries of `scores` (descending) among indices accepted by `accept`; NaN and −∞ never rank. */
export function topKOf(
  scores: ArrayLike<number>,
  k: number,
  accept?: (i: number) => boolean,
  minScore = -Infinity,
): Scored[] {
  if (k <= 0) return [];
  const top = new TopK(k);
  for (let j = 0; j < scores.length; j++) offer(top, scores, j, accept, minScore);
  return drained(top);
}

/**
 * topKOf over the listed indices only (every other index is taken to score ≤ minScore): the same hits
 * as topKOf when the scores outside `items` are at most minScore, in the size of the list, not of the
 * score array.
 */
export function topKOfItems(
  scores: ArrayLike<number>,
  items: Iterable<number>,
  k: number,
  accept?: (i: number) => boolean,
  minScore = -Infinity,
): Scored[] {
  if (k <= 0) return [];
  const top = new TopK(k);
  for (const j of items) offer(top, scores, j, accept, minScore);
  return drained(top);
}

/** Offers index j to the heap when its score ranks (above minScore, not −∞) and, if it would enter, is accepted. */
function offer(
  top: TopK,
  scores: ArrayLike<number>,
  j: number,
  accept: ((i: number) => boolean) | undefined,
  minScore: number,
) {
  const v = scores[j]!;
  if (!(v > minScore) || v === -Infinity) return;
  if (!top.admits(v, j)) return;
  if (accept && !accept(j)) return;
  top.offer(v, j);
}

function drained(top: TopK): Scored[] {
  return top.drain().map((e) => ({ item: e.index, score: e.value }));
}

/**
 * Dot product of `vector` with every row of a row-major table, each row summed in dotRow's order (the
 * same float32 results). Four rows at a time, against a Float64Array copy of the vector: the fused
 * model's test pass over the 6× generated world (105,792 items) spent 83% of its time here, and
 * `npm run bench:dot` reads this 2–3× faster than the row-at-a-time loop (docs/results.md, "Where the
 * 6× world's fused test pass went").
 */
export function dotAll(table: Float32Array, dim: number, vector: ArrayLike<number>, out?: Float32Array): Float32Array {
  const n = Math.floor(table.length / dim);
  const res = out ?? new Float32Array(n);
  const q = Float64Array.from(vector);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const b0 = i * dim;
    const b1 = b0 + dim;
    const b2 = b1 + dim;
    const b3 = b2 + dim;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let c = 0; c < dim; c++) {
      const x = q[c]!;
      s0 += table[b0 + c]! * x;
      s1 += table[b1 + c]! * x;
      s2 += table[b2 + c]! * x;
      s3 += table[b3 + c]! * x;
    }
    res[i] = s0;
    res[i + 1] = s1;
    res[i + 2] = s2;
    res[i + 3] = s3;
  }
  for (; i < n; i++) res[i] = dotRow(table, dim, i, q);
  return res;
}

/** Dot product of `vector` with row i of a row-major table, rounded to float32 (as dotAll stores it). */
export function dotRow(table: Float32Array, dim: number, i: number, vector: ArrayLike<number>): number {
  let s = 0;
  const base = i * dim;
  for (let c = 0; c < dim; c++) s += table[base + c]! * vector[c]!;
  return Math.fround(s);
}
