/**
 * The neighbourhood of a user or media item in the heterogeneous graph, ready to draw: nodes up to
 * `depth` hops away (users ↔ users over FOLLOWS in either direction, users ↔ media over ENGAGED) and
 * every edge among them (the induced subgraph).
 *
 * Breadth-first by layers, capped at `limit` nodes. When a layer does not fit, its candidates are
 * ranked by tie strength to the nodes already taken, Σ log(1 + w) over their links (so a user's
 * most-played media and mutual follows come first), then by PageRank, then by index, which keeps the
 * result deterministic. Nodes use one index space: users 0..nu−1, media nu..nu+ni−1.
 */
import { BadInputError } from '../domain/errors';
import type { RankingData } from '../ranking/ranking-data';
import { nodeId, toGraphNode, type GraphEdge, type GraphNode, type NodeDecoration, type NodeRef } from './graph-node';

export interface NeighbourhoodOptions {
  depth: number;
  limit: number;
  /** Most edges returned; beyond it edges nearest the start, then heaviest, are kept (a dense 2000-node LastFM neighbourhood has ~50k). */
  maxEdges: number;
}

export const NEIGHBOURHOOD_DEFAULTS: Readonly<NeighbourhoodOptions> = Object.freeze({
  depth: 1,
  limit: 200,
  maxEdges: 10_000,
});
export const NEIGHBOURHOOD_LIMITS = Object.freeze({ depth: { min: 1, max: 3 }, limit: { min: 1, max: 2000 } });

export interface Neighbourhood {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** True when the node limit left out reachable nodes or the edge cap left out edges. */
  truncated: boolean;
}

export function checkNeighbourhoodOptions(options: Partial<NeighbourhoodOptions>): NeighbourhoodOptions {
  const settings = { ...NEIGHBOURHOOD_DEFAULTS, ...options };
  for (const field of ['depth', 'limit'] as const) {
    const { min, max } = NEIGHBOURHOOD_LIMITS[field];
    const v = settings[field];
    if (!Number.isInteger(v) || v < min || v > max)
      throw new BadInputError(field, `${field} must be between ${min} and ${max} (got ${String(v)})`, v);
  }
  return settings;
}

/** Calls visit(neighbour, weight) for each neighbour of node `x` in the combined index space. */
export function forEachNeighbour(data: RankingData, x: number, visit: (y: number, w: number) => void): void {
  const nu = data.numUsers;
  if (x < nu) {
    for (const csr of [data.following, data.followers]) {
      for (let k = csr.offsets[x]!; k < csr.offsets[x + 1]!; k++) if (csr.targets[k] !== x) visit(csr.targets[k]!, 1);
    }
    const ui = data.userItems;
    for (let k = ui.offsets[x]!; k < ui.offsets[x + 1]!; k++) visit(nu + ui.targets[k]!, ui.weights[k]!);
  } else {
    const iu = data.itemUsers;
    const i = x - nu;
    for (let k = iu.offsets[i]!; k < iu.offsets[i + 1]!; k++) visit(iu.targets[k]!, iu.weights[k]!);
  }
}

export function toRef(data: RankingData, x: number): NodeRef {
  return x < data.numUsers ? { type: 'USER', index: x } : { type: 'MEDIA', index: x - data.numUsers };
}

export function fromRef(data: RankingData, ref: NodeRef): number {
  return ref.type === 'USER' ? ref.index : data.numUsers + ref.index;
}

export function neighbourhood(
  data: RankingData,
  start: NodeRef,
  deco: NodeDecoration,
  options: Partial<NeighbourhoodOptions> = {},
): Neighbourhood {
  const settings = checkNeighbourhoodOptions(options);
  const nu = data.numUsers;
  const rankOf = (x: number): number => (x < nu ? deco.userRank[x] : deco.itemRank[x - nu]) ?? 0;
  const depthOf = new Map<number, number>([[fromRef(data, start), 0]]);
  let frontier = [fromRef(data, start)];
  let truncated = false;
  for (let d = 1; d <= settings.depth && frontier.length > 0 && !truncated; d++) {
    const strength = new Map<number, number>();
    for (const x of frontier) {
      forEachNeighbour(data, x, (y, w) => {
        if (!depthOf.has(y)) strength.set(y, (strength.get(y) ?? 0) + Math.log1p(Math.max(0, w)));
      });
    }
    let layer = [...strength.keys()];
    const room = settings.limit - depthOf.size;
    if (layer.length > room) {
      truncated = true;
      layer = layer
        .sort((a, b) => strength.get(b)! - strength.get(a)! || rankOf(b) - rankOf(a) || a - b)
        .slice(0, Math.max(0, room));
    } else {
      layer.sort((a, b) => a - b);
    }
    for (const y of layer) depthOf.set(y, d);
    frontier = layer;
  }
  const nodes = [...depthOf.entries()].map(([x, d]) => toGraphNode(data, toRef(data, x), deco, d));
  let edges = inducedEdges(data, depthOf);
  if (edges.length > settings.maxEdges) {
    truncated = true;
    const depthById = new Map(nodes.map((n) => [`${n.type}:${n.id}`, n.depth!]));
    const near = (e: GraphEdge): number =>
      Math.min(
        depthById.get(`USER:${e.source}`)!,
        depthById.get(`${e.type === 'FOLLOWS' ? 'USER' : 'MEDIA'}:${e.target}`)!,
      );
    edges = edges
      .map((e, k) => ({ e, k, d: near(e) }))
      .sort((a, b) => a.d - b.d || b.e.weight - a.e.weight || a.k - b.k)
      .slice(0, settings.maxEdges)
      .sort((a, b) => a.k - b.k)
      .map((x) => x.e);
  }
  return { nodes, edges, truncated };
}

/** Every FOLLOWS and ENGAGED edge with both ends in `members` (combined indices). */
export function inducedEdges(
  data: RankingData,
  members: ReadonlyMap<number, unknown> | ReadonlySet<number>,
): GraphEdge[] {
  const nu = data.numUsers;
  const id = (x: number): string => nodeId(data, toRef(data, x));
  const edges: GraphEdge[] = [];
  const users = [...members.keys()].filter((x) => x < nu).sort((a, b) => a - b);
  for (const u of users) {
    const f = data.following;
    for (let k = f.offsets[u]!; k < f.offsets[u + 1]!; k++) {
      const v = f.targets[k]!;
      if (v !== u && members.has(v))
        edges.push({ source: id(u), target: id(v), type: 'FOLLOWS', weight: f.weights[k]! });
    }
    const ui = data.userItems;
    for (let k = ui.offsets[u]!; k < ui.offsets[u + 1]!; k++) {
      const x = nu + ui.targets[k]!;
      if (members.has(x)) edges.push({ source: id(u), target: id(x), type: 'ENGAGED', weight: ui.weights[k]! });
    }
  }
  return edges;
}
