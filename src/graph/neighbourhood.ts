/**
 * Neighbourhood scores for friend suggestions on the FOLLOWS graph (treated as undirected:
 * following or being followed both count as a tie).
 *
 * Friends-of-friends: candidates two hops away, scored by the number of common neighbours.
 * Adamic-Adar (Adamic & Adar 2003, "Friends and neighbors on the Web"):
 *   AA(u, v) = Σ_{z ∈ N(u) ∩ N(v)} 1 / ln |N(z)|
 * which down-weights hubs: sharing a friend with few friends says more than sharing a celebrity.
 */
import { BadInputError } from '../domain/errors';
import type { Csr } from './csr';

export interface NeighbourScore {
  /** Candidate node index. */
  node: number;
  /** Number of common neighbours. */
  common: number;
  /** Adamic-Adar score. */
  adamicAdar: number;
}

export interface FriendsOfFriendsOptions {
  /** Maximum candidates returned, best first. */
  limit: number;
  /** Rank by 'adamicAdar' or by 'common' neighbours. */
  rankBy: 'adamicAdar' | 'common';
}

export const FRIENDS_OF_FRIENDS_DEFAULTS: Readonly<FriendsOfFriendsOptions> = Object.freeze({
  limit: 20,
  rankBy: 'adamicAdar',
});

/** Neighbour set of u over both directions (out-edges of `out`, out-edges of `in`), deduplicated. */
export function undirectedNeighbours(out: Csr, inc: Csr, u: number): Int32Array {
  const set = new Set<number>();
  for (let k = out.offsets[u]!; k < out.offsets[u + 1]!; k++) set.add(out.targets[k]!);
  for (let k = inc.offsets[u]!; k < inc.offsets[u + 1]!; k++) set.add(inc.targets[k]!);
  set.delete(u);
  return Int32Array.from(set);
}

/**
 * Two-hop candidates for `user` who are not already neighbours, with common-neighbour and
 * Adamic-Adar scores. `following` and `followers` are the FOLLOWS CSR and its transpose.
 * Ties break by node index so results are deterministic.
 */
export function friendsOfFriends(
  following: Csr,
  followers: Csr,
  user: number,
  options: Partial<FriendsOfFriendsOptions> = {},
): NeighbourScore[] {
  const settings = { ...FRIENDS_OF_FRIENDS_DEFAULTS, ...options };
  if (!Number.isInteger(user) || user < 0 || user >= following.rows) {
    throw new BadInputError('user', `user must be a node index in [0, ${following.rows}) (got ${user})`, user);
  }
  const direct = undirectedNeighbours(following, followers, user);
  const isDirect = new Set<number>(direct);
  const common = new Map<number, number>();
  const aa = new Map<number, number>();
  for (const z of direct) {
    const nz = undirectedNeighbours(following, followers, z);
    const w = nz.length > 1 ? 1 / Math.log(nz.length) : 0;
    for (const v of nz) {
      if (v === user || isDirect.has(v)) continue;
      common.set(v, (common.get(v) ?? 0) + 1);
      aa.set(v, (aa.get(v) ?? 0) + w);
    }
  }
  const out: NeighbourScore[] = [...common.entries()].map(([node, c]) => ({
    node,
    common: c,
    adamicAdar: aa.get(node)!,
  }));
  const key = settings.rankBy;
  out.sort((a, b) => b[key] - a[key] || b.common - a.common || a.node - b.node);
  return out.slice(0, settings.limit);
}

/** Adamic-Adar score of one pair (0 when they share no neighbour). */
export function adamicAdar(following: Csr, followers: Csr, u: number, v: number): number {
  const nu = new Set(undirectedNeighbours(following, followers, u));
  let s = 0;
  for (const z of undirectedNeighbours(following, followers, v)) {
    if (!nu.has(z)) continue;
    const deg = undirectedNeighbours(following, followers, z).length;
    if (deg > 1) s += 1 / Math.log(deg);
  }
  return s;
}
