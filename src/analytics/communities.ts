/**
 * Community detection by Louvain modularity optimisation (Blondel, Guillaume, Lambiotte, Lefebvre
 * 2008, "Fast unfolding of communities in large networks"), via graphology-communities-louvain with a
 * seeded rng so a snapshot always yields the same partition. Modularity of the partition:
 *   Q = 1/(2m) · Σ_ij [A_ij − γ · k_i k_j / (2m)] · δ(c_i, c_j)
 *
 * SOCIAL runs on the undirected follow graph over users; CO_ENGAGEMENT on the item-kNN media graph
 * (graphology-graphs.ts). Communities are renumbered by size (largest = 0), members ranked by PageRank,
 * and described by their top tags: SOCIAL from the media the members engaged with (log-damped
 * weights), CO_ENGAGEMENT from the members' own tags and keywords.
 */
import type Graph from 'graphology';
import louvain from 'graphology-communities-louvain';
import { createRng } from '../models/random';
import type { RankingData } from '../ranking/ranking-data';
import { topTerms, type TagWeight } from './tags';

export type CommunityGraph = 'SOCIAL' | 'CO_ENGAGEMENT';

export interface CommunityOptions {
  seed: number;
  /** γ in Q; > 1 favours smaller communities. */
  resolution: number;
  topMembers: number;
  topTags: number;
}

export const COMMUNITY_DEFAULTS: Readonly<CommunityOptions> = Object.freeze({
  seed: 42,
  resolution: 1,
  topMembers: 10,
  topTags: 5,
});

export interface Community {
  /** 0 = largest. */
  id: number;
  size: number;
  /** User indices (SOCIAL) or item indices (CO_ENGAGEMENT), highest PageRank first. */
  topMembers: number[];
  topTags: TagWeight[];
}

export interface CommunityReport {
  graph: CommunityGraph;
  modularity: number;
  /** Community per user (SOCIAL) or item (CO_ENGAGEMENT); −1 = isolated, in none. */
  membership: Int32Array;
  communities: Community[];
}

/**
 * Louvain on `graph` (nodes keyed by dense index), described with `rank` (PageRank per node index) and
 * the snapshot's item terms.
 */
export function detectCommunities(
  data: RankingData,
  kind: CommunityGraph,
  graph: Graph,
  rank: ArrayLike<number>,
  options: Partial<CommunityOptions> = {},
): CommunityReport {
  const settings = { ...COMMUNITY_DEFAULTS, ...options };
  const n = kind === 'SOCIAL' ? data.numUsers : data.numItems;
  const membership = new Int32Array(n).fill(-1);
  if (graph.size === 0) return { graph: kind, modularity: 0, membership, communities: [] };
  const rng = createRng(settings.seed);
  const result = louvain.detailed(graph, { rng: rng.next, resolution: settings.resolution, getEdgeWeight: 'weight' });
  const raw = new Map<number, number[]>();
  for (const [key, c] of Object.entries(result.communities)) {
    const members = raw.get(c) ?? [];
    members.push(Number(key));
    raw.set(c, members);
  }
  const groups = [...raw.values()]
    .map((m) => m.sort((a, b) => a - b))
    .sort((a, b) => b.length - a.length || a[0]! - b[0]!);
  const communities = groups.map((members, id) => {
    for (const v of members) membership[v] = id;
    return {
      id,
      size: members.length,
      topMembers: [...members].sort((a, b) => rank[b]! - rank[a]! || a - b).slice(0, settings.topMembers),
      topTags: topTerms(
        kind === 'SOCIAL' ? userTermWeights(data, members) : itemTermWeights(data, members),
        settings.topTags,
      ),
    };
  });
  return { graph: kind, modularity: result.modularity, membership, communities };
}

/** Terms of the media the users engaged with, each engagement counting log(1 + weight). */
export function userTermWeights(data: RankingData, users: Iterable<number>): Map<string, number> {
  const out = new Map<string, number>();
  const terms = data.itemTerms;
  if (!terms) return out;
  const ui = data.userItems;
  for (const u of users) {
    for (let k = ui.offsets[u]!; k < ui.offsets[u + 1]!; k++) {
      const w = Math.log1p(Math.max(0, ui.weights[k]!));
      if (w === 0) continue;
      for (const t of terms[ui.targets[k]!] ?? []) out.set(t, (out.get(t) ?? 0) + w);
    }
  }
  return out;
}

/** Terms of the items themselves, one count per item. */
export function itemTermWeights(data: RankingData, items: Iterable<number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const i of items) for (const t of data.itemTerms?.[i] ?? []) out.set(t, (out.get(t) ?? 0) + 1);
  return out;
}
