/**
 * fused's EASE-like item model B, behind one interface: dense EASE (ease.ts) where its m × m matrix fits
 * (`maxDenseMB`, dense-limit.ts), local EASE (local-ease.ts: each column regressed on its nearest items
 * only, O(m × k) memory) past it, as the service's item graphs do (pipeline/co-engagement.ts). fused
 * reads three things from it: a user's full-catalogue row X_u·B (its co-engagement feature, candidates
 * and the order of items outside the candidates), B's rows cut to their largest positive weights (the
 * sparse co-engagement graph) and which items it covers.
 */
import { buildCsr, type Csr } from '../../graph/csr';
import { countModelItems, denseFits, easeDenseBytes } from '../../models/dense-limit';
import { fitEase, type EaseModel } from '../../models/ease';
import { localEaseGraphs } from '../../models/local-ease';
import { itemSet } from '../../models/sparse-item-item';
import type { TrainData } from '../../models/types';

export interface FusedItemModel {
  readonly kind: 'dense' | 'local';
  /** Items in B's item set (≥ minUsers training users). */
  covers(item: number): boolean;
  /** One user's full-catalogue scores X_u·B (0 for items outside the model). */
  row(userItems: Csr, user: number, numItems: number): Float32Array;
  /** B's rows cut to their `n` largest positive weights, as an item → item CSR. */
  topPositive(numItems: number, n: number): Csr;
}

export const FUSED_ITEM_MODELS = ['auto', 'dense', 'local'] as const;

export interface FusedItemModelOptions {
  /** 'auto' (dense where it fits maxDenseMB, local past it), 'dense' or 'local'. */
  model: string;
  lambda: number;
  minUsers: number;
  maxDenseMB: number;
  /** Local EASE: items each column regresses on, and cosine neighbours its Gram is read from. */
  neighbours: number;
  gramNeighbours: number;
}

/** Which form `options.model` resolves to on `data` ('dense' refuses past maxDenseMB in fitEase). */
export function fusedItemKind(data: TrainData, options: FusedItemModelOptions): 'dense' | 'local' {
  if (options.model === 'dense' || options.model === 'local') return options.model;
  return denseFits(easeDenseBytes(countModelItems(data, options.minUsers)), options.maxDenseMB) ? 'dense' : 'local';
}

/** Fits B on binary training data; `given` (a dense EASE fitted elsewhere, graph-ease's) is reused when dense. */
export function fitFusedItemModel(data: TrainData, options: FusedItemModelOptions, given?: EaseModel): FusedItemModel {
  if (fusedItemKind(data, options) === 'dense') {
    const { lambda, minUsers, maxDenseMB } = options;
    return denseItemModel(given ?? fitEase(data, { lambda, minUsers, maxDenseMB }, 'fused'));
  }
  const { neighbours, gramNeighbours, lambda } = options;
  const { signed } = localEaseGraphs(data, options.minUsers, { neighbours, gramNeighbours, lambda });
  return localItemModel(signed, itemSet(data, options.minUsers).position);
}

export function denseItemModel(model: EaseModel): FusedItemModel {
  return {
    kind: 'dense',
    covers: (item) => model.position[item]! >= 0,
    row: (userItems, user, numItems) => easeRow(model, userItems, user, numItems),
    topPositive: (numItems, n) => {
      const m = model.items.length;
      return topPositiveRows(numItems, n, (a, visit) => {
        if (a >= m) return -1;
        for (let c = 0; c < m; c++) visit(model.items[c]!, model.weights[a * m + c]!);
        return model.items[a]!;
      });
    },
  };
}

/**
 * `signed`: B as an item → item CSR (every weight, local-ease.ts's localEaseGraphs); `position`: its item
 * set (item → model position or −1, sparse-item-item.ts's itemSet).
 */
export function localItemModel(signed: Csr, position: Int32Array): FusedItemModel {
  return {
    kind: 'local',
    covers: (item) => position[item]! >= 0,
    row: (userItems, user, numItems) => {
      const out = new Float32Array(numItems);
      for (let k = userItems.offsets[user]!; k < userItems.offsets[user + 1]!; k++) {
        const i = userItems.targets[k]!;
        for (let e = signed.offsets[i]!; e < signed.offsets[i + 1]!; e++)
          out[signed.targets[e]!]! += signed.weights[e]!;
      }
      return out;
    },
    topPositive: (numItems, n) =>
      topPositiveRows(numItems, n, (a, visit) => {
        if (a >= signed.rows) return -1;
        for (let e = signed.offsets[a]!; e < signed.offsets[a + 1]!; e++) visit(signed.targets[e]!, signed.weights[e]!);
        return a;
      }),
  };
}

/** One user's full-catalogue EASE scores X_u·B (0 for items outside the model). */
export function easeRow(model: EaseModel, userItems: Csr, user: number, numItems: number): Float32Array {
  const m = model.items.length;
  const acc = new Float32Array(m);
  for (let k = userItems.offsets[user]!; k < userItems.offsets[user + 1]!; k++) {
    const p = model.position[userItems.targets[k]!]!;
    if (p < 0) continue;
    const row = model.weights.subarray(p * m, p * m + m);
    for (let c = 0; c < m; c++) acc[c]! += row[c]!;
  }
  const out = new Float32Array(numItems);
  for (let c = 0; c < m; c++) out[model.items[c]!] = acc[c]!;
  return out;
}

/**
 * Row-wise top-n positive entries (ties: lower target first). `rowOf(a, visit)` visits source row a's
 * (target item, weight) entries and returns its source item, or −1 past the last row.
 */
function topPositiveRows(
  numItems: number,
  n: number,
  rowOf: (a: number, visit: (target: number, weight: number) => void) => number,
): Csr {
  const src: number[] = [];
  const dst: number[] = [];
  const w: number[] = [];
  const entries: { t: number; w: number }[] = [];
  for (let a = 0; ; a++) {
    entries.length = 0;
    const source = rowOf(a, (t, v) => {
      if (v > 0) entries.push({ t, w: v });
    });
    if (source < 0) break;
    entries.sort((x, y) => y.w - x.w || x.t - y.t);
    for (const e of entries.slice(0, n)) {
      src.push(source);
      dst.push(e.t);
      w.push(e.w);
    }
  }
  return buildCsr(numItems, numItems, Int32Array.from(src), Int32Array.from(dst), Float32Array.from(w));
}
