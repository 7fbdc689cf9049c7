/**
 * In-memory projection of the social media graph: users, media items, weighted engagement edges
 * (user → item) and FOLLOWS (user → user), each in CSR form in both directions.
 *
 * Build it from plain arrays, e.g. after streaming batches out of Neo4j:
 *
 *   const g = buildInteractionGraph({
 *     userIds: ['u1', 'u2'], itemIds: ['m1', 'm2', 'm3'],
 *     edges:   { user: Int32Array.of(0, 0, 1), item: Int32Array.of(0, 2, 1), weight: Float32Array.of(1, 3, 1) },
 *     follows: { src: Int32Array.of(0), dst: Int32Array.of(1) },
 *   });
 *   g.userItems   // CSR users → items (weights summed over duplicate pairs)
 *   g.itemUsers   // CSR items → users
 *   g.following   // CSR user → users they follow;  g.followers: user → their followers
 *   g.userIndex.get('u2') === 1
 *
 * Indices are dense positions in userIds / itemIds. A friendship (mutual follow) is two follows.
 * Self-follows are dropped (they would only inflate PageRank through a self-loop).
 */
import { BadInputError } from '../domain/errors';
import { buildCsr, csrBytes, transposeCsr } from './csr';
import type { Csr } from './csr';

export interface InteractionGraphInput {
  userIds: readonly string[];
  itemIds: readonly string[];
  /** Engagement edges by index; weight defaults to 1 per edge. */
  edges: { user: Int32Array; item: Int32Array; weight?: Float32Array };
  /** FOLLOWS edges by user index (follower → followee); optional. */
  follows?: { src: Int32Array; dst: Int32Array };
}

export interface InteractionGraph {
  readonly userIds: readonly string[];
  readonly itemIds: readonly string[];
  readonly userIndex: ReadonlyMap<string, number>;
  readonly itemIndex: ReadonlyMap<string, number>;
  readonly userItems: Csr;
  readonly itemUsers: Csr;
  readonly following: Csr;
  readonly followers: Csr;
}

export function buildInteractionGraph(input: InteractionGraphInput): InteractionGraph {
  const nu = input.userIds.length;
  const ni = input.itemIds.length;
  const userIndex = indexOf(input.userIds, 'userIds');
  const itemIndex = indexOf(input.itemIds, 'itemIds');
  const userItems = buildCsr(nu, ni, input.edges.user, input.edges.item, input.edges.weight);
  const itemUsers = transposeCsr(userItems);
  let src = input.follows?.src ?? new Int32Array(0);
  let dst = input.follows?.dst ?? new Int32Array(0);
  let selfLoops = 0;
  for (let k = 0; k < src.length; k++) if (src[k] === dst[k]) selfLoops++;
  if (selfLoops > 0) {
    const s2 = new Int32Array(src.length - selfLoops);
    const d2 = new Int32Array(src.length - selfLoops);
    let o = 0;
    for (let k = 0; k < src.length; k++) {
      if (src[k] === dst[k]) continue;
      s2[o] = src[k]!;
      d2[o++] = dst[k]!;
    }
    src = s2;
    dst = d2;
  }
  const following = buildCsr(nu, nu, src, dst);
  // Duplicated follows carry no meaning: reset merged weights to 1.
  following.weights.fill(1);
  const followers = transposeCsr(following);
  return {
    userIds: input.userIds,
    itemIds: input.itemIds,
    userIndex,
    itemIndex,
    userItems,
    itemUsers,
    following,
    followers,
  };
}

/**
 * Convenience for callers holding id triples (dataset files, Neo4j rows): assigns indices in first-seen
 * order (after any ids given up front) and builds the graph. Unknown follow endpoints become users.
 */
export function buildInteractionGraphFromIds(input: {
  userIds?: readonly string[];
  itemIds?: readonly string[];
  engagements: Iterable<{ user: string; item: string; weight?: number }>;
  follows?: Iterable<{ follower: string; followee: string }>;
}): InteractionGraph {
  const users = new Map<string, number>();
  const items = new Map<string, number>();
  for (const u of input.userIds ?? []) if (!users.has(u)) users.set(u, users.size);
  for (const i of input.itemIds ?? []) if (!items.has(i)) items.set(i, items.size);
  const eu: number[] = [];
  const ei: number[] = [];
  const ew: number[] = [];
  for (const e of input.engagements) {
    if (!users.has(e.user)) users.set(e.user, users.size);
    if (!items.has(e.item)) items.set(e.item, items.size);
    eu.push(users.get(e.user)!);
    ei.push(items.get(e.item)!);
    ew.push(e.weight ?? 1);
  }
  const fs: number[] = [];
  const fd: number[] = [];
  for (const f of input.follows ?? []) {
    if (!users.has(f.follower)) users.set(f.follower, users.size);
    if (!users.has(f.followee)) users.set(f.followee, users.size);
    fs.push(users.get(f.follower)!);
    fd.push(users.get(f.followee)!);
  }
  return buildInteractionGraph({
    userIds: [...users.keys()],
    itemIds: [...items.keys()],
    edges: { user: Int32Array.from(eu), item: Int32Array.from(ei), weight: Float32Array.from(ew) },
    follows: { src: Int32Array.from(fs), dst: Int32Array.from(fd) },
  });
}

/**
 * The engagement graph as one homogeneous undirected CSR over nodes [users..., items...]
 * (item j is node userCount + j), used for media/user PageRank on the weighted engagement graph.
 */
export function engagementCsr(graph: InteractionGraph): Csr {
  const nu = graph.userIds.length;
  const n = nu + graph.itemIds.length;
  const e = graph.userItems.targets.length;
  const src = new Int32Array(2 * e);
  const dst = new Int32Array(2 * e);
  const w = new Float32Array(2 * e);
  const ui = graph.userItems;
  for (let u = 0; u < nu; u++) {
    for (let k = ui.offsets[u]!; k < ui.offsets[u + 1]!; k++) {
      src[k] = u;
      dst[k] = nu + ui.targets[k]!;
      w[k] = ui.weights[k]!;
      src[e + k] = nu + ui.targets[k]!;
      dst[e + k] = u;
      w[e + k] = ui.weights[k]!;
    }
  }
  return buildCsr(n, n, src, dst, w);
}

/** Approximate bytes held by the projection (typed arrays plus id strings and maps). */
export function graphBytes(graph: InteractionGraph): number {
  let strings = 0;
  for (const id of graph.userIds) strings += 2 * id.length + 32;
  for (const id of graph.itemIds) strings += 2 * id.length + 32;
  const maps = 80 * (graph.userIds.length + graph.itemIds.length);
  return (
    csrBytes(graph.userItems) +
    csrBytes(graph.itemUsers) +
    csrBytes(graph.following) +
    csrBytes(graph.followers) +
    strings +
    maps
  );
}

function indexOf(ids: readonly string[], field: string): Map<string, number> {
  const m = new Map<string, number>();
  ids.forEach((id, i) => {
    if (m.has(id)) throw new BadInputError(field, `${field} must be unique (got ${JSON.stringify(id)} twice)`, id);
    m.set(id, i);
  });
  return m;
}
