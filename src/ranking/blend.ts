/**
 * The `blend` ranking feature: graph-ease's per-user blend (models/graph-ease.ts) rebuilt from the
 * serving signals of one request,
 *   blend_i = z(co)_i + w_walk · z(walk)_i + w_graph · z(graph)_i,   z(v) = v / RMS of v over the catalogue,
 * where co is the co-engagement sum (EASE rows or item-kNN), walk the same sum over the RP3β walk graph
 * (RankingData.walk) and graph the user's graph-embedding scores. Dividing each row by the user's own
 * RMS makes the components scale-free per user, which the logistic ranker's global standardisation is
 * not: measured with the ranker otherwise unchanged (seed 1, `npm run eval -- --model served`), the
 * walk sum as a plain extra feature moved validation NDCG@10 by +0.0013 on LastFM and −0.0027 on
 * movielens-tmdb, the blend (weights 1, 3) by +0.0030 and +0.0034 (docs/results.md, "The blend feature").
 * The weights are the train-ranker job's, chosen on its hold-out (pipeline/ranker-fit.ts) and stored
 * with the ranker (RankerModel.blend); BLEND_DEFAULTS serve until then.
 */

export interface BlendWeights {
  walk: number;
  graph: number;
}

export const BLEND_DEFAULTS: Readonly<BlendWeights> = Object.freeze({ walk: 1, graph: 3 });

/** Grids the train-ranker job picks the weights from (0 drops a component). */
export const BLEND_GRID: Readonly<{ walk: readonly number[]; graph: readonly number[] }> = Object.freeze({
  walk: Object.freeze([0, 0.5, 1, 2]),
  graph: Object.freeze([0, 1, 2, 3, 4, 6]),
});

/** The blend of one request: the scores and each component's unweighted scale 1 / RMS (0 when absent). */
export interface BlendSignal {
  scores: Float32Array;
  scale: { co: number; walk: number; graph: number };
  weights: BlendWeights;
}

/** 1 / RMS of v (0 for an absent or all-zero v). */
function inverseRms(v: Float32Array | null): number {
  if (!v || v.length === 0) return 0;
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return s > 0 ? 1 / Math.sqrt(s / v.length) : 0;
}

export function blendSignal(
  co: Float32Array,
  walk: Float32Array | null,
  graph: Float32Array | null,
  weights: BlendWeights,
): BlendSignal {
  const scale = { co: inverseRms(co), walk: inverseRms(walk), graph: inverseRms(graph) };
  const a = scale.co;
  const b = weights.walk * scale.walk;
  const c = weights.graph * scale.graph;
  const scores = new Float32Array(co.length);
  for (let i = 0; i < scores.length; i++)
    scores[i] = a * co[i]! + (walk ? b * walk[i]! : 0) + (graph ? c * graph[i]! : 0);
  return { scores, scale, weights };
}

/** The blend's z-scored components (co, walk, graph) of the given items, 3 per item. */
export function blendParts(
  signal: BlendSignal,
  co: Float32Array,
  walk: Float32Array | null,
  graph: Float32Array | null,
  items: readonly number[],
): Float32Array {
  const out = new Float32Array(items.length * 3);
  items.forEach((i, r) => {
    out[r * 3] = signal.scale.co * co[i]!;
    out[r * 3 + 1] = walk ? signal.scale.walk * walk[i]! : 0;
    out[r * 3 + 2] = graph ? signal.scale.graph * graph[i]! : 0;
  });
  return out;
}

/** Share of an item's blend that its graph component accounts for (0–1; for explanations). */
export function graphShare(signal: BlendSignal, graph: Float32Array | null, item: number): number {
  const total = signal.scores[item]!;
  if (!graph || !(total > 0)) return 0;
  const part = signal.weights.graph * signal.scale.graph * graph[item]!;
  return Math.min(1, Math.max(0, part / total));
}

/** Checks stored weights (finite, ≥ 0). */
export function validBlendWeights(w: unknown): w is BlendWeights {
  const v = w as Partial<BlendWeights> | null;
  return (
    !!v &&
    typeof v.walk === 'number' &&
    typeof v.graph === 'number' &&
    Number.isFinite(v.walk) &&
    Number.isFinite(v.graph) &&
    v.walk >= 0 &&
    v.graph >= 0
  );
}
