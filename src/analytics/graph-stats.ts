/**
 * Whole-graph statistics of a serving snapshot: node counts by type, edge counts by type, degree
 * distributions (nearest-rank percentiles, see degree-stats.ts), density and connected components.
 *
 * Density follows the usual definitions: directed social density = |FOLLOWS| / (n·(n−1)); bipartite
 * engagement density = |ENGAGED| / (users · media). Friendships are mutual follows, counted once per pair.
 */
import { degrees, hasEdge } from '../graph/csr';
import { MEDIA_KIND, type RankingData } from '../ranking/ranking-data';
import { engagementComponents, socialComponents, summary, type ComponentSummary } from './components';
import { summarize, type DegreeSummary } from './degree-stats';

export interface GraphStats {
  nodes: { users: number; media: number; audio: number; video: number; unknownKind: number };
  edges: { engagements: number; follows: number; friendships: number };
  degrees: {
    /** Media engaged per user. */
    userEngagement: DegreeSummary;
    /** Users engaged per media item. */
    itemEngagement: DegreeSummary;
    followers: DegreeSummary;
    following: DegreeSummary;
  };
  density: { social: number; engagement: number };
  components: { social: ComponentSummary; engagement: ComponentSummary };
}

/** Mutual follow pairs (u, v), u < v. */
export function countFriendships(data: RankingData): number {
  const f = data.following;
  let n = 0;
  for (let u = 0; u < f.rows; u++) {
    for (let k = f.offsets[u]!; k < f.offsets[u + 1]!; k++) {
      const v = f.targets[k]!;
      if (u < v && hasEdge(f, v, u)) n++;
    }
  }
  return n;
}

export function graphStats(data: RankingData): GraphStats {
  const nu = data.numUsers;
  const ni = data.numItems;
  let audio = 0;
  let video = 0;
  for (let i = 0; i < ni; i++) {
    if (data.itemKind[i] === MEDIA_KIND.AUDIO) audio++;
    else if (data.itemKind[i] === MEDIA_KIND.VIDEO) video++;
  }
  const engagements = data.userItems.targets.length;
  const follows = data.following.targets.length;
  return {
    nodes: { users: nu, media: ni, audio, video, unknownKind: ni - audio - video },
    edges: { engagements, follows, friendships: countFriendships(data) },
    degrees: {
      userEngagement: summarize(degrees(data.userItems)),
      itemEngagement: summarize(degrees(data.itemUsers)),
      followers: summarize(degrees(data.followers)),
      following: summarize(degrees(data.following)),
    },
    density: {
      social: nu > 1 ? follows / (nu * (nu - 1)) : 0,
      engagement: nu > 0 && ni > 0 ? engagements / (nu * ni) : 0,
    },
    components: { social: summary(socialComponents(data)), engagement: summary(engagementComponents(data)) },
  };
}
