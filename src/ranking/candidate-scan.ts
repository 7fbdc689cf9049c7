/**
 * A feed that scores only its candidates (RankOptions.scan = 'candidates'). The catalogue-wide signals
 * are dot products of a user's vectors with every item's (graph, content, query: 1.76M × 256 floats for
 * content alone at 100× LastFM, most of a cold feed's 2–6 s there, docs/results.md "bench:scale to
 * 100×"). Here the graph, content and query candidates come from nearest-neighbour indexes instead, and
 * those dot products are computed for the merged candidates only, after they are known:
 *
 *   candidateScan     zero arrays in place of the three dense signals, the vectors to fill them from, the
 *                     blend's graph scale from the items' second-moment matrix (1/RMS of v·e_i over the
 *                     blend items = 1/√(vᵀ M v), M = mean of e_i e_iᵀ: d² per request instead of n·d),
 *                     the match cuts from their fixed sample (similarity-cut.ts: 2,001 items)
 *   fillCandidates    the dot products and blend scores of the candidates
 *
 * Every value a feature or an explanation reads of a candidate is the one the catalogue scan computes
 * (the blend's graph scale up to float rounding): with exact indexes both scans rank the same feed
 * (test/unit/ranking/candidate-scan.test.ts). Values of non-candidates stay 0.
 */
import { blendAt } from './blend';
import type { PendingScan, Signals } from './features';
import type { ScratchLease } from './item-scratch';
import type { RankingData } from './ranking-data';
import { dotRow } from './top-k';
import { cutOfSample, cutSample, hasVector, similarityCut, type SimilarityCut } from './similarity-cut';
import type { OnlineVectors } from './user-state';

export interface CandidateScan {
  graph: Float32Array | null;
  content: Float32Array | null;
  query: Float32Array | null;
  /** The blend's graph array: `graph` itself, or its own for the stored vector. */
  blendGraph: Float32Array | null;
  /** 1 / RMS of the blend's graph part over the blend items (undefined without one). */
  blendGraphScale: number | undefined;
  pending: PendingScan;
}

const moments = new WeakMap<Float32Array, { items: Int32Array | null; m: Float64Array }>();
const placedLists = new WeakMap<Uint8Array, Int32Array>();

/** The items whose graph vector was placed by their text (flag 1), ascending; computed once per snapshot. */
export function textPlacedItems(textPlaced: Uint8Array): Int32Array {
  let list = placedLists.get(textPlaced);
  if (!list) {
    const items: number[] = [];
    textPlaced.forEach((placed, i) => {
      if (placed) items.push(i);
    });
    placedLists.set(textPlaced, (list = Int32Array.from(items)));
  }
  return list;
}

/** M = (1/n) Σ_{i ∈ items} e_i e_iᵀ (d × d; every row when items is null), cached per table and items. */
export function secondMoment(table: Float32Array, dim: number, items: Int32Array | null): Float64Array {
  const hit = moments.get(table);
  if (hit && hit.items === items) return hit.m;
  const m = new Float64Array(dim * dim);
  const n = items ? items.length : Math.floor(table.length / dim);
  for (let k = 0; k < n; k++) {
    const base = (items ? items[k]! : k) * dim;
    for (let a = 0; a < dim; a++) {
      const x = table[base + a]!;
      if (x === 0) continue;
      for (let b = a; b < dim; b++) m[a * dim + b]! += x * table[base + b]!;
    }
  }
  for (let a = 0; a < dim; a++)
    for (let b = a; b < dim; b++) {
      m[a * dim + b]! /= Math.max(1, n);
      m[b * dim + a] = m[a * dim + b]!;
    }
  moments.set(table, { items, m });
  return m;
}

/** 1 / √(vᵀ M v): the inverse RMS of v's dot products with the rows M was taken over (0 when they are all 0). */
export function inverseRmsOfDots(v: Float32Array, m: Float64Array): number {
  const d = v.length;
  let s = 0;
  for (let a = 0; a < d; a++) {
    let row = 0;
    for (let b = 0; b < d; b++) row += m[a * d + b]! * v[b]!;
    s += v[a]! * row;
  }
  return s > 0 ? 1 / Math.sqrt(s) : 0;
}

