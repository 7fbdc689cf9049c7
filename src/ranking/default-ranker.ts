/**
 * The ranker used before `train-ranker` has produced one: hand-set weights on raw features
 * (μ = 0, σ = 1), ordered as FEATURE_NAMES. Personal signals (co-engagement, graph, friends, query)
 * dominate, and an explicit query outweighs them all; popularity, freshness, context and kind preference break ties and carry cold start.
 * config/ranker.json ships the same model (a unit test keeps them equal) for the serving side to load.
 */
import { FEATURE_NAMES, NUM_FEATURES } from './features';
import type { RankerModel } from './ranker';

export const DEFAULT_RANKER: Readonly<RankerModel> = Object.freeze({
  kind: 'logistic',
  version: 1,
  features: [...FEATURE_NAMES],
  mean: new Array<number>(NUM_FEATURES).fill(0),
  std: new Array<number>(NUM_FEATURES).fill(1),
  //        graph content query  coEng  sCount sStr  pagerank recency context kind
  weights: [2.0,  1.5,    8.0,   1.0,   0.8,   0.8,  0.3,     0.5,    0.5,    0.5],
  bias: -3,
  meta: { source: 'hand-set defaults (src/ranking/default-ranker.ts)' },
}) as RankerModel;
