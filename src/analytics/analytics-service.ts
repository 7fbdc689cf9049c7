/**
 * Analyst queries over the serving snapshot. Whole-graph results (statistics, user PageRank, the
 * graphology projections and their Louvain partitions) are computed lazily on first use and cached
 * per snapshot version; the cache is dropped when the serving state swaps in a new snapshot (after
 * jobs re-run PageRank and embeddings, or new data arrives), so results are never older than the
 * snapshot the feeds are served from. Per-node queries (neighbourhoods, paths, taste) read the
 * snapshot directly. The only I/O is the injected `hours` lookup of the taste profile.
 */
import type { RankingData } from '../ranking/ranking-data';
import { NotFoundError } from '../domain/errors';
import { detectCommunities, type CommunityGraph, type CommunityOptions, type CommunityReport } from './communities';
import { graphStats, type GraphStats } from './graph-stats';
import { coEngagementGraph, socialGraph, type ProjectionOptions } from './graphology-graphs';
import {
  resolveNode,
  toGraphNode,
  type GraphEdge,
  type GraphNode,
  type NodeDecoration,
  type NodeRef,
  type NodeType,
} from './graph-node';
import { topInfluencers, userPagerank, type Influencer, type InfluenceOptions } from './influence';
import {
  neighbourhood,
  checkNeighbourhoodOptions,
  type Neighbourhood,
  type NeighbourhoodOptions,
} from './neighbourhood';
import { shortestPath, type Path } from './shortest-path';
import { tasteProfile, type TasteOptions, type TasteProfile } from './taste-profile';

/** What the service reads: ServingState satisfies it. */
export interface SnapshotSource {
  readonly snapshot: {
    version: number;
    data: RankingData;
    userIndex: ReadonlyMap<string, number>;
    itemIndex: ReadonlyMap<string, number>;
  };
  onSwap?(listener: () => void): void;
}

export interface AnalyticsServiceOptions {
  state: SnapshotSource;
  /** Events of a user per local hour (24 slots), e.g. from cypher analytics/user-activity-hours. */
  hours: (userId: string) => Promise<number[]>;
  /** Whether a user exists that the snapshot does not have yet (taste profile of a brand-new user). */
  userExists?: (userId: string) => Promise<boolean>;
  /** Users erased since the snapshot was loaded: hidden from every answer at once, not at the next reload. */
  isErased?: (userId: string) => boolean;
  communities?: Partial<CommunityOptions>;
  projection?: Partial<ProjectionOptions>;
  influence?: Partial<InfluenceOptions>;
  taste?: Partial<TasteOptions>;
}

export interface VersionedStats extends GraphStats {
  snapshotVersion: number;
}

export interface CommunityPage {
  graph: CommunityGraph;
  snapshotVersion: number;
  modularity: number;
  /** All communities found (the page holds the `first` largest). */
  count: number;
  communities: {
    id: number;
    size: number;
    topMembers: GraphNode[];
    topTags: CommunityReport['communities'][number]['topTags'];
  }[];
}

export interface RankedInfluencer extends Influencer {
  community: number | null;
}

interface VersionCache {
  version: number;
  stats?: GraphStats;
  userRank?: Float64Array;
  reports: Partial<Record<CommunityGraph, CommunityReport>>;
}

export class AnalyticsService {
  private cache: VersionCache | null = null;

  constructor(private readonly options: AnalyticsServiceOptions) {
    options.state.onSwap?.(() => this.invalidate());
  }

  /** Drops every cached whole-graph result (snapshot swap, user erasure). */
  invalidate(): void {
    this.cache = null;
  }

  /** Version of the snapshot whose results are cached, or null. */
  get cachedVersion(): number | null {
    return this.cache?.version ?? null;
  }

  graphStats(): VersionedStats {
    const c = this.current();
    c.stats ??= graphStats(this.data);
    return { ...c.stats, snapshotVersion: c.version };
  }

  topInfluencers(first: number): RankedInfluencer[] {
    const social = this.report('SOCIAL');
    const erased = this.options.isErased;
    const ranked = topInfluencers(this.data, this.userRank(), first + (erased ? 10 : 0)).filter(
      (i) => !erased?.(i.userId),
    );
    return ranked.slice(0, first).map((i) => ({ ...i, community: nonNegative(social.membership[i.user]) }));
  }

  /** Users ranked by topInfluencers in all (every user of the snapshot, less those erased since). */
  influencerCount(): number {
    const erased = this.options.isErased;
    const ids = this.data.userIds;
    if (!erased || !ids) return this.data.numUsers;
    let n = 0;
    for (const id of ids) if (!erased(id)) n++;
    return n;
  }

