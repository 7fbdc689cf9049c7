/**
 * "More like this": a blend of three item–item similarities,
 *   s(a, b) = w_g · cos(g_a, g_b) + w_c · cos(c_a, c_b) + w_e · sim_co(a, b) / max_b' sim_co(a, b')
 * (graph embeddings, content vectors, co-engagement neighbour weights). A brand-new item has only a
 * content vector (passed in, since it is not in the snapshot yet) and still gets neighbours; weights
 * of missing signals are dropped, so each item's score stays on the same scale.
 */
import { BadInputError } from '../domain/errors';
import { asShares, type Reason } from './explain';
import { itemName, type RankingData } from './ranking-data';
import { dotAll, dotRow, topKOf } from './top-k';

export interface SimilarItemsOptions {
  weights: { graph: number; content: number; coEngagement: number };
  /** Items excluded besides the query item (e.g. already engaged). */
  exclude?: readonly number[];
  accept?: (item: number) => boolean;
  /**
   * Score only these items (and the query item's co-engagement neighbours) instead of the whole
   * catalogue: a large catalogue's nearest items by graph and text vector from its indexes
   * (recommend/candidate-indexes.ts). Every score is the one the catalogue scan gives that item.
   */
  candidates?: readonly number[];
}

export const SIMILAR_DEFAULTS: Readonly<SimilarItemsOptions> = Object.freeze({
  weights: { graph: 0.4, content: 0.3, coEngagement: 0.3 },
});

export interface SimilarItem {
  item: number;
  score: number;
  reasons: Reason[];
}

/** A catalogue item index, or vectors of an item not (yet) in the snapshot. */
export type SimilarQuery = number | { content?: Float32Array; graph?: Float32Array };

function unitRow(table: Float32Array, dim: number, i: number): Float32Array | null {
  const v = table.slice(i * dim, i * dim + dim);
  let s = 0;
  for (const x of v) s += x * x;
  if (s === 0) return null;
  const inv = 1 / Math.sqrt(s);
  return v.map((x) => x * inv);
}

/**
 * Cosines with q (items' own norms divided out) of every item, or of the items of `pool` (in its order).
 * Only a pool's rows' norms are computed (a catalogue's are cached per table).
 */
function cosines(table: Float32Array, dim: number, q: Float32Array, pool: Int32Array | null): Float32Array {
  if (!pool) {
    const norms = rowNorms(table, dim);
    const d = dotAll(table, dim, q);
    for (let i = 0; i < d.length; i++) d[i] = norms[i]! > 0 ? d[i]! / norms[i]! : 0;
    return d;
  }
  // Rounded as the catalogue scan rounds (float32 dot product and norm), so both give the same scores.
  const out = new Float32Array(pool.length);
  pool.forEach((item, r) => {
    let sq = 0;
    for (let c = 0, base = item * dim; c < dim; c++) sq += table[base + c]! ** 2;
    const norm = Math.fround(Math.sqrt(sq));
    out[r] = norm > 0 ? dotRow(table, dim, item, q) / norm : 0;
  });
  return out;
}

/** The candidates and the query item's co-engagement neighbours, each once, ascending. */
function candidatePool(candidates: readonly number[], data: RankingData, self: number): Int32Array {
  const items = new Set(candidates.filter((i) => Number.isInteger(i) && i >= 0 && i < data.numItems));
  const co = data.coEngagement;
  if (co && self >= 0) for (let e = co.offsets[self]!; e < co.offsets[self + 1]!; e++) items.add(co.targets[e]!);
  return Int32Array.from(items).sort();
}

const normCache = new WeakMap<Float32Array, Float32Array>();
function rowNorms(table: Float32Array, dim: number): Float32Array {
  let n = normCache.get(table);
  if (!n) {
    const rows = table.length / dim;
    n = new Float32Array(rows);
    for (let i = 0; i < rows; i++) {
      let s = 0;
      for (let c = 0; c < dim; c++) s += table[i * dim + c]! ** 2;
      n[i] = Math.sqrt(s);
    }
    normCache.set(table, n);
  }
  return n;
}

