/**
 * The discounted cumulative gain NDCG is built from, one definition for the evaluation's metrics
 * (eval/metrics.ts), the ranker selection's lists (ranker-selection.ts) and the ranker fit's per-user
 * reading (pipeline/ranker-fit.ts): a relevant item at 0-based rank r gains 1 / log2(r + 2).
 */
export function rankGain(rank: number): number {
  return 1 / Math.log2(rank + 2);
}

/** DCG@k of `relevant` relevant items ranked first: the ideal NDCG divides by. */
export function idealDcg(relevant: number, k: number): number {
  let s = 0;
  for (let r = 0; r < Math.min(k, relevant); r++) s += rankGain(r);
  return s;
}
