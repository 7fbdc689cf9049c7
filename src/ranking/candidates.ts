/**
 * Candidate sources (the "candidate generation" stage of two-stage recommenders, Covington et al.
 * 2016; the source mix follows Gorse and the X/Twitter stack). Each is a pure function returning a
 * scored list with evidence; `mergeCandidates` deduplicates them.
 *
 *  graph     nearest neighbours of the user's online vector by inner product (exact scan, or any
 *            NearestNeighbourIndex such as Neo4j's vector index)
 *  coEngage  item-to-item: s(j) = Σ_{i ∈ I_u} a_i · sim(i, j) over the co-engagement neighbour lists
 *  social    friends' engagements: count(j) = |{f ∈ F_u : f engaged j}|,
 *            strength(j) = Σ_f log(1+w_fj)/log(1+max_k w_fk) (recent ones only when times are known)
 *  content   cosine of item content vectors with the user's content profile or a query vector
 *  popular   PageRank order;  trending: engagements with lastAt in [now − window, now];  fresh: newest
 */
import type { ScratchLease } from './item-scratch';
import { itemName, type RankingData } from './ranking-data';
import { dotAll, topKOf, topKOfItems, type Scored } from './top-k';
import { USER_STATE_DEFAULTS, type UserState } from './user-state';

export type SourceName = 'graph' | 'coEngagement' | 'social' | 'content' | 'query' | 'popular' | 'trending' | 'fresh';

export interface SourceHit extends Scored {
  /** Indices backing the hit: friends (users) for social, engaged items for co-engagement. */
  evidence?: number[];
}

export type Accept = (item: number) => boolean;

/** Pluggable nearest-neighbour index over item vectors (inner product). */
export interface NearestNeighbourIndex {
  search(query: Float32Array, k: number, accept?: Accept): Scored[];
}

/** Exact top-k by a full dot-product scan: the scan ~2 ms for 17k × 64 on one core (`npm run bench:dot`). */
export function exactIndex(items: Float32Array, dim: number): NearestNeighbourIndex {
  return { search: (q, k, accept) => topKOf(dotAll(items, dim, q), k, accept) };
}

/** The k rows of `table` nearest `vector` by `index` (an exact scan of the table when absent). */
function nearest(
  table: { items: Float32Array; dim: number } | undefined,
  vector: Float32Array | null,
  k: number,
  accept?: Accept,
  index?: NearestNeighbourIndex,
): SourceHit[] {
  if (!vector || !table || k <= 0) return [];
  return (index ?? exactIndex(table.items, table.dim)).search(vector, k, accept);
}

export function graphCandidates(
  data: RankingData,
  vector: Float32Array | null,
  k: number,
  accept?: Accept,
  index?: NearestNeighbourIndex,
): SourceHit[] {
  return nearest(data.graph, vector, k, accept, index);
}

export interface CoEngagementScores {
  scores: Float32Array;
  /** Engaged item contributing most to each score, plus 1 (0 = none): read it with coEvidence. */
  best: Int32Array;
  /** The items with a positive contribution (the others score 0); absent: any item may score. */
  reached?: Int32Array;
}

/** The engaged item contributing most to item j's co-engagement score (−1 = none). */
export function coEvidence(s: Pick<CoEngagementScores, 'best'>, j: number): number {
  return s.best[j]! - 1;
}

/**
 * Item-to-item accumulation over the user's recent engaged items (weights log(1+w), recency rank ignored),
 * by default every item the user state holds (its 500 most recent). It was the 200 most recent: on
 * MovieLens with all its ratings (a JSONL import; 14% of the users have over 200 training positives) the
 * served feed read test / validation NDCG@10 0.2522 / 0.2134 at 200 and 0.2594 / 0.2163 at 500 (seed 1;
 * docs/results.md, "Disliked items stay out of feeds"). LastFM's users have at most 50 items.
 * With a lease its arrays are lent (ranking/item-scratch.ts) and declared written at the reached items.
 */
