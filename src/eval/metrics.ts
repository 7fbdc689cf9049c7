/**
 * Top-K ranking metrics with full ranking over the catalogue (RecBole's definitions):
 *   Recall@K = |hits| / |relevant|        Precision@K = |hits| / K      Hit@K = [|hits| > 0]
 *   MRR@K = 1 / rank of the first hit     NDCG@K = Σ_{hit at rank r} 1/log2(r+1) / Σ_{r ≤ min(|rel|,K)} 1/log2(r+1)
 * averaged over users with at least one relevant item. Items in the user's exclusion set
 * (training items; training + validation items when testing) are removed from the ranking; with
 * `candidates` only the marked items are ranked at all (the cold-items protocol ranks the cold items).
 * Coverage@K = distinct items recommended in anyone's top K / number of rankable items.
 * With `coldItems`: cold-share@K = cold items in all users' top K / all top-K slots, and
 * cold-relevant-share = the users' relevant items that are cold / all their relevant items (pooled).
 * Ties break towards the lower item index, so results are deterministic.
 */
import { idealDcg, rankGain } from '../ranking/dcg';
import { BadInputError } from '../domain/errors';
import type { Csr } from '../graph/csr';
import { topKOf } from '../ranking/top-k';

export const METRIC_NAMES = ['recall', 'ndcg', 'precision', 'hit', 'mrr'] as const;
export type MetricValues = Record<string, number>;

export interface EvaluateOptions {
  ks: readonly number[];
  /** Users scored per call to the scorer (bounds memory: batch × items floats). */
  batchSize: number;
  /** Evaluate only these users (e.g. a validation subsample); all users with relevant items when absent. */
  users?: Int32Array;
  /** 1 for each item that may be ranked (length = catalogue size); all items when absent. */
  candidates?: Uint8Array;
  /**
   * Equal scores rank in this order of items (a permutation, position → item) instead of by item
   * index. The cold-items protocol passes a seeded permutation: a model that gives every cold item the
   * same score (popularity) must not inherit the catalogue's order, which follows popularity.
   */
  tieOrder?: Int32Array;
  /** 1 for the cold items (length = catalogue size): reports cold-share@K and cold-relevant-share. */
  coldItems?: Uint8Array;
  /** Called with each counted user's own metrics (for paired comparisons of two scorers). */
  onUser?: (user: number, metrics: MetricValues) => void;
}

export const EVALUATE_DEFAULTS: Readonly<EvaluateOptions> = Object.freeze({ ks: [10, 20], batchSize: 256 });

/** Scores rows for users, row-major users.length × numItems. */
export type Scorer = (users: Int32Array) => Float32Array;

/**
 * Indices of the k largest scores among scores[offset, offset + n) (descending; ties → lower index),
 * skipping excluded entries; the same bounded-heap selection the ranking core uses.
 */
export function topK(scores: Float32Array, offset: number, n: number, k: number, excluded: Uint8Array): Int32Array {
  return Int32Array.from(
    topKOf(scores.subarray(offset, offset + n), k, (j) => !excluded[j]),
    (h) => h.item,
  );
}

/** Metrics of one ranked list against a relevant set, for each k. */
export function rankMetrics(
  ranked: ArrayLike<number>,
  relevant: ReadonlySet<number>,
  ks: readonly number[],
): MetricValues {
  const out: MetricValues = {};
  for (const k of ks) {
    let hits = 0;
    let dcg = 0;
    let firstHit = 0;
    const n = Math.min(k, ranked.length);
    for (let r = 0; r < n; r++) {
      if (!relevant.has(ranked[r]!)) continue;
      hits++;
      dcg += rankGain(r);
      if (firstHit === 0) firstHit = r + 1;
    }
    const idcg = idealDcg(relevant.size, k);
    out[`recall@${k}`] = relevant.size > 0 ? hits / relevant.size : 0;
    out[`ndcg@${k}`] = idcg > 0 ? dcg / idcg : 0;
    out[`precision@${k}`] = hits / k;
    out[`hit@${k}`] = hits > 0 ? 1 : 0;
    out[`mrr@${k}`] = firstHit > 0 ? 1 / firstHit : 0;
  }
  return out;
}

/**
 * Evaluates a scorer: for each user with relevant items, rank all items not in any of `exclude`,
 * compare the top max(ks) with `relevant`. Returns means plus coverage@k.
 */
