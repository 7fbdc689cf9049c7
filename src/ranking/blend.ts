/**
 * The `blend` ranking feature: graph-ease's per-user blend (models/graph-ease.ts) computed from the
 * snapshot's item graphs for one request,
 *   blend_i = z(ease)_i + w_walk · z(walk)_i + w_graph · z(graph)_i + w_social · z(social)_i,
 *   z(v) = v / RMS of v over the blend items,
 * where ease = x̃_u · B over EASE's signed rows (RankingData.easeSigned; the co-engagement graph where the
 * snapshot has no EASE), walk = x̃_u · W over the RP3β walk graph (RankingData.walk), x̃_u graph-ease's
 * play-count profile (1 + γ·(w_ui − mean_u w), floored), and graph the scores of the user's stored graph
 * vector (the graph model's own user embedding, as graph-ease scores with it; the online vector for a user
 * without one), social the number of the user's friends who engaged the item (ranking/candidates.ts'
 * socialScores count; graph-ease's social user row, models/user-knn-rows.ts). The blend items are the
 * item graphs' model items (≥ 2 training users; the catalogue when the data does not name them).
 * Dividing each row by the user's own RMS makes the components scale-free per user, which the logistic
 * ranker's global standardisation is not.
 * Measured (LastFM seed 1, `npm run eval -- --model served`, the blend alone served): with the
 * co-engagement sum (EASE's 200 largest positive weights, log(1+w) weights, then 200 recent items) and the
 * online graph vector it read validation / test NDCG@10 0.1834 / 0.2127; with EASE's signed rows, the
 * profile and the stored user vector 0.1956 / 0.2275 (graph-ease 0.2258): docs/results.md, "The blend
 * from EASE's signed rows".
 * The weights are the train-ranker job's, chosen on its hold-out (pipeline/ranker-fit.ts) and stored
 * with the ranker (RankerModel.blend); BLEND_DEFAULTS serve until then.
 */
import type { Csr } from '../graph/csr';
import { profileWeight } from '../models/play-profile';
import type { ScratchLease } from './item-scratch';
import type { RankingData } from './ranking-data';
import type { UserState } from './user-state';

export interface BlendWeights {
  walk: number;
  graph: number;
  social: number;
}

export const BLEND_DEFAULTS: Readonly<BlendWeights> = Object.freeze({ walk: 1, graph: 3, social: 0 });

export type BlendGrid = Readonly<Record<keyof BlendWeights, readonly number[]>>;

/** Grids the train-ranker job picks the weights from (0 drops a component). */
export const BLEND_GRID: BlendGrid = Object.freeze({
  walk: Object.freeze([0, 0.5, 1, 2]),
  graph: Object.freeze([0, 1, 2, 3, 4, 6]),
  social: Object.freeze([0, 0.1, 0.25, 0.5]),
});

/** Where each component sits in a row of blendParts, and the components per row. */
export const BLEND_PART = Object.freeze({ ease: 0, walk: 1, graph: 2, social: 3 });
export const BLEND_PARTS = Object.keys(BLEND_PART).length;

/** The friends' counts the blend's social part reads and the items they are non-zero at (socialScores' own). */
export interface SocialPart {
  count: Float32Array;
  items: Int32Array;
}

/** The most recent items the blend's profile sums over. */
export const BLEND_PROFILE_ITEMS = 1000;

/** The blend of one request: scores, the unscaled components and each one's scale 1 / RMS (0 when absent). */
export interface BlendSignal {
  scores: Float32Array;
  ease: Float32Array;
  walk: Float32Array | null;
  graph: Float32Array | null;
  social: Float32Array | null;
  scale: { ease: number; walk: number; graph: number; social: number };
  weights: BlendWeights;
}

/** 1 / RMS of v over `items` (every index when null); 0 for an absent or all-zero v. */
function inverseRms(v: Float32Array | null, items: Int32Array | null): number {
  if (!v || v.length === 0) return 0;
  let s = 0;
  if (items) for (let k = 0; k < items.length; k++) s += v[items[k]!]! ** 2;
  else for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  const n = items ? items.length : v.length;
  return s > 0 ? 1 / Math.sqrt(s / n) : 0;
}