/**
 * Computes what a catalogue scan would need the whole catalogue for ahead of the first feed (a snapshot
 * build calls it): the rows with a content vector, the cuts' sample, the graph's second moment, the
 * items placed by their text.
 */
export function prepareCandidateScan(data: RankingData): void {
  if (data.content) cutSample(hasVector(data.content.items, data.content.dim));
  if (data.graph && data.walk) secondMoment(data.graph.items, data.graph.dim, data.blendItems ?? null);
  if (data.graph?.textPlaced) textPlacedItems(data.graph.textPlaced);
}

/**
 * The request's dense signals as zero arrays to be filled for its candidates (fillCandidates); lent by
 * `lease` when given (ranking/item-scratch.ts), fresh otherwise.
 */
export function candidateScan(
  data: RankingData,
  vectors: OnlineVectors,
  queryVector: Float32Array | null | undefined,
  lease?: ScratchLease,
): CandidateScan {
  const zeros = (): Float32Array => (lease ? lease.floats() : new Float32Array(data.numItems));
  const content = data.content;
  const query = queryVector && content && queryVector.length === content.dim ? queryVector : null;
  const graphVector = data.graph ? vectors.graph : null;
  const graph = graphVector ? zeros() : null;
  const blendVector = data.walk && data.graph && vectors.stored ? vectors.stored : null;
  const blendGraph = blendVector ? zeros() : graph;
  const scaleVector = blendVector ?? graphVector;
  const blendGraphScale =
    scaleVector && data.graph && data.walk
      ? inverseRmsOfDots(scaleVector, secondMoment(data.graph.items, data.graph.dim, data.blendItems ?? null))
      : undefined;
  return {
    graph,
    content: content && vectors.content ? zeros() : null,
    query: query ? zeros() : null,
    blendGraph,
    blendGraphScale,
    pending: {
      graph: graphVector,
      blendGraph: blendVector,
      content: content ? vectors.content : null,
      query,
    },
  };
}

/** The match cuts of a candidate-only request, from the scores of the cuts' sample. */
export function sampledCuts(
  table: { items: Float32Array; dim: number },
  pending: PendingScan,
): { contentCut: SimilarityCut; queryCut: SimilarityCut } {
  const withVector = hasVector(table.items, table.dim);
  const sample = cutSample(withVector);
  const cut = (v: Float32Array | null) =>
    v
      ? cutOfSample(
          Array.from(sample.picked, (i) => dotRow(table.items, table.dim, i, v)),
          sample.n,
        )
      : similarityCut(null, withVector);
  return { contentCut: cut(pending.content), queryCut: cut(pending.query) };
}

/**
 * Fills a candidate-only request's dot products and blend scores for `items` (no-op for a catalogue scan),
 * declaring each array written there to `lease` when its arrays are lent.
 */
export function fillCandidates(
  data: RankingData,
  signals: Signals,
  items: readonly number[],
  lease?: ScratchLease,
): void {
  const pending = signals.scan;
  if (!pending) return;
  const fill = (out: Float32Array | null, v: Float32Array | null, table: { items: Float32Array; dim: number }) => {
    if (!out || !v) return;
    for (const i of items) out[i] = dotRow(table.items, table.dim, i, v);
    lease?.writtenAt(out, items);
  };
  if (data.graph) {
    fill(signals.graph, pending.graph, data.graph);
    if (signals.blend && pending.blendGraph) fill(signals.blend.graph, pending.blendGraph, data.graph);
  }
  if (data.content) {
    fill(signals.content, pending.content, data.content);
    fill(signals.query, pending.query, data.content);
  }
  const blend = signals.blend;
  if (blend) {
    for (const i of items) blend.scores[i] = blendAt(blend, i);
    lease?.writtenAt(blend.scores, items);
  }
}
