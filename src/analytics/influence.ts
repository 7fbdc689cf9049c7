/**
 * Influence of users: PageRank on the directed FOLLOWS graph (Page et al. 1999; src/graph/pagerank.ts),
 * where u → v means u follows v, so rank flows to the people being followed:
 *   x[v] = α · Σ_{u→v} x[u] / out(u) + (1 − α) / n   (+ dangling mass spread uniformly).
 * The same measure Twitter's early "who to follow" used as a global prior (Gupta et al. 2013, WTF).
 */
import { degrees } from '../graph/csr';
import { pagerank, PAGERANK_DEFAULTS } from '../graph/pagerank';
import type { RankingData } from '../ranking/ranking-data';
import { userName } from '../ranking/ranking-data';

export interface InfluenceOptions {
  damping: number;
  tolerance: number;
  maxIterations: number;
}

export const INFLUENCE_DEFAULTS: Readonly<InfluenceOptions> = Object.freeze({
  damping: PAGERANK_DEFAULTS.damping,
  tolerance: 1e-8,
  maxIterations: 200,
});

export interface Influencer {
  /** 1-based position. */
  rank: number;
  userId: string;
  user: number;
  score: number;
  followers: number;
  following: number;
}

/** PageRank of every user on FOLLOWS (sums to 1; uniform when nobody follows anyone). */
export function userPagerank(data: RankingData, options: Partial<InfluenceOptions> = {}): Float64Array {
  const settings = { ...INFLUENCE_DEFAULTS, ...options };
  return pagerank(data.following, {
    damping: settings.damping,
    tolerance: settings.tolerance,
    maxIterations: settings.maxIterations,
    weighted: false,
  }).scores;
}

/** The `first` users by PageRank, ties broken by follower count then index. */
export function topInfluencers(data: RankingData, scores: Float64Array, first: number): Influencer[] {
  const followers = degrees(data.followers);
  const following = degrees(data.following);
  const order = Array.from({ length: data.numUsers }, (_, u) => u).sort(
    (a, b) => scores[b]! - scores[a]! || followers[b]! - followers[a]! || a - b,
  );
  return order.slice(0, first).map((u, i) => ({
    rank: i + 1,
    userId: userName(data, u),
    user: u,
    score: scores[u]!,
    followers: followers[u]!,
    following: following[u]!,
  }));
}
