/**
 * A sparse EASE for catalogues past dense EASE's size (dense-limit.ts). EASE's column j is the ridge
 * regression of item j's users onto every other item; here onto j's `neighbours` most similar items
 * only (SLIM's neighbourhood restriction by item-kNN, "fsSLIM", Ning & Karypis, RecSys 2012, with EASE's
 * ℓ2 objective, Steck 2019):
 *   B_Sj = (G_SS + λI)⁻¹ G_Sj,   S = j's top-k items by cosine (j ∉ S: EASE's zero diagonal),
 *   G = XᵀX, co-engagement counts over binary training pairs
 * G_SS is read from each item's `gramNeighbours` most similar items (a pair in neither row counts 0; λ
 * is doubled for the one solve where that makes the Gram not factor). Memory O(m × gramNeighbours) while
 * fitting, O(m × neighbours) kept; time O(m × k × (gramNeighbours + k²/3)), in plain TypeScript: each
 * solve is k × k, too small for tfjs's per-call cost.
 * Measured (graph-ease's sparse path, 3 seeds, docs/results.md): validation NDCG@10 on LastFM 0.1967
 * against 0.1909 with top-200 cosine in the same slot (the dense path 0.1963), movielens-tmdb 0.1998 against
 * 0.1876 (the dense path 0.2019).
 */
import { transposeCsr, type Csr } from '../graph/csr';
import { choleskyInPlace, choleskySolve } from './linalg';
import { itemSet, rowsByItem, sparseItemItem, type SparseRows } from './sparse-item-item';
import type { TrainData } from './types';

export interface LocalEaseOptions {
  /** Items each column regresses on (k). */
  neighbours: number;
  /** Cosine neighbours kept per item to read G_SS from (≥ neighbours). */
  gramNeighbours: number;
  lambda: number;
}

export const LOCAL_EASE_DEFAULTS: Readonly<Omit<LocalEaseOptions, 'lambda'>> = Object.freeze({
  neighbours: 50,
  gramNeighbours: 200,
});

/**
 * B over the item set given by `items` (model position → item) and `position` (item → model position or
 * −1), as rows: source model position → target model positions with signed weights.
 */
export function localEase(
  data: TrainData,
  items: Int32Array,
  position: Int32Array,
  options: LocalEaseOptions,
): SparseRows {
  const m = items.length;
  const k = options.neighbours;
  // Each row's gramNeighbours most similar items, its k most similar first (row-pruned cosine, those k
  // in descending order).
  const similar = sparseItemItem(data, items, position, Math.max(k, options.gramNeighbours), 0, {
    cosinePrune: 'row',
    walk: false,
    sortedPrefix: k,
  }).cosine;
  // The cosines become |U_a ∩ U_d|, in place (exact after rounding: counts are integers below 2²⁴).
  for (let a = 0; a < m; a++) {
    const ua = itemUsers(data, items[a]!);
    for (let e = similar.offsets[a]!; e < similar.offsets[a + 1]!; e++)
      similar.weights[e] = Math.round(
        similar.weights[e]! * Math.sqrt(ua * itemUsers(data, items[similar.targets[e]!]!)),
      );
  }
  const slot = new Int32Array(m).fill(-1);
  const gram = new Float64Array(k * k);
  const rhs = new Float64Array(k);
  const factor = new Float64Array(k * k);
  const offsets = new Int32Array(m + 1);
  const sources = new Int32Array(m * k);
  const weights = new Float32Array(m * k);
  let out = 0;
  for (let j = 0; j < m; j++) {
    const o = similar.offsets[j]!;
    const s = Math.min(k, similar.offsets[j + 1]! - o);
    for (let a = 0; a < s; a++) {
      slot[similar.targets[o + a]!] = a;
      rhs[a] = similar.weights[o + a]!;
    }
    const g = gram.subarray(0, s * s).fill(0);
    for (let a = 0; a < s; a++) {
      const d = similar.targets[o + a]!;
      g[a * s + a] = itemUsers(data, items[d]!);
      for (let e = similar.offsets[d]!; e < similar.offsets[d + 1]!; e++) {
        const b = slot[similar.targets[e]!]!;
        if (b >= 0) g[a * s + b] = g[b * s + a] = similar.weights[e]!;
      }
    }
    const x = solveRidge(g, s, rhs.subarray(0, s), options.lambda, factor);
    for (let a = 0; a < s; a++) {
      const d = similar.targets[o + a]!;
      sources[out] = d;
      weights[out++] = x[a]!;
      slot[d] = -1;
    }
    offsets[j + 1] = out;
  }
  // Built by target column; served by source row.
  const t = transposeCsr({
    rows: m,
    cols: m,
    offsets,
    targets: sources.subarray(0, out),
    weights: weights.subarray(0, out),
  });
  return { offsets: t.offsets, targets: t.targets, weights: t.weights };
}

/**
 * (G + λI)⁻¹ r, into r, by Cholesky in `factor`; λ doubled until G + λI factors (a G_SS read from pruned
 * rows need not be positive semi-definite).
 */
function solveRidge(g: Float64Array, s: number, r: Float64Array, lambda: number, factor: Float64Array): Float64Array {
  const a = factor.subarray(0, s * s);
  for (let l = lambda; ; l = Math.max(2 * l, 1)) {
    a.set(g);
    for (let i = 0; i < s; i++) a[i * s + i]! += l;
    try {
      choleskyInPlace(a, s);
    } catch {
      continue;
    }
    choleskySolve(a, s, r);
    return r;
  }
}

function itemUsers(data: TrainData, i: number): number {
  return data.itemUsers.offsets[i + 1]! - data.itemUsers.offsets[i]!;
}

/**
 * Local EASE over the items with ≥ `minUsers` training users, as item graphs (CSR source item → target
 * item): `signed`, every weight of B; `positive`, its positive weights only.
 */
export function localEaseGraphs(
  data: TrainData,
  minUsers: number,
  options: LocalEaseOptions,
): { signed: Csr; positive: Csr } {
  const { items, position } = itemSet(data, minUsers);
  const rows = localEase(data, items, position, options);
  return {
    signed: rowsByItem(rows, items, data.numItems),
    positive: rowsByItem(rows, items, data.numItems, (w) => w > 0),
  };
}