export function coEngagementScores(
  data: RankingData,
  state: UserState,
  lease?: ScratchLease,
  maxItems = USER_STATE_DEFAULTS.maxItems,
): CoEngagementScores {
  const n = data.numItems;
  const scores = lease ? lease.floats() : new Float32Array(n);
  const best = lease ? lease.ints() : new Int32Array(n);
  const graph = data.coEngagement;
  if (!graph) {
    for (const array of [scores, best]) lease?.writtenAt(array, []);
    return { scores, best, reached: new Int32Array(0) };
  }
  const bestVal = lease ? lease.floats() : new Float32Array(n);
  // Typed, of catalogue length, only its reached part written (blend.ts accumulate: why).
  const reached = lease ? lease.ints() : new Int32Array(n);
  let count = 0;
  const m = Math.min(state.items.length, maxItems);
  for (let h = 0; h < m; h++) {
    const w = state.weights[h]!;
    if (!(w > 0)) continue;
    const i = state.items[h]!;
    if (i < 0 || i >= graph.rows) continue;
    const a = Math.log1p(w);
    for (let k = graph.offsets[i]!; k < graph.offsets[i + 1]!; k++) {
      const j = graph.targets[k]!;
      const c = a * graph.weights[k]!;
      // The graph's weights are positive (kNN cosines, EASE's largest positive weights): a contribution
      // that is not is skipped, so every item written is in `reached`.
      if (!(c > 0)) continue;
      scores[j]! += c;
      if (best[j] === 0) reached[count++] = j;
      if (c > bestVal[j]!) {
        bestVal[j] = c;
        best[j] = i + 1;
      }
    }
  }
  const list = reached.subarray(0, count);
  if (lease) {
    for (const array of [scores, best, bestVal]) lease.writtenAt(array, list);
    lease.writtenBelow(reached, count);
  }
  return { scores, best, reached: list };
}

export function coEngagementCandidates(s: CoEngagementScores, k: number, accept?: Accept): SourceHit[] {
  const hits = s.reached ? topKOfItems(s.scores, s.reached, k, accept, 0) : topKOf(s.scores, k, accept, 0);
  return hits.map((h) => {
    const j = coEvidence(s, h.item);
    return { ...h, evidence: j >= 0 ? [j] : [] };
  });
}

export interface SocialScores {
  count: Float32Array;
  strength: Float32Array;
  /** Friends who engaged each reached item, strongest first. */
  friends: Map<number, { user: number; strength: number }[]>;
  /** The reached items (friends' keys): where count and strength are non-zero. */
  items: Int32Array;
}

export interface SocialOptions {
  /** Only engagements newer than this many days count when times are known; Infinity = all. */
  windowDays: number;
  now: number;
  maxFriends: number;
}

export const SOCIAL_DEFAULTS: Readonly<Omit<SocialOptions, 'now'>> = Object.freeze({
  windowDays: Infinity,
  maxFriends: 500,
});

/** Friends' engagements per item; with a lease its two arrays are lent and declared written at the friends' items. */
export function socialScores(
  data: RankingData,
  user: number | null,
  options: Partial<SocialOptions> = {},
  lease?: ScratchLease,
): SocialScores {
  const settings: SocialOptions = { ...SOCIAL_DEFAULTS, now: Date.now(), ...options };
  const count = lease ? lease.floats() : new Float32Array(data.numItems);
  const strength = lease ? lease.floats() : new Float32Array(data.numItems);
  const friends = new Map<number, { user: number; strength: number }[]>();
  const written = (): SocialScores => {
    const items = Int32Array.from(friends.keys());
    if (lease) {
      lease.writtenAt(count, items);
      lease.writtenAt(strength, items);
    }
    return { count, strength, friends, items };
  };
  if (user === null || user < 0 || user >= data.numUsers) return written();
  const f = data.following;
  const ui = data.userItems;
  const since = settings.now - settings.windowDays * 86_400_000;
  const end = Math.min(f.offsets[user + 1]!, f.offsets[user]! + settings.maxFriends);
  for (let a = f.offsets[user]!; a < end; a++) {
    const fr = f.targets[a]!;
    if (fr === user) continue;
    let maxW = 0;
    for (let k = ui.offsets[fr]!; k < ui.offsets[fr + 1]!; k++) maxW = Math.max(maxW, ui.weights[k]!);
    const norm = maxW > 0 ? Math.log1p(maxW) : 1;
    for (let k = ui.offsets[fr]!; k < ui.offsets[fr + 1]!; k++) {
      const w = ui.weights[k]!;
      if (!(w > 0)) continue;
      const t = data.userItemsLastAt ? data.userItemsLastAt[k]! : NaN;
      if (Number.isFinite(t) && t < since) continue;
      const j = ui.targets[k]!;
      const s = Math.log1p(w) / norm;
      count[j]! += 1;
      strength[j]! += s;
      let list = friends.get(j);
      if (!list) friends.set(j, (list = []));
      list.push({ user: fr, strength: s });
    }
  }
  for (const list of friends.values()) list.sort((x, y) => y.strength - x.strength || x.user - y.user);
  return written();
}

export function socialCandidates(s: SocialScores, k: number, accept?: Accept): SourceHit[] {
  // Only items a friend engaged have a strength: the list is theirs, not the catalogue.
  return topKOfItems(s.strength, s.friends.keys(), k, accept, 0).map((h) => ({
    ...h,
    evidence: (s.friends.get(h.item) ?? []).map((f) => f.user),
  }));
}

/** Cosine of every item's content vector with `vector` (both unit length), or null without content. */
export function contentScores(data: RankingData, vector: Float32Array | null | undefined): Float32Array | null {
  if (!vector || !data.content || vector.length !== data.content.dim) return null;
  return dotAll(data.content.items, data.content.dim, vector);
}