export function similarItems(
  data: RankingData,
  query: SimilarQuery,
  k: number,
  options: Partial<SimilarItemsOptions> = {},
): SimilarItem[] {
  const settings = { ...SIMILAR_DEFAULTS, ...options, weights: { ...SIMILAR_DEFAULTS.weights, ...options.weights } };
  const self = typeof query === 'number' ? query : -1;
  if (typeof query === 'number' && !(Number.isInteger(query) && query >= 0 && query < data.numItems)) {
    throw new BadInputError('item', `item must be an index in [0, ${data.numItems}) (got ${query})`, query);
  }
  const gq =
    typeof query === 'number'
      ? data.graph
        ? unitRow(data.graph.items, data.graph.dim, query)
        : null
      : (query.graph ?? null);
  const cq =
    typeof query === 'number'
      ? data.content
        ? unitRow(data.content.items, data.content.dim, query)
        : null
      : (query.content ?? null);
  // Scores are indexed by item, or with candidates by position r in the pool (item pool[r]).
  const pool = settings.candidates ? candidatePool(settings.candidates, data, self) : null;
  const n = pool ? pool.length : data.numItems;
  const itemAt = (r: number): number => (pool ? pool[r]! : r);
  const parts: { kind: 'graph' | 'content' | 'coEngagement'; w: number; s: Float32Array }[] = [];
  if (gq && data.graph && gq.length === data.graph.dim)
    parts.push({ kind: 'graph', w: settings.weights.graph, s: cosines(data.graph.items, data.graph.dim, gq, pool) });
  if (cq && data.content && cq.length === data.content.dim)
    parts.push({
      kind: 'content',
      w: settings.weights.content,
      s: cosines(data.content.items, data.content.dim, cq, pool),
    });
  const co = data.coEngagement;
  if (co && self >= 0 && co.offsets[self + 1]! > co.offsets[self]!) {
    const s = new Float32Array(n);
    let max = 0;
    for (let e = co.offsets[self]!; e < co.offsets[self + 1]!; e++) max = Math.max(max, co.weights[e]!);
    if (max > 0) {
      for (let e = co.offsets[self]!; e < co.offsets[self + 1]!; e++) {
        const r = pool ? binarySearch(pool, co.targets[e]!) : co.targets[e]!;
        s[r] = co.weights[e]! / max;
      }
      parts.push({ kind: 'coEngagement', w: settings.weights.coEngagement, s });
    }
  }
  const wsum = parts.reduce((a, p) => a + p.w, 0);
  if (parts.length === 0 || wsum <= 0) return [];
  const total = new Float32Array(n);
  for (const p of parts) for (let i = 0; i < n; i++) total[i]! += (p.w / wsum) * p.s[i]!;
  const excluded = new Set(settings.exclude ?? []);
  const accept = (r: number) => {
    const i = itemAt(r);
    return i !== self && !excluded.has(i) && (!settings.accept || settings.accept(i));
  };
  const source = self >= 0 ? itemName(data, self) : 'query';
  const labels = {
    graph: 'Engaged with by similar audiences',
    content: 'Similar in content',
    coEngagement: 'Often engaged with together',
  };
  return topKOf(total, k, accept, 0).map((h) => ({
    item: itemAt(h.item),
    score: h.score,
    // Each reason's weight: its share of the score (the blend's positive parts, summing to 1).
    reasons: asShares(
      parts
        .map((p) => ({ kind: p.kind, label: labels[p.kind], weight: (p.w / wsum) * p.s[h.item]!, evidence: [source] }))
        .filter((r) => r.weight > 0)
        .sort((a, b) => b.weight - a.weight),
    ),
  }));
}

/** The position of `item` in the ascending `pool` (it is there). */
function binarySearch(pool: Int32Array, item: number): number {
  let lo = 0;
  let hi = pool.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (pool[mid]! < item) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
