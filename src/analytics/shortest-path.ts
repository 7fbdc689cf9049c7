/**
 * Shortest path between two nodes (users or media) in the undirected user–media–user engagement
 * graph, by breadth-first search (unweighted: hops, as in "how many steps apart are these two").
 * With `viaFollows`, FOLLOWS ties (either direction) are edges too. Neighbours are visited in index
 * order, so among equally short paths the result is deterministic.
 */
import { hasEdge } from '../graph/csr';
import type { RankingData } from '../ranking/ranking-data';
import { toGraphNode, type GraphEdge, type GraphNode, type NodeDecoration, type NodeRef } from './graph-node';
import { fromRef, toRef } from './neighbourhood';

export interface ShortestPathOptions {
  viaFollows: boolean;
}

export const SHORTEST_PATH_DEFAULTS: Readonly<ShortestPathOptions> = Object.freeze({ viaFollows: false });

export interface Path {
  /** Hops (edges); 0 when from and to are the same node. */
  length: number;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** Node sequence of a shortest path in the combined index space, or null when none. */
export function shortestPathIndices(
  data: RankingData,
  from: number,
  to: number,
  options: Partial<ShortestPathOptions> = {},
): number[] | null {
  const settings = { ...SHORTEST_PATH_DEFAULTS, ...options };
  const nu = data.numUsers;
  const n = nu + data.numItems;
  const parent = new Int32Array(n).fill(-1);
  parent[from] = from;
  const queue = new Int32Array(n);
  let head = 0;
  let tail = 0;
  queue[tail++] = from;
  const visit = (y: number, x: number): boolean => {
    if (parent[y] !== -1) return false;
    parent[y] = x;
    queue[tail++] = y;
    return y === to;
  };
  while (head < tail && parent[to] === -1) {
    const x = queue[head++]!;
    if (x < nu) {
      const ui = data.userItems;
      for (let k = ui.offsets[x]!; k < ui.offsets[x + 1]!; k++) if (visit(nu + ui.targets[k]!, x)) break;
      if (settings.viaFollows) {
        for (const csr of [data.following, data.followers])
          for (let k = csr.offsets[x]!; k < csr.offsets[x + 1]!; k++) visit(csr.targets[k]!, x);
      }
    } else {
      const iu = data.itemUsers;
      for (let k = iu.offsets[x - nu]!; k < iu.offsets[x - nu + 1]!; k++) if (visit(iu.targets[k]!, x)) break;
    }
  }
  if (parent[to] === -1) return null;
  const path = [to];
  while (path[path.length - 1] !== from) path.push(parent[path[path.length - 1]!]!);
  return path.reverse();
}

function edgeBetween(data: RankingData, a: number, b: number, id: (x: number) => string): GraphEdge {
  const nu = data.numUsers;
  if (a < nu && b < nu) {
    const [s, t] = hasEdge(data.following, a, b) ? [a, b] : [b, a];
    return { source: id(s), target: id(t), type: 'FOLLOWS', weight: 1 };
  }
  const [u, x] = a < nu ? [a, b] : [b, a];
  const ui = data.userItems;
  let weight = 0;
  for (let k = ui.offsets[u]!; k < ui.offsets[u + 1]!; k++) if (ui.targets[k] === x - nu) weight = ui.weights[k]!;
  return { source: id(u), target: id(x), type: 'ENGAGED', weight };
}

export function shortestPath(
  data: RankingData,
  from: NodeRef,
  to: NodeRef,
  deco: NodeDecoration,
  options: Partial<ShortestPathOptions> = {},
): Path | null {
  const seq = shortestPathIndices(data, fromRef(data, from), fromRef(data, to), options);
  if (!seq) return null;
  const nodes = seq.map((x, d) => toGraphNode(data, toRef(data, x), deco, d));
  const id = (x: number): string => nodes[seq.indexOf(x)]!.id;
  const edges = seq.slice(1).map((b, k) => edgeBetween(data, seq[k]!, b, id));
  return { length: seq.length - 1, nodes, edges };
}
