/**
 * graphology projections of the snapshot's CSR graphs for the algorithms graphology serves
 * (Louvain). Built once per snapshot version by the service and cached. Node keys are the dense
 * indices as strings ("12"), so results map straight back onto the typed arrays.
 *
 * - social: undirected user graph; a follow in either direction is a tie, a mutual follow weighs 2.
 * - co-engagement: undirected media graph from the item-kNN co-engagement CSR (cosine of the users'
 *   engagement vectors, Sarwar et al. 2001), keeping each item's `neighbours` strongest links so the
 *   object graph stays small; when the snapshot has no co-engagement CSR, shared-user counts are used.
 * Nodes without edges are left out: they would only add singleton communities.
 */
import Graph from 'graphology';
import type { Csr } from '../graph/csr';
import type { RankingData } from '../ranking/ranking-data';

export interface ProjectionOptions {
  /** Strongest co-engagement links kept per item. */
  neighbours: number;
  /** Users whose engagements are paired when co-engagement is derived from shared users (caps O(d²)). */
  maxUserDegree: number;
}

export const PROJECTION_DEFAULTS: Readonly<ProjectionOptions> = Object.freeze({ neighbours: 10, maxUserDegree: 200 });

function addWeighted(g: Graph, a: number, b: number, w: number): void {
  if (a === b || !(w > 0)) return;
  const s = String(a);
  const t = String(b);
  if (!g.hasNode(s)) g.addNode(s);
  if (!g.hasNode(t)) g.addNode(t);
  g.updateUndirectedEdge(s, t, (attr) => ({ weight: ((attr.weight as number | undefined) ?? 0) + w }));
}

export function socialGraph(data: RankingData): Graph {
  const g = new Graph({ type: 'undirected', allowSelfLoops: false });
  const f = data.following;
  for (let u = 0; u < f.rows; u++)
    for (let k = f.offsets[u]!; k < f.offsets[u + 1]!; k++) addWeighted(g, u, f.targets[k]!, 1);
  return g;
}

/** Indices of the `k` largest weights of row r (ties → lower target). */
function topRow(csr: Csr, r: number, k: number): number[] {
  const ks: number[] = [];
  for (let e = csr.offsets[r]!; e < csr.offsets[r + 1]!; e++) ks.push(e);
  ks.sort((a, b) => csr.weights[b]! - csr.weights[a]! || csr.targets[a]! - csr.targets[b]!);
  return ks.slice(0, k);
}

export function coEngagementGraph(data: RankingData, options: Partial<ProjectionOptions> = {}): Graph {
  const settings = { ...PROJECTION_DEFAULTS, ...options };
  const g = new Graph({ type: 'undirected', allowSelfLoops: false });
  const csr = data.coEngagement ?? sharedUserCsr(data, settings.maxUserDegree);
  for (let i = 0; i < csr.rows; i++) {
    // Symmetric kNN: an edge kept by either endpoint stays; updateUndirectedEdge would double it, so take the max.
    for (const e of topRow(csr, i, settings.neighbours)) {
      const j = csr.targets[e]!;
      const w = csr.weights[e]!;
      if (i === j || !(w > 0)) continue;
      const s = String(i);
      const t = String(j);
      if (!g.hasNode(s)) g.addNode(s);
      if (!g.hasNode(t)) g.addNode(t);
      g.updateUndirectedEdge(s, t, (attr) => ({ weight: Math.max((attr.weight as number | undefined) ?? 0, w) }));
    }
  }
  return g;
}

/** Item × item counts of shared engaging users (for snapshots without a co-engagement CSR). */
function sharedUserCsr(data: RankingData, maxUserDegree: number): Csr {
  const rows: Map<number, number>[] = Array.from({ length: data.numItems }, () => new Map());
  const ui = data.userItems;
  for (let u = 0; u < ui.rows; u++) {
    const start = ui.offsets[u]!;
    const end = Math.min(ui.offsets[u + 1]!, start + maxUserDegree);
    for (let a = start; a < end; a++) {
      for (let b = a + 1; b < end; b++) {
        const i = ui.targets[a]!;
        const j = ui.targets[b]!;
        rows[i]!.set(j, (rows[i]!.get(j) ?? 0) + 1);
        rows[j]!.set(i, (rows[j]!.get(i) ?? 0) + 1);
      }
    }
  }
  const offsets = new Int32Array(data.numItems + 1);
  rows.forEach((m, i) => (offsets[i + 1] = offsets[i]! + m.size));
  const targets = new Int32Array(offsets[data.numItems]!);
  const weights = new Float32Array(targets.length);
  rows.forEach((m, i) => {
    let k = offsets[i]!;
    for (const [j, w] of [...m.entries()].sort((x, y) => x[0] - y[0])) {
      targets[k] = j;
      weights[k++] = w;
    }
  });
  return { rows: data.numItems, cols: data.numItems, offsets, targets, weights };
}
