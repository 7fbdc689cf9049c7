/**
 * Maximal Marginal Relevance (Carbonell & Goldstein, SIGIR 1998):
 *   next = argmax_{i ∈ R \ S} [ λ · rel(i) − (1 − λ) · max_{j ∈ S} sim(i, j) ]
 * Relevance is min–max scaled to [0, 1] over the candidates so λ means the same for every request;
 * sim is the cosine of content vectors, else of graph vectors, else 1 for items of the same creator.
 * λ = 1 returns the relevance order unchanged; lower λ demotes near-duplicates of items already picked.
 */
import type { RankingData } from './ranking-data';

export interface MmrOptions {
  /** λ ∈ [0, 1]. */
  lambda: number;
  /** How many items to select. */
  k: number;
}

export type Similarity = (a: number, b: number) => number;

function cosineRows(table: Float32Array, dim: number, a: number, b: number): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let c = 0; c < dim; c++) {
    const x = table[a * dim + c]!;
    const y = table[b * dim + c]!;
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

/** Item–item similarity used by MMR, from the best representation present. */
export function itemSimilarity(data: RankingData): Similarity {
  const content = data.content;
  const graph = data.graph;
  return (a, b) => {
    if (content) {
      const s = cosineRows(content.items, content.dim, a, b);
      if (s !== 0) return s;
    }
    if (graph) {
      const s = cosineRows(graph.items, graph.dim, a, b);
      if (s !== 0) return s;
    }
    const ca = data.itemCreator[a]!;
    return ca >= 0 && ca === data.itemCreator[b] ? 1 : 0;
  };
}

/**
 * Re-ranks `items` (any order) with scores `scores` (parallel); returns positions into `items`,
 * in selection order. O(k · n) similarity evaluations.
 */
export function mmr(
  items: readonly number[],
  scores: ArrayLike<number>,
  sim: Similarity,
  options: MmrOptions,
): number[] {
  const n = items.length;
  const k = Math.min(options.k, n);
  const lambda = Math.min(1, Math.max(0, options.lambda));
  let lo = Infinity;
  let hi = -Infinity;
  for (let r = 0; r < n; r++) {
    lo = Math.min(lo, scores[r]!);
    hi = Math.max(hi, scores[r]!);
  }
  const rel = Array.from({ length: n }, (_, r) => (hi > lo ? (scores[r]! - lo) / (hi - lo) : 1));
  const maxSim = new Float64Array(n).fill(-Infinity);
  const taken = new Uint8Array(n);
  const out: number[] = [];
  while (out.length < k) {
    let best = -1;
    let bestVal = -Infinity;
    for (let r = 0; r < n; r++) {
      if (taken[r]) continue;
      const penalty = out.length === 0 ? 0 : Math.max(0, maxSim[r]!);
      const v = lambda * rel[r]! - (1 - lambda) * penalty;
      if (
        v > bestVal ||
        (v === bestVal &&
          best >= 0 &&
          (scores[r]! > scores[best]! || (scores[r] === scores[best] && items[r]! < items[best]!)))
      ) {
        best = r;
        bestVal = v;
      }
    }
    taken[best] = 1;
    out.push(best);
    if (lambda < 1) {
      for (let r = 0; r < n; r++) if (!taken[r]) maxSim[r] = Math.max(maxSim[r]!, sim(items[r]!, items[best]!));
    }
  }
  return out;
}