  communities(kind: CommunityGraph, first: number): CommunityPage {
    const report = this.report(kind);
    // Members need only their own graph's partition; the other one is not computed for this.
    const deco: NodeDecoration = {
      userRank: this.userRank(),
      itemRank: this.data.itemPopularity,
      [kind === 'SOCIAL' ? 'userCommunity' : 'itemCommunity']: report.membership,
    };
    const type: NodeType = kind === 'SOCIAL' ? 'USER' : 'MEDIA';
    return {
      graph: kind,
      snapshotVersion: this.current().version,
      modularity: report.modularity,
      count: report.communities.length,
      communities: report.communities.slice(0, first).map((c) => ({
        id: c.id,
        size: c.size,
        topMembers: c.topMembers
          .map((index) => toGraphNode(this.data, { type, index }, deco))
          .filter((n) => !this.hidden(n)),
        topTags: c.topTags,
      })),
    };
  }

  neighbourhood(id: string, options: Partial<NeighbourhoodOptions> & { type?: NodeType | null } = {}): Neighbourhood {
    const { type, ...rest } = options;
    const settings = checkNeighbourhoodOptions(rest);
    const start = this.resolve(id, type);
    return this.withoutErased(neighbourhood(this.data, start, this.decoration(), settings));
  }

  shortestPath(
    fromId: string,
    toId: string,
    options: { viaFollows?: boolean; fromType?: NodeType | null; toType?: NodeType | null } = {},
  ): Path | null {
    const from = this.resolve(fromId, options.fromType, 'fromId');
    const to = this.resolve(toId, options.toType, 'toId');
    const path = shortestPath(this.data, from, to, this.decoration(), { viaFollows: options.viaFollows ?? false });
    return path && path.nodes.some((n) => this.hidden(n)) ? null : path;
  }

  async tasteProfile(userId: string): Promise<TasteProfile> {
    if (this.options.isErased?.(userId)) throw new NotFoundError('User', userId);
    const snap = this.snap;
    const user = snap.userIndex.get(userId) ?? null;
    if (user === null && !(await this.options.userExists?.(userId))) throw new NotFoundError('User', userId);
    const hours = await this.options.hours(userId);
    // The snapshot may have been swapped while the hours were read: use the one the index came from.
    return tasteProfile(snap.data, userId, user, hours, this.options.taste);
  }

  private resolve(id: string, type: NodeType | null | undefined, field = 'id'): NodeRef {
    const ref = resolveNode(this.snap, id, type, field);
    if (ref.type === 'USER' && this.options.isErased?.(id)) throw new NotFoundError('User', id);
    return ref;
  }

  private hidden(node: { id: string; type: NodeType }): boolean {
    return node.type === 'USER' && (this.options.isErased?.(node.id) ?? false);
  }

  /** Drops erased users and their edges (FOLLOWS both ways; ENGAGED starts at the user). */
  private withoutErased(g: Neighbourhood): Neighbourhood {
    const gone = new Set(g.nodes.filter((n) => this.hidden(n)).map((n) => n.id));
    if (gone.size === 0) return g;
    const touches = (e: GraphEdge): boolean => gone.has(e.source) || (e.type === 'FOLLOWS' && gone.has(e.target));
    return {
      ...g,
      nodes: g.nodes.filter((n) => !(n.type === 'USER' && gone.has(n.id))),
      edges: g.edges.filter((e) => !touches(e)),
    };
  }

  private get snap(): SnapshotSource['snapshot'] {
    return this.options.state.snapshot;
  }

  private get data(): RankingData {
    return this.snap.data;
  }

  private current(): VersionCache {
    const version = this.snap.version;
    if (!this.cache || this.cache.version !== version) this.cache = { version, reports: {} };
    return this.cache;
  }

  private userRank(): Float64Array {
    const c = this.current();
    c.userRank ??= userPagerank(this.data, this.options.influence);
    return c.userRank;
  }

  private report(kind: CommunityGraph): CommunityReport {
    const c = this.current();
    let r = c.reports[kind];
    if (!r) {
      const data = this.data;
      const graph = kind === 'SOCIAL' ? socialGraph(data) : coEngagementGraph(data, this.options.projection);
      r = detectCommunities(
        data,
        kind,
        graph,
        kind === 'SOCIAL' ? this.userRank() : data.itemPopularity,
        this.options.communities,
      );
      c.reports[kind] = r;
    }
    return r;
  }

  private decoration(): NodeDecoration {
    return {
      userRank: this.userRank(),
      itemRank: this.data.itemPopularity,
      userCommunity: this.report('SOCIAL').membership,
      itemCommunity: this.report('CO_ENGAGEMENT').membership,
    };
  }
}

function nonNegative(v: number | undefined): number | null {
  return v === undefined || v < 0 ? null : v;
}
