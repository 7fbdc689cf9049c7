/**
 * The ranker used before `train-ranker` has produced one: hand-set weights on standardised features,
 *   z_f = (x_f − μ_f) / σ_f,   score = σ(Σ_f w_f · z_f + b),
 * ordered as FEATURE_NAMES, where μ_f and σ_f describe the candidates a feed scores on this deployment
 * (ranking/feature-stats.ts; the serving side measures them on every snapshot, so a co-engagement sum,
 * a graph dot product and a cosine weigh by how much they vary here, not by their raw units). A weight
 * is then "logit per standard deviation": an explicit query weighs most (a search should be answered),
 * co-engagement next, then the graph, content and friends' signals; popularity, freshness, context and
 * kind preference break ties and carry cold start. With b = −3 an average candidate scores σ(−3) ≈ 0.05 and one a few deviations above
 * it on the personal signals 0.5–0.95, so a top 20 spreads instead of reading 0.9999 everywhere. Until
 * train-ranker runs the score is this relevance scale, not a calibrated probability of engagement.
 *
 * Weights chosen on LastFM validation (seed 1, 600 users, spectral graph vectors in place of LightGCN,
 * `npx tsx scripts/bench/default-ranker.ts`): R@10 0.1605 / N@10 0.1592 against 0.1598 / 0.1558 for the
 * earlier weights on raw features; median top-1 / top-20 scores 0.65 / 0.11, against 1.000 / 0.9999.
 * The blend feature (added later, ranking/blend.ts) weighs 0.5: on the same script, with the snapshot's
 * item graphs (EASE's rows, the walk), N@10 0.1587 against 0.1564 at 0, 0.1583 at 1 and 0.1598 at 2,
 * where the top 20 begin to saturate (median top-20 score 0.20, 0.30, 0.63); its reference μ, σ (13, 7)
 * are LastFM's over feed candidates (featureStats, 48 users, that script).
 *
 * DEFAULT_RANKER carries reference statistics (REFERENCE_STATS) for code that has no deployment to
 * measure (evaluation, train-ranker's fallback for features constant in its examples). The model
 * lives here only (the config/ranker.json copy that nothing read is gone).
 */
import { FEATURE_NAMES, NUM_FEATURES } from './features';
import type { RankerModel } from './ranker';

//                                        graph content query coEng sCount sStr pagerank recency context kind walk
export const DEFAULT_WEIGHTS: readonly number[] = Object.freeze([
  0.5, 0.5, 2.5, 1.5, 0.3, 0.5, 0.2, 0.3, 0.3, 0.3, 0.5,
]);
export const DEFAULT_BIAS = -3;

/**
 * μ, σ per feature for DEFAULT_RANKER, rounded: the graph and engagement features as measured over
 * LastFM feed candidates (featureStats, 256 users; the graph row with spectral vectors — it depends on
 * the embedding model); the content, query, recency, context and kind rows are set by hand to typical
 * spreads (LastFM has none of them). The serving side uses them only for a feature its snapshot cannot
 * measure (no user with engagements yet, no text vectors); otherwise it measures its own.
 */
export const REFERENCE_STATS: Readonly<{ mean: readonly number[]; std: readonly number[] }> = Object.freeze({
  mean: Object.freeze([0.03, 0.3, 0.1, 6.0, 0.45, 0.8, 1.4, 0.2, 0.0, 0.0, 13]),
  std: Object.freeze([0.02, 0.1, 0.1, 7.0, 0.64, 1.9, 1.1, 0.25, 0.5, 0.1, 7]),
});

/** The default ranker standardised by the given statistics (a deployment's, or the reference). */
export function defaultRanker(
  stats: { mean: readonly number[]; std: readonly number[] } = REFERENCE_STATS,
  meta: Record<string, unknown> = {},
): RankerModel {
  if (stats.mean.length !== NUM_FEATURES || stats.std.length !== NUM_FEATURES)
    throw new Error(`feature statistics need ${NUM_FEATURES} values`);
  return {
    kind: 'logistic',
    version: 1,
    features: [...FEATURE_NAMES],
    mean: [...stats.mean],
    std: stats.std.map((s) => (s > 0 ? s : 1)),
    weights: [...DEFAULT_WEIGHTS],
    bias: DEFAULT_BIAS,
    meta: { source: 'hand-set defaults on standardised features (src/ranking/default-ranker.ts)', ...meta },
  };
}

/** Users whose candidates a deployment samples to standardise the default ranker's features. */
export const DEFAULT_RANKER_SAMPLE_USERS = 48;

export const DEFAULT_RANKER: Readonly<RankerModel> = Object.freeze(defaultRanker());
