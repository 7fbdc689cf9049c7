/**
 * The in-memory, index-based data the ranking core works on. Built the same way by evaluation
 * (from a TrainData of the training split, so every interaction-derived array is leak-free) and by
 * serving (from the Neo4j snapshot projected into a TrainData plus media metadata).
 *
 * Derived here when not supplied:
 *  - item popularity = PageRank on the undirected weighted user–item engagement graph
 *    (Page et al. 1999), the "PageRank-popular" signal; items are nodes numUsers..numUsers+numItems−1;
 *  - co-engagement neighbours = item-kNN cosine top-k (Sarwar et al. 2001, src/models/item-knn.ts);
 *  - per-item edge times aligned with itemUsers (for trending windows);
 *  - popularity and freshness orders (so those candidate sources are O(k) per request).
 */
import { buildCsr, edgePosition, transposeCsr } from '../graph/csr';
import type { Csr } from '../graph/csr';
import { pagerank } from '../graph/pagerank';
import { itemKnnSimilarity } from '../models/item-knn';
import type { TrainData } from '../models/types';

export const MEDIA_KIND = Object.freeze({ UNKNOWN: 0, AUDIO: 1, VIDEO: 2 });
export type MediaKindCode = 0 | 1 | 2;

export interface DenseEmbeddings {
  dim: number;
  /** numUsers × dim row-major; absent when only item vectors exist. */
  users?: Float32Array;
  /** numItems × dim row-major. */
  items: Float32Array;
  /** 1 for items whose vector was projected from their text (graph-text; no engagement yet): new uploads. */
  textPlaced?: Uint8Array;
}

/** Per-item context histograms (counts), row-major numItems × buckets. */
export interface ContextHistograms {
  hour?: Float32Array; // × 24 (local hour 0–23)
  weekday?: Float32Array; // × 7 (0 = Sunday … 6)
  device?: Float32Array; // × devices.length
  devices?: string[];
}

export interface RankingData {
  numUsers: number;
  numItems: number;
  /** user → items, positive engagement weights (training pairs only in evaluation). */
  userItems: Csr;
  itemUsers: Csr;
  /**
   * user → items engaged with a total weight that is not positive (disliked, skipped, rated low): no model
   * learns from them, but they are engaged, so the user's feeds leave them out as the online state does.
   */
  userExcluded?: Csr;
  /** user → users they follow, and its transpose. For a symmetric social graph both are the same CSR. */
  following: Csr;
  followers: Csr;
  /** Last engagement time (ms since epoch) parallel to userItems.targets / itemUsers.targets; NaN = unknown. */
  userItemsLastAt?: Float64Array;
  itemUsersLastAt?: Float64Array;
  itemKind: Uint8Array;
  /** ms since epoch; NaN = unknown. */
  itemPublishedAt: Float64Array;
  /** Index into `languages`; −1 = unknown. */
  itemLanguage: Int32Array;
  languages: string[];
  /** Seconds; NaN = unknown. */
  itemDuration: Float32Array;
  /** Creator index (a user index when creators are users); −1 = none. */
  itemCreator: Int32Array;
  /** PageRank of the item on the engagement graph (sums to ≤ 1 over items). */
  itemPopularity: Float32Array;
  graph?: DenseEmbeddings;
  /** L2-normalised item content vectors (title + description + tags); zero rows = no text. */
  content?: { dim: number; items: Float32Array };
  /** item → co-engaged items with similarity weights (top-k per item). */
  coEngagement?: Csr;
  /** item → items by RP3β's 3-step random walk (top-k per item), when the snapshot built one. */
  walk?: Csr;
  /** item → items by EASE's weights, the largest |B_ij| per item with their signs (the blend's EASE part), where the snapshot fitted EASE. */
  easeSigned?: Csr;
  /** The item graphs' model items (≥ 2 training users), ascending: the blend is scaled over them. */
  blendItems?: Int32Array;
  context?: ContextHistograms;
  /** Lower-cased terms per item (keywords / tags), for explaining query matches. */
  itemTerms?: string[][];
  /** Lower-cased tags per item (the catalogue's own tags, not keywords), for tag filters. */
  itemTags?: readonly (readonly string[])[];
  /** Optional id names; evidence in reasons uses them when present, else the index as a string. */
  userIds?: readonly string[];
  itemIds?: readonly string[];
  /** Items by popularity, descending (ties → lower index). */
  popularOrder: Int32Array;
  /** Items with a known publish time, newest first. */
  freshOrder: Int32Array;
}

export interface RankingSideInfo {
  /** Last engagement time per userItems edge (parallel to train.userItems.targets). */
  lastAt?: Float64Array;
  /** user → items engaged without a positive total weight (RankingData.userExcluded). */
  excluded?: Csr;
  itemKind?: Uint8Array;
  itemPublishedAt?: Float64Array;
  itemLanguage?: Int32Array;
  languages?: string[];
  itemDuration?: Float32Array;
  itemCreator?: Int32Array;
  itemPopularity?: Float32Array;
  graph?: DenseEmbeddings;
  content?: { dim: number; items: Float32Array };
  /** Supplied co-engagement CSR; `null` disables it; computed by item-kNN when undefined. */
  coEngagement?: Csr | null;
  walk?: Csr;
  easeSigned?: Csr;
  blendItems?: Int32Array;
  context?: ContextHistograms;
  itemTerms?: string[][];
  itemTags?: readonly (readonly string[])[];
  userIds?: readonly string[];
  itemIds?: readonly string[];
  /** Directed follows; when absent, train.social is used for both directions. */
  following?: Csr;
}

export interface RankingDataOptions {
  coEngagementNeighbours: number;
  pagerankDamping: number;
}

