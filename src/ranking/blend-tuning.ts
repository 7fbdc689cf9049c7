/**
 * The blend feature's weights (ranking/blend.ts) chosen on held-out engagement, as graph-ease chooses its
 * blend on validation: for each (w_walk, w_graph, w_social) of the grid, the blend alone ranks every
 * held-out user's whole candidate list and the weights with the best mean NDCG@10 are kept (ties:
 * BLEND_DEFAULTS, then the earlier grid point). The lists' blend column is then rewritten with those
 * weights, so the ranker is trained and selected on the blend it will serve. Chosen on these lists, the
 * blend alone would look better on them than it is; `crossFitted` is its honest score for the safe
 * selection: the weights picked on one fold of users, scored on the other (the selection's folds).
 */
import { BLEND_DEFAULTS, BLEND_GRID, BLEND_PART, BLEND_PARTS, type BlendGrid, type BlendWeights } from './blend';
import { FEATURE_INDEX, NUM_FEATURES } from './features';
import {
  listsNdcgSum,
  perListMean,
  userFolds,
  userRanges,
  type CandidateLists,
  type PerList,
  type UserRange,
} from './ranker-selection';

export interface BlendTuning {
  weights: BlendWeights;
  /** Mean NDCG@10 of the blend alone with the chosen weights, and with the defaults, on all lists. */
  ndcg: number;
  defaultNdcg: number;
  /** Mean NDCG@10 of the blend alone, weights chosen on the other fold… */
  crossFitted: number;
  /** …and each list's (for the safe selection's paired comparisons). */
  crossFittedLists: PerList;
}

/** Sum of NDCG@10 over the given lists with a positive, the blend alone with the given weights. */
function blendNdcg(
  lists: CandidateLists,
  parts: Float32Array,
  ranges: UserRange[],
  w: BlendWeights,
  perList?: PerList,
) {
  return listsNdcgSum(
    lists,
    ranges,
    (start, end) => {
      const scores = new Float32Array(end - start);
      for (let r = start; r < end; r++) scores[r - start] = blendOf(parts, r, w);
      return scores;
    },
    perList,
  );
}

/** Row r's blend from its parts (ranking/blend.ts' blendParts) and the weights. */
const blendOf = (parts: Float32Array, r: number, w: BlendWeights): number => {
  const p = r * BLEND_PARTS;
  const { ease, walk, graph, social } = BLEND_PART;
  return parts[p + ease]! + w.walk * parts[p + walk]! + w.graph * parts[p + graph]! + w.social * parts[p + social]!;
};

const mean = (x: { sum: number; n: number }) => (x.n ? x.sum / x.n : 0);

/** The grid's best weights on the given lists. */
function best(lists: CandidateLists, parts: Float32Array, ranges: UserRange[], grid: BlendGrid) {
  let top = { weights: { ...BLEND_DEFAULTS }, ndcg: mean(blendNdcg(lists, parts, ranges, BLEND_DEFAULTS)) };
  for (const walk of grid.walk)
    for (const graph of grid.graph)
      for (const social of grid.social) {
        const weights = { walk, graph, social };
        const ndcg = mean(blendNdcg(lists, parts, ranges, weights));
        if (ndcg > top.ndcg) top = { weights, ndcg };
      }
  return top;
}

/** Picks the weights and rewrites `lists.rows`' blend column with them (in place). */
export function tuneBlend(
  lists: CandidateLists,
  parts: Float32Array,
  seed: number,
  fullGrid: BlendGrid = BLEND_GRID,
): BlendTuning {
  if (parts.length !== lists.labels.length * BLEND_PARTS)
    throw new Error(`tuneBlend: ${BLEND_PARTS} blend parts per row`);
  // No friends' counts anywhere (a catalogue without ties): every social weight ranks alike, so only 0 is tried.
  let social = false;
  for (let p = BLEND_PART.social; p < parts.length && !social; p += BLEND_PARTS) social = parts[p] !== 0;
  const grid = social ? fullGrid : { ...fullGrid, social: [0] };
  const ranges = userRanges(lists);
  const chosen = best(lists, parts, ranges, grid);
  const folds = userFolds(ranges, seed);
  const crossFittedLists: PerList = new Map();
  for (const k of [0, 1] as const)
    blendNdcg(lists, parts, folds[k]!, best(lists, parts, folds[1 - k]!, grid).weights, crossFittedLists);
  const F = NUM_FEATURES;
  const b = FEATURE_INDEX.blend;
  for (let r = 0; r < lists.labels.length; r++) lists.rows[r * F + b] = blendOf(parts, r, chosen.weights);
  return {
    ...chosen,
    defaultNdcg: mean(blendNdcg(lists, parts, ranges, BLEND_DEFAULTS)),
    crossFitted: perListMean(crossFittedLists),
    crossFittedLists,
  };
}