export function evaluateRanking(
  scorer: Scorer,
  relevant: Csr,
  exclude: readonly Csr[],
  options: Partial<EvaluateOptions> = {},
): MetricValues {
  const settings = { ...EVALUATE_DEFAULTS, ...options };
  const n = relevant.cols;
  const kmax = Math.max(...settings.ks);
  let users = settings.users;
  if (!users) {
    const list: number[] = [];
    for (let u = 0; u < relevant.rows; u++) if (relevant.offsets[u + 1]! > relevant.offsets[u]!) list.push(u);
    users = Int32Array.from(list);
  }
  const sums: MetricValues = {};
  const covered = settings.ks.map(() => new Uint8Array(n));
  const candidates = settings.candidates;
  if (candidates && candidates.length !== n) {
    throw new BadInputError(
      'candidates',
      `candidates must mark every item (length ${n}, got ${candidates.length})`,
      candidates.length,
    );
  }
  // Items outside the candidates stay excluded for every user; a user's own exclusions reset to this base.
  const base = candidates ? Uint8Array.from(candidates, (c) => (c ? 0 : 1)) : new Uint8Array(n);
  const rankable = candidates ? n - base.reduce((s, v) => s + v, 0) : n;
  const excluded = base.slice();
  const tieOrder = settings.tieOrder;
  if (tieOrder && (tieOrder.length !== n || new Set(tieOrder).size !== n || tieOrder.some((i) => i < 0 || i >= n))) {
    throw new BadInputError(
      'tieOrder',
      `tieOrder must be a permutation of the ${n} items (got ${tieOrder.length} entries)`,
      tieOrder.length,
    );
  }
  const permutedScores = tieOrder ? new Float32Array(n) : undefined;
  const permutedExcluded = tieOrder ? new Uint8Array(n) : undefined;
  /** Top k of row r: by score, ties by position in tieOrder (or by index without one). */
  const rankRow = (scores: Float32Array, r: number): Int32Array => {
    if (!tieOrder) return topK(scores, r * n, n, kmax, excluded);
    for (let p = 0; p < n; p++) {
      permutedScores![p] = scores[r * n + tieOrder[p]!]!;
      permutedExcluded![p] = excluded[tieOrder[p]!]!;
    }
    return topK(permutedScores!, 0, n, kmax, permutedExcluded!).map((p) => tieOrder[p]!);
  };
  let counted = 0;
  const cold = settings.coldItems;
  const coldSlots = settings.ks.map(() => 0);
  const slots = settings.ks.map(() => 0);
  let coldRelevant = 0;
  let allRelevant = 0;
  for (let b = 0; b < users.length; b += settings.batchSize) {
    const batch = users.subarray(b, Math.min(users.length, b + settings.batchSize));
    const scores = scorer(batch);
    for (let r = 0; r < batch.length; r++) {
      const u = batch[r]!;
      const rel = new Set<number>();
      for (let k = relevant.offsets[u]!; k < relevant.offsets[u + 1]!; k++) rel.add(relevant.targets[k]!);
      if (rel.size === 0) continue;
      for (const ex of exclude) for (let k = ex.offsets[u]!; k < ex.offsets[u + 1]!; k++) excluded[ex.targets[k]!] = 1;
      const ranked = rankRow(scores, r);
      for (const ex of exclude)
        for (let k = ex.offsets[u]!; k < ex.offsets[u + 1]!; k++) excluded[ex.targets[k]!] = base[ex.targets[k]!]!;
      const m = rankMetrics(ranked, rel, settings.ks);
      settings.onUser?.(u, m);
      for (const [key, v] of Object.entries(m)) sums[key] = (sums[key] ?? 0) + v;
      settings.ks.forEach((k, t) => {
        for (let j = 0; j < Math.min(k, ranked.length); j++) covered[t]![ranked[j]!] = 1;
        if (!cold) return;
        for (let j = 0; j < Math.min(k, ranked.length); j++) coldSlots[t]! += cold[ranked[j]!]!;
        slots[t]! += Math.min(k, ranked.length);
      });
      if (cold) {
        for (const i of rel) coldRelevant += cold[i]!;
        allRelevant += rel.size;
      }
      counted++;
    }
  }
  const out: MetricValues = {};
  for (const k of settings.ks)
    for (const name of METRIC_NAMES) out[`${name}@${k}`] = counted > 0 ? sums[`${name}@${k}`]! / counted : 0;
  settings.ks.forEach((k, t) => {
    out[`coverage@${k}`] = rankable > 0 ? covered[t]!.reduce((s, v) => s + v, 0) / rankable : 0;
    if (cold) out[`cold-share@${k}`] = slots[t]! > 0 ? coldSlots[t]! / slots[t]! : 0;
  });
  if (cold) out['cold-relevant-share'] = allRelevant > 0 ? coldRelevant / allRelevant : 0;
  return out;
}