/** z(ease) + w_walk·z(walk) + w_graph·z(graph) + w_social·z(social), each scaled over `items` (all when null). */
export function combineBlend(
  ease: Float32Array,
  walk: Float32Array | null,
  graph: Float32Array | null,
  weights: BlendWeights,
  items: Int32Array | null = null,
  social: SocialPart | null = null,
): BlendSignal {
  const scale = {
    ease: inverseRms(ease, items),
    walk: inverseRms(walk, items),
    graph: inverseRms(graph, items),
    social: social ? inverseRmsReached(social.count, social.items, items) : 0,
  };
  const signal = {
    scores: new Float32Array(ease.length),
    ease,
    walk,
    graph,
    social: social?.count ?? null,
    scale,
    weights,
  };
  for (let i = 0; i < ease.length; i++) signal.scores[i] = blendAt(signal, i);
  return signal;
}

/** The blend score of item i from the signal's components. */
export function blendAt(signal: Omit<BlendSignal, 'scores'>, i: number): number {
  const { ease, walk, graph, social, scale, weights } = signal;
  return (
    scale.ease * ease[i]! +
    (walk ? weights.walk * scale.walk * walk[i]! : 0) +
    (graph ? weights.graph * scale.graph * graph[i]! : 0) +
    (social ? weights.social * scale.social * social[i]! : 0)
  );
}

/**
 * x̃_u · G: Σ over the user's most recent positively weighted items of x̃_ui · G_i, with x̃_ui
 * graph-ease's profile (models/play-profile.ts; the mean over those items).
 */
export function profileSums(numItems: number, graph: Csr, state: Pick<UserState, 'items' | 'weights'>): Float32Array {
  return accumulate(numItems, graph, state, false).sums;
}

/**
 * profileSums and, with `track`, every item a row reached, once (whatever its sum comes to). The list is
 * a typed array of catalogue length of which only the reached part is ever written (the pages of the
 * rest are never touched), not a JS array of up to 500k numbers per request for the collector to sweep.
 */
function accumulate(
  numItems: number,
  graph: Csr,
  state: Pick<UserState, 'items' | 'weights'>,
  track: boolean,
  lease?: ScratchLease,
): { sums: Float32Array; reached: Int32Array | null } {
  const out = lease ? lease.floats() : new Float32Array(numItems);
  const seen = track ? (lease ? lease.bytes() : new Uint8Array(numItems)) : null;
  const reached = track ? (lease ? lease.ints() : new Int32Array(numItems)) : null;
  let filled = 0;
  const n = Math.min(state.items.length, BLEND_PROFILE_ITEMS);
  let mean = 0;
  let count = 0;
  for (let h = 0; h < n; h++) {
    const w = state.weights[h]!;
    if (w > 0) {
      mean += w;
      count++;
    }
  }
  mean /= Math.max(1, count);
  for (let h = 0; h < n; h++) {
    const w = state.weights[h]!;
    const i = state.items[h]!;
    if (!(w > 0) || i < 0 || i >= graph.rows) continue;
    const x = profileWeight(w, mean);
    for (let k = graph.offsets[i]!; k < graph.offsets[i + 1]!; k++) {
      const j = graph.targets[k]!;
      out[j]! += x * graph.weights[k]!;
      if (seen && !seen[j]) {
        seen[j] = 1;
        reached![filled++] = j;
      }
    }
  }
  const list = reached ? reached.subarray(0, filled) : null;
  if (lease && list && seen && reached) {
    lease.writtenAt(out, list);
    lease.writtenAt(seen, list);
    lease.writtenBelow(reached, filled);
  }
  return { sums: out, reached: list };
}

const blendFlags = new WeakMap<Int32Array, Uint8Array>();

/** 1 for each of the blend items (cached per list). */
function flagsOf(items: Int32Array, numItems: number): Uint8Array {
  let flags = blendFlags.get(items);
  if (!flags) {
    flags = new Uint8Array(numItems);
    for (const i of items) flags[i] = 1;
    blendFlags.set(items, flags);
  }
  return flags;
}

/** inverseRms of v over `items` (all n items when null) when v is 0 outside `reached`: a pass over `reached` only. */
function inverseRmsReached(v: Float32Array, reached: Int32Array, items: Int32Array | null): number {
  const flags = items ? flagsOf(items, v.length) : null;
  let s = 0;
  for (const j of reached) if (!flags || flags[j]) s += v[j]! ** 2;
  const n = items ? items.length : v.length;
  return s > 0 ? 1 / Math.sqrt(s / n) : 0;
}

