/**
 * "People you may know": candidates two hops away (friends-of-friends) and from a personalised
 * PageRank walk on the follow graph, plus users with similar graph embeddings; scored by
 *   s(u, v) = w_aa · AA(u, v)/max AA + w_ppr · PPR_u(v)/max PPR + w_emb · max(0, cos(e_u, e_v))
 * Adamic-Adar (Adamic & Adar 2003) = Σ_{z ∈ N(u) ∩ N(v)} 1/ln|N(z)|; personalised PageRank
 * (Haveliwala 2002) restarts at u; both from src/graph. Existing follows and u itself are excluded.
 * Each suggestion carries its mutual-friend count and the mutual friends as evidence; a reason's weight
 * is its share of the score (the reasons of a suggestion sum to 1).
 */
import { BadInputError } from '../domain/errors';
import { undirectedNeighbours, friendsOfFriends } from '../graph/neighbourhood';
import { personalizedPagerank } from '../graph/pagerank';
import { asShares, type Reason } from './explain';
import { userName, type RankingData } from './ranking-data';
import { topKOf } from './top-k';

export interface SuggestFriendsOptions {
  weights: { adamicAdar: number; pagerank: number; embedding: number };
  /** Candidates drawn from each source. */
  perSource: number;
  pagerankIterations: number;
  maxEvidence: number;
}

export const SUGGEST_FRIENDS_DEFAULTS: Readonly<SuggestFriendsOptions> = Object.freeze({
  weights: { adamicAdar: 0.5, pagerank: 0.3, embedding: 0.2 },
  perSource: 100,
  pagerankIterations: 30,
  maxEvidence: 5,
});

export interface FriendSuggestion {
  user: number;
  score: number;
  mutualFriends: number;
  reasons: Reason[];
}

export function suggestFriends(
  data: RankingData,
  user: number,
  k: number,
  options: Partial<SuggestFriendsOptions> = {},
): FriendSuggestion[] {
  const settings = {
    ...SUGGEST_FRIENDS_DEFAULTS,
    ...options,
    weights: { ...SUGGEST_FRIENDS_DEFAULTS.weights, ...options.weights },
  };
  if (!Number.isInteger(user) || user < 0 || user >= data.numUsers)
    throw new BadInputError('user', `user must be an index in [0, ${data.numUsers}) (got ${user})`, user);
  const direct = new Set(undirectedNeighbours(data.following, data.followers, user));
  const allowed = (v: number) => v !== user && !direct.has(v);
  const fof = friendsOfFriends(data.following, data.followers, user, { limit: settings.perSource });
  const aa = new Map(fof.map((c) => [c.node, c]));
  const ppr = new Map<number, number>();
  if (direct.size > 0) {
    const pr = personalizedPagerank(data.following, user, {
      maxIterations: settings.pagerankIterations,
      tolerance: 1e-6,
    });
    for (const h of topKOf(pr.scores, settings.perSource, allowed, 0)) ppr.set(h.item, h.score);
  }
  const emb = new Map<number, number>();
  const g = data.graph;
  if (g?.users) {
    const d = g.dim;
    const sims = new Float32Array(data.numUsers);
    let nu = 0;
    for (let c = 0; c < d; c++) nu += g.users[user * d + c]! ** 2;
    if (nu > 0) {
      for (let v = 0; v < data.numUsers; v++) {
        let ab = 0;
        let bb = 0;
        for (let c = 0; c < d; c++) {
          ab += g.users[user * d + c]! * g.users[v * d + c]!;
          bb += g.users[v * d + c]! ** 2;
        }
        sims[v] = bb > 0 ? ab / Math.sqrt(nu * bb) : 0;
      }
      for (const h of topKOf(sims, settings.perSource, allowed, 0)) emb.set(h.item, h.score);
    }
  }
  const maxAa = Math.max(0, ...fof.map((c) => c.adamicAdar));
  const maxPpr = Math.max(0, ...ppr.values());
  const candidates = new Set<number>([...aa.keys(), ...ppr.keys(), ...emb.keys()]);
  const mine = direct;
  const out: FriendSuggestion[] = [];
  for (const v of candidates) {
    if (!allowed(v)) continue;
    const a = aa.get(v);
    const parts = {
      adamicAdar: a && maxAa > 0 ? (settings.weights.adamicAdar * a.adamicAdar) / maxAa : 0,
      pagerank: maxPpr > 0 ? (settings.weights.pagerank * (ppr.get(v) ?? 0)) / maxPpr : 0,
      embedding: settings.weights.embedding * Math.max(0, emb.get(v) ?? 0),
    };
    const mutual = [...undirectedNeighbours(data.following, data.followers, v)]
      .filter((z) => mine.has(z))
      .sort((x, y) => x - y);
    const reasons: Reason[] = [];
    if (parts.adamicAdar > 0) {
      reasons.push({
        kind: 'social',
        label: `${mutual.length} mutual friend${mutual.length === 1 ? '' : 's'}`,
        weight: parts.adamicAdar,
        evidence: mutual.slice(0, settings.maxEvidence).map((z) => userName(data, z)),
      });
    }
    if (parts.pagerank > 0)
      reasons.push({ kind: 'graph', label: 'Close to you in the follow graph', weight: parts.pagerank, evidence: [] });
    if (parts.embedding > 0)
      reasons.push({ kind: 'graph', label: 'Similar taste', weight: parts.embedding, evidence: [] });
    reasons.sort((x, y) => y.weight - x.weight);
    // Each reason's weight: its share of the score (the parts sum to the score).
    out.push({
      user: v,
      score: parts.adamicAdar + parts.pagerank + parts.embedding,
      mutualFriends: mutual.length,
      reasons: asShares(reasons),
    });
  }
  out.sort((x, y) => y.score - x.score || y.mutualFriends - x.mutualFriends || x.user - y.user);
  return out.slice(0, k);
}
