/**
 * A follow graph with the three shapes real social graphs have: a heavy-tailed in-degree (preferential
 * choice of whom to follow by a Zipf influence inside the follower's community), reciprocity (a new
 * follow is returned with probability `reciprocity`) and triadic closure (a share of follows go to
 * someone a followee follows: Holme & Kim 2002, "Growing scale-free networks with tunable clustering").
 * Followers are drawn by a heavy-tailed activity, so out-degrees are skewed too.
 */
import type { Rng } from '../models/random';
import type { WeightedSampler } from './sampling';

export interface FollowWorld {
  users: number;
  /** Community of each user. */
  community: Int32Array;
  /** Users of each community, and a sampler of a member index by influence. */
  members: readonly Int32Array[];
  influence: readonly WeightedSampler[];
  /** Any user by influence (communities weighted by size). */
  globalInfluence: WeightedSampler;
  /** Who follows next, by follow activity. */
  followActivity: WeightedSampler;
}

export interface FollowOptions {
  target: number;
  reciprocity: number;
  triadicClosure: number;
  /** Share of non-triadic follows chosen inside the follower's community. */
  communityAffinity: number;
}

export interface FollowEdges {
  src: Int32Array;
  dst: Int32Array;
}

export function generateFollows(world: FollowWorld, options: FollowOptions, rng: Rng): FollowEdges {
  const n = world.users;
  const target = Math.min(options.target, n * (n - 1));
  const out: number[][] = Array.from({ length: n }, () => []);
  const inn: number[][] = Array.from({ length: n }, () => []);
  const seen = new Set<number>();
  const src = new Int32Array(target);
  const dst = new Int32Array(target);
  let count = 0;
  const add = (a: number, b: number): void => {
    seen.add(a * n + b);
    out[a]!.push(b);
    inn[b]!.push(a);
    src[count] = a;
    dst[count] = b;
    count++;
  };
  const maxAttempts = 50 * target + 1000;
  for (let attempts = 0; count < target && attempts < maxAttempts; attempts++) {
    const u = world.followActivity.sample(rng);
    let v: number;
    const mine = out[u]!;
    if (mine.length > 0 && rng.next() < options.triadicClosure) {
      // A neighbour of a followee, either way round: uniform over its links, so not only its hubs.
      const via = mine[rng.int(mine.length)]!;
      const k = rng.int(out[via]!.length + inn[via]!.length);
      v = k < out[via]!.length ? out[via]![k]! : inn[via]![k - out[via]!.length]!;
    } else if (rng.next() < options.communityAffinity) {
      const c = world.community[u]!;
      v = world.members[c]![world.influence[c]!.sample(rng)]!;
    } else {
      v = world.globalInfluence.sample(rng);
    }
    if (v === u || seen.has(u * n + v)) continue;
    add(u, v);
    if (count < target && rng.next() < options.reciprocity && !seen.has(v * n + u)) add(v, u);
  }
  // A tiny, dense world can run out of attempts: fill with any missing pairs, in a seeded order.
  for (let a = rng.int(n), k = 0; count < target && k < n; a = (a + 1) % n, k++) {
    for (let b = 0; count < target && b < n; b++) if (a !== b && !seen.has(a * n + b)) add(a, b);
  }
  return { src: src.subarray(0, count), dst: dst.subarray(0, count) };
}