export const RANKING_DATA_DEFAULTS: Readonly<RankingDataOptions> = Object.freeze({
  coEngagementNeighbours: 50,
  pagerankDamping: 0.85,
});

export function buildRankingData(
  train: TrainData,
  side: RankingSideInfo = {},
  options: Partial<RankingDataOptions> = {},
): RankingData {
  const settings = { ...RANKING_DATA_DEFAULTS, ...options };
  const ni = train.numItems;
  const following = side.following ?? train.social;
  const followers = side.following ? transposeCsr(side.following) : train.social;
  const itemPopularity = side.itemPopularity ?? engagementPagerank(train, settings.pagerankDamping);
  const itemPublishedAt = side.itemPublishedAt ?? new Float64Array(ni).fill(NaN);
  const data: RankingData = {
    numUsers: train.numUsers,
    numItems: ni,
    userItems: train.userItems,
    itemUsers: train.itemUsers,
    following,
    followers,
    itemKind: side.itemKind ?? new Uint8Array(ni),
    itemPublishedAt,
    itemLanguage: side.itemLanguage ?? new Int32Array(ni).fill(-1),
    languages: side.languages ?? [],
    itemDuration: side.itemDuration ?? new Float32Array(ni).fill(NaN),
    itemCreator: side.itemCreator ?? new Int32Array(ni).fill(-1),
    itemPopularity,
    popularOrder: orderBy(ni, (i) => itemPopularity[i]!),
    freshOrder: orderBy(ni, (i) => itemPublishedAt[i]!),
  };
  if (side.lastAt) {
    data.userItemsLastAt = side.lastAt;
    data.itemUsersLastAt = alignToTranspose(train.userItems, train.itemUsers, side.lastAt);
  }
  if (side.excluded) data.userExcluded = side.excluded;
  if (side.graph) data.graph = side.graph;
  if (side.content) data.content = side.content;
  if (side.coEngagement !== null) {
    data.coEngagement = side.coEngagement ?? itemKnnSimilarity(train, { neighbours: settings.coEngagementNeighbours });
  }
  if (side.walk) data.walk = side.walk;
  if (side.easeSigned) data.easeSigned = side.easeSigned;
  if (side.blendItems) data.blendItems = side.blendItems;
  if (side.context) data.context = side.context;
  if (side.itemTerms) data.itemTerms = side.itemTerms;
  if (side.itemTags) data.itemTags = side.itemTags;
  if (side.userIds) data.userIds = side.userIds;
  if (side.itemIds) data.itemIds = side.itemIds;
  return data;
}

/** PageRank of items on the undirected weighted user–item graph; returns per-item scores. */
export function engagementPagerank(train: TrainData, damping = RANKING_DATA_DEFAULTS.pagerankDamping): Float32Array {
  const nu = train.numUsers;
  const n = nu + train.numItems;
  const ui = train.userItems;
  const e = ui.targets.length;
  const src = new Int32Array(2 * e);
  const dst = new Int32Array(2 * e);
  const w = new Float32Array(2 * e);
  for (let u = 0; u < nu; u++) {
    for (let k = ui.offsets[u]!; k < ui.offsets[u + 1]!; k++) {
      // log1p compresses play counts so one heavy listener does not make an item "popular".
      const wk = Math.log1p(Math.max(0, ui.weights[k]!));
      src[k] = u;
      dst[k] = nu + ui.targets[k]!;
      w[k] = wk;
      src[e + k] = nu + ui.targets[k]!;
      dst[e + k] = u;
      w[e + k] = wk;
    }
  }
  const pr = pagerank(buildCsr(n, n, src, dst, w), { damping, tolerance: 1e-8 });
  return Float32Array.from(pr.scores.subarray(nu));
}

/** Items sorted by key descending, NaN keys left out, ties → lower index. */
export function orderBy(n: number, key: (i: number) => number): Int32Array {
  const idx: number[] = [];
  for (let i = 0; i < n; i++) if (!Number.isNaN(key(i))) idx.push(i);
  idx.sort((a, b) => key(b) - key(a) || a - b);
  return Int32Array.from(idx);
}

/** Re-indexes a per-edge array of `csr` to the edge order of its transpose. */
export function alignToTranspose(csr: Csr, transposed: Csr, values: Float64Array): Float64Array {
  const out = new Float64Array(transposed.targets.length).fill(NaN);
  for (let r = 0; r < csr.rows; r++) {
    for (let k = csr.offsets[r]!; k < csr.offsets[r + 1]!; k++) {
      const at = edgePosition(transposed, csr.targets[k]!, r);
      if (at >= 0) out[at] = values[k]!;
    }
  }
  return out;
}

/** Id of a user / item for evidence strings. */
export function userName(data: RankingData, u: number): string {
  return data.userIds?.[u] ?? String(u);
}
export function itemName(data: RankingData, i: number): string {
  return data.itemIds?.[i] ?? String(i);
}

/**
 * Item texts for evaluation: an item's tags, most-assigned first (at most `maxTags`), from
 * TrainData.itemTags — which src/eval/train-data.ts builds only from training-split pairs.
 */
export function itemTagTerms(train: TrainData, tagNames: readonly string[], maxTags = 20): string[][] {
  const out: string[][] = Array.from({ length: train.numItems }, () => []);
  const t = train.itemTags;
  if (!t) return out;
  const counts: Map<number, number>[] = Array.from({ length: train.numItems }, () => new Map());
  for (let k = 0; k < t.item.length; k++) {
    const m = counts[t.item[k]!]!;
    m.set(t.tag[k]!, (m.get(t.tag[k]!) ?? 0) + 1);
  }
  counts.forEach((m, i) => {
    out[i] = [...m.entries()]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, maxTags)
      .map(([tag]) => (tagNames[tag] ?? '').toLowerCase().trim())
      .filter((s) => s.length > 0);
  });
  return out;
}
