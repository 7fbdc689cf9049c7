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
import { easeScores, fitEase, type EaseModel } from '../../models/ease';
import { localEase } from '../../models/local-ease';
import { itemSet, rowsByItem } from '../../models/sparse-item-item';
import { topKOf } from '../../ranking/top-k';
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
  const { items, position } = itemSet(data, options.minUsers);
  const rows = localEase(data, items, position, { neighbours, gramNeighbours, lambda });
  return localItemModel(rowsByItem(rows, items, data.numItems), position);
}

export function denseItemModel(model: EaseModel): FusedItemModel {
  return {
    kind: 'dense',
    covers: (item) => model.position[item]! >= 0,
    row: (userItems, user, numItems) => {
      const out = new Float32Array(numItems);
      easeScores(model, { userItems, numItems }, Int32Array.of(user), out);
      return out;
    },
    topPositive: (numItems, n) => {
      const m = model.items.length;
      const cut = new TopPositive(n);
      for (let a = 0; a < m; a++)
        cut.add(model.items[a]!, model.weights.subarray(a * m, a * m + m), (c) => model.items[c]!);
      return cut.csr(numItems);
    },
  };
}

/**
 * `signed`: B as an item → item CSR (every weight: local EASE's rows by item, sparse-item-item.ts's
 * rowsByItem); `position`: its item set (item → model position or −1, sparse-item-item.ts's itemSet).
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
    topPositive: (numItems, n) => {
      const cut = new TopPositive(n);
      for (let i = 0; i < signed.rows; i++) {
        const o = signed.offsets[i]!;
        cut.add(i, signed.weights.subarray(o, signed.offsets[i + 1]!), (e) => signed.targets[o + e]!);
      }
      return cut.csr(numItems);
    },
  };
}

/**
 * B's rows cut to their n largest positive weights (ranking/top-k.ts's heap; ties: the lower index, which
 * is the lower target in both forms: dense columns and CSR rows are in item order), as an item → item CSR.
 */
class TopPositive {
  private readonly src: number[] = [];
  private readonly dst: number[] = [];
  private readonly w: number[] = [];

  constructor(private readonly n: number) {}

  /** Source item `source`'s row: `weights[j]` is its weight to item `targetOf(j)`. */
  add(source: number, weights: Float32Array, targetOf: (j: number) => number): void {
    for (const { item, score } of topKOf(weights, this.n, undefined, 0)) {
      this.src.push(source);
      this.dst.push(targetOf(item));
      this.w.push(score);
    }
  }

  csr(numItems: number): Csr {
    const { src, dst, w } = this;
    return buildCsr(numItems, numItems, Int32Array.from(src), Int32Array.from(dst), Float32Array.from(w));
  }
}