/**
 * The request's blend (null where the data has no walk graph or no EASE / co-engagement graph). With
 * `candidatesOnly` (a request that scores only its candidates, ranking/candidate-scan.ts) the graph part's
 * scale is given, the item–item parts' scales come from the items their rows reached, and the scores are
 * left for fillCandidates to compute for the candidates: no pass over the catalogue; its arrays then come
 * from `lease` when given (ranking/item-scratch.ts). `social`: the friends' counts (null: no social part).
 */
export function blendSignal(
  data: Pick<RankingData, 'numItems' | 'walk' | 'easeSigned' | 'coEngagement' | 'blendItems'>,
  state: Pick<UserState, 'items' | 'weights'>,
  graph: Float32Array | null,
  weights: BlendWeights,
  candidatesOnly?: { graphScale: number | undefined },
  lease?: ScratchLease,
  social: SocialPart | null = null,
): BlendSignal | null {
  const itemItem = data.easeSigned ?? data.coEngagement;
  if (!data.walk || !itemItem) return null;
  if (!candidatesOnly) {
    const ease = profileSums(data.numItems, itemItem, state);
    const walk = profileSums(data.numItems, data.walk, state);
    return combineBlend(ease, walk, graph, weights, data.blendItems ?? null, social);
  }
  const ease = accumulate(data.numItems, itemItem, state, true, lease);
  const walk = accumulate(data.numItems, data.walk, state, true, lease);
  const items = data.blendItems ?? null;
  const scale = {
    ease: inverseRmsReached(ease.sums, ease.reached!, items),
    walk: inverseRmsReached(walk.sums, walk.reached!, items),
    graph: graph ? (candidatesOnly.graphScale ?? 0) : 0,
    social: social ? inverseRmsReached(social.count, social.items, items) : 0,
  };
  // The scores are written for the candidates by fillCandidates, which declares them to the lease.
  const scores = lease ? lease.floats() : new Float32Array(data.numItems);
  return { scores, ease: ease.sums, walk: walk.sums, graph, social: social?.count ?? null, scale, weights };
}

/** The blend's scaled, unweighted components (ease, walk, graph, social) of the given items, BLEND_PARTS per item. */
export function blendParts(signal: BlendSignal, items: readonly number[]): Float32Array {
  const { ease, walk, graph, social } = BLEND_PART;
  const out = new Float32Array(items.length * BLEND_PARTS);
  items.forEach((i, r) => {
    const p = r * BLEND_PARTS;
    out[p + ease] = signal.scale.ease * signal.ease[i]!;
    out[p + walk] = signal.walk ? signal.scale.walk * signal.walk[i]! : 0;
    out[p + graph] = signal.graph ? signal.scale.graph * signal.graph[i]! : 0;
    out[p + social] = signal.social ? signal.scale.social * signal.social[i]! : 0;
  });
  return out;
}

/** Share of an item's blend that one weighted component accounts for (0–1; for explanations). */
function partShare(signal: BlendSignal, item: number, part: 'graph' | 'social'): number {
  const total = signal.scores[item]!;
  const v = signal[part];
  if (!v || !(total > 0)) return 0;
  return Math.min(1, Math.max(0, (signal.weights[part] * signal.scale[part] * v[item]!) / total));
}

/** Share of an item's blend that its graph component accounts for. */
export const graphShare = (signal: BlendSignal, item: number): number => partShare(signal, item, 'graph');

/** Share of an item's blend that the friends' count accounts for. */
export const socialShare = (signal: BlendSignal, item: number): number => partShare(signal, item, 'social');

const weightOk = (x: unknown): boolean => typeof x === 'number' && Number.isFinite(x) && x >= 0;

/** Checks stored weights (finite, ≥ 0; `social` may be absent: rankers stored before it had none). */
export function validBlendWeights(w: unknown): w is Omit<BlendWeights, 'social'> & { social?: number } {
  const v = w as Partial<BlendWeights> | null;
  return !!v && weightOk(v.walk) && weightOk(v.graph) && (v.social === undefined || weightOk(v.social));
}