export function contentCandidates(scores: Float32Array | null, k: number, accept?: Accept): SourceHit[] {
  return scores ? topKOf(scores, k, accept, 0) : [];
}

/**
 * contentCandidates from a nearest-neighbour index over the content vectors (an exact scan when absent):
 * the k nearest with a positive similarity, as contentCandidates takes them from the scores.
 */
export function nearestContent(
  data: RankingData,
  vector: Float32Array | null,
  k: number,
  accept?: Accept,
  index?: NearestNeighbourIndex,
): SourceHit[] {
  return nearest(data.content, vector, k, accept, index).filter((h) => h.score > 0);
}

/** First k accepted items of a precomputed order, scored by rank (1, 1/2, 1/3 …). */
export function fromOrder(order: Int32Array, k: number, accept?: Accept): SourceHit[] {
  const out: SourceHit[] = [];
  for (let r = 0; r < order.length && out.length < k; r++) {
    const i = order[r]!;
    if (!accept || accept(i)) out.push({ item: i, score: 1 / (out.length + 1) });
  }
  return out;
}

export function popularCandidates(data: RankingData, k: number, accept?: Accept): SourceHit[] {
  return fromOrder(data.popularOrder, k, accept).map((h) => ({ ...h, score: data.itemPopularity[h.item]! }));
}

export function freshCandidates(data: RankingData, k: number, accept?: Accept): SourceHit[] {
  return fromOrder(data.freshOrder, k, accept).map((h) => ({ ...h, score: data.itemPublishedAt[h.item]! }));
}

/** Engagements per item with lastAt in [now − windowMs, now]; all zeros when times are unknown. */
export function trendingCounts(data: RankingData, now: number, windowMs: number): Float32Array {
  const counts = new Float32Array(data.numItems);
  const t = data.itemUsersLastAt;
  if (!t) return counts;
  const iu = data.itemUsers;
  const since = now - windowMs;
  for (let i = 0; i < data.numItems; i++) {
    let c = 0;
    for (let k = iu.offsets[i]!; k < iu.offsets[i + 1]!; k++) {
      const at = t[k]!;
      if (at >= since && at <= now) c++;
    }
    counts[i] = c;
  }
  return counts;
}

/**
 * How long a feed's trending list is reused: the counts are taken at the start of the minute (window
 * [t − window, t], t = now rounded down to the minute), once per snapshot and minute instead of a pass
 * over every engagement (9M at 100× LastFM) in each feed.
 */
export const TRENDING_REUSE_MS = 60_000;

const trendingLists = new WeakMap<
  RankingData,
  { windowMs: number; at: number; order: Int32Array; counts: Float32Array }
>();

/** Items with an engagement in the window as of `at`, most engaged first (ties → lower index), and the counts. */
function trendingOrder(data: RankingData, at: number, windowMs: number): { order: Int32Array; counts: Float32Array } {
  const hit = trendingLists.get(data);
  if (hit && hit.at === at && hit.windowMs === windowMs) return hit;
  const counts = trendingCounts(data, at, windowMs);
  const engaged: number[] = [];
  for (let i = 0; i < counts.length; i++) if (counts[i]! > 0) engaged.push(i);
  const order = Int32Array.from(engaged.sort((a, b) => counts[b]! - counts[a]! || a - b));
  trendingLists.set(data, { windowMs, at, order, counts });
  return { order, counts };
}

export function trendingCandidates(
  data: RankingData,
  now: number,
  windowMs: number,
  k: number,
  accept?: Accept,
): SourceHit[] {
  const at = Math.floor(now / TRENDING_REUSE_MS) * TRENDING_REUSE_MS;
  const { order, counts } = trendingOrder(data, at, windowMs);
  return fromOrder(order, k, accept).map((h) => ({ ...h, score: counts[h.item]! }));
}

export interface MergedCandidate {
  item: number;
  /** Source → its score for this item. */
  sources: Partial<Record<SourceName, number>>;
  evidence: Partial<Record<SourceName, number[]>>;
}

/** Deduplicates hits from several sources; order = first appearance (sources in the given order). */
export function mergeCandidates(lists: Partial<Record<SourceName, SourceHit[]>>): MergedCandidate[] {
  const byItem = new Map<number, MergedCandidate>();
  for (const [name, hits] of Object.entries(lists) as [SourceName, SourceHit[]][]) {
    for (const h of hits) {
      let c = byItem.get(h.item);
      if (!c) byItem.set(h.item, (c = { item: h.item, sources: {}, evidence: {} }));
      c.sources[name] = h.score;
      if (h.evidence && h.evidence.length > 0) c.evidence[name] = h.evidence;
    }
  }
  return [...byItem.values()];
}

/** Item ids of hits (for logs and explanations). */
export function hitNames(data: RankingData, hits: readonly SourceHit[]): string[] {
  return hits.map((h) => itemName(data, h.item));
}
