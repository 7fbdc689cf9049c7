/**
 * Connected components by union–find (Tarjan 1975: union by size + path halving, near-linear
 * O(E·α(n))). Directed follows count as ties in either direction (weak connectivity), which is how
 * an analyst reads "is this community cut off from the rest".
 *
 * Node spaces: the social graph has users 0..numUsers−1; the engagement graph has users 0..nu−1 and
 * media nu..nu+ni−1, joined by ENGAGED edges.
 */
import type { Csr } from '../graph/csr';
import type { RankingData } from '../ranking/ranking-data';

export interface ComponentSummary {
  /** Number of components, isolated nodes included (each is its own component). */
  count: number;
  /** Nodes in the largest component. */
  largest: number;
  /** Nodes without any edge. */
  isolated: number;
}

export interface Components extends ComponentSummary {
  /** Component label per node, 0..count−1, numbered by first node index. */
  labels: Int32Array;
  /** Size per component label. */
  sizes: Int32Array;
}

class UnionFind {
  readonly parent: Int32Array;
  private readonly size: Int32Array;
  constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
    this.size = new Int32Array(n).fill(1);
  }
  find(x: number): number {
    const p = this.parent;
    while (p[x] !== x) {
      p[x] = p[p[x]!]!;
      x = p[x]!;
    }
    return x;
  }
  union(a: number, b: number): void {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return;
    if (this.size[ra]! < this.size[rb]!) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra]! += this.size[rb]!;
  }
}

/** Components of a graph on n nodes given as CSRs; a CSR's rows start at rowOffset and targets at colOffset. */
export function connectedComponents(
  n: number,
  parts: readonly { csr: Csr; rowOffset?: number; colOffset?: number }[],
): Components {
  const uf = new UnionFind(n);
  const degree = new Int32Array(n);
  for (const { csr, rowOffset = 0, colOffset = 0 } of parts) {
    for (let r = 0; r < csr.rows; r++) {
      for (let k = csr.offsets[r]!; k < csr.offsets[r + 1]!; k++) {
        const a = r + rowOffset;
        const b = csr.targets[k]! + colOffset;
        if (a === b) continue;
        degree[a]!++;
        degree[b]!++;
        uf.union(a, b);
      }
    }
  }
  const labels = new Int32Array(n).fill(-1);
  const rootLabel = new Map<number, number>();
  const sizes: number[] = [];
  let isolated = 0;
  for (let i = 0; i < n; i++) {
    const root = uf.find(i);
    let label = rootLabel.get(root);
    if (label === undefined) {
      label = sizes.length;
      rootLabel.set(root, label);
      sizes.push(0);
    }
    labels[i] = label;
    sizes[label]!++;
    if (degree[i] === 0) isolated++;
  }
  return {
    count: sizes.length,
    largest: sizes.reduce((m, s) => Math.max(m, s), 0),
    isolated,
    labels,
    sizes: Int32Array.from(sizes),
  };
}

/** Weakly connected components of the FOLLOWS graph over users. */
export function socialComponents(data: RankingData): Components {
  return connectedComponents(data.numUsers, [{ csr: data.following }]);
}

/** Components of the bipartite user–media ENGAGED graph (users first, then media). */
export function engagementComponents(data: RankingData): Components {
  return connectedComponents(data.numUsers + data.numItems, [{ csr: data.userItems, colOffset: data.numUsers }]);
}

export function summary(c: Components): ComponentSummary {
  return { count: c.count, largest: c.largest, isolated: c.isolated };
}
