/** Feeds, friend suggestions, similar media and trending, served by the recommend service. */
import type { Reason as RankedReason } from '../../ranking/explain';
import type { RecommendArgs, RecommendService, ScoredMedia } from '../../recommend/recommend-service';
import type { RequestContext } from '../context';
import type { QueryRecommendMediaArgs, Reason, ReasonKind, RequireFields, Resolvers } from '../generated/graphql';
import { cachedOrLoad } from '../loaders';
import { checkFirst, decodeCursor, encodeCursor } from '../cursor';
import type { ConnectionParent, EdgeParent, FriendSuggestionParent, RecommendationParent } from '../resolver-parents';

const REASON_KINDS: Readonly<Record<string, ReasonKind>> = {
  graph: 'GRAPH',
  content: 'CONTENT',
  query: 'QUERY',
  coEngagement: 'CO_ENGAGEMENT',
  social: 'SOCIAL',
  popular: 'POPULAR',
  trending: 'TRENDING',
  fresh: 'FRESH',
  context: 'CONTEXT',
  kind: 'KIND_PREFERENCE',
  mutualFriends: 'MUTUAL_FRIENDS',
  adamicAdar: 'MUTUAL_FRIENDS',
  pagerank: 'PERSONALIZED_PAGERANK',
  embedding: 'SIMILAR_TASTE',
};

/** GraphQL-shaped reasons, built once per ranked list (cached feeds are served many times). */
const shaped = new WeakMap<RankedReason[], Reason[]>();

function reasons(list: RankedReason[]): Reason[] {
  let out = shaped.get(list);
  if (!out) {
    out = list.map((r) => ({
      ...r,
      kind: REASON_KINDS[r.kind] ?? 'GRAPH',
      weight: Number.isFinite(r.weight) ? r.weight : 0,
    }));
    shaped.set(list, out);
  }
  return out;
}

function service(ctx: RequestContext): RecommendService {
  return ctx.services.recommend;
}

const isFeedKey = (k: unknown): boolean =>
  Array.isArray(k) && k.length === 2 && typeof k[0] === 'string' && Number.isInteger(k[1]) && (k[1] as number) >= 0;

/**
 * A ranked list of nodes as a Relay connection. Cursors are functions (the default field resolver calls
 * them), so they are encoded only when a client selects them.
 */
function rankedConnection<N>(
  nodes: N[],
  cursorOf: (i: number) => string,
  hasNextPage: boolean,
  total: number,
  hasPreviousPage = false,
): ConnectionParent<EdgeParent<N>> {
  const edges = nodes.map((node, i) => ({ cursor: () => cursorOf(i), node }));
  const last = nodes.length - 1;
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      startCursor: () => (last >= 0 ? cursorOf(0) : null),
      endCursor: () => (last >= 0 ? cursorOf(last) : null),
    },
    totalCount: total,
  };
}

/**
 * Ranked media; cached media directly, the rest through the per-request DataLoader (one round trip).
 * The entity is a thunk the default field resolver calls only when the client selects it: a load
 * started for an unselected field would be a promise nobody awaits, and its rejection (Neo4j down)
 * would be unhandled.
 */
function connection(
  items: ScoredMedia[],
  ctx: RequestContext,
  cursorOf: (i: number) => string,
  hasNextPage: boolean,
  total: number,
  hasPreviousPage = false,
) {
  const cache = ctx.services.mediaCache;
  const nodes = items.map((it): RecommendationParent => ({
    media: () => cachedOrLoad(cache, ctx.loaders.media, it.mediaId),
    score: it.score,
    reasons: reasons(it.reasons),
  }));
  return rankedConnection(nodes, cursorOf, hasNextPage, total, hasPreviousPage);
}

/**
 * The feed request from the GraphQL arguments, converted here once: page size checked, the cursor
 * decoded to the feed and position it names; filter, context, query and diversity go to the service,
 * which validates them (and keys its feed cache on them) as every caller's.
 */
function feedRequest(
  args: RequireFields<QueryRecommendMediaArgs, 'first' | 'userId'>,
  ctx: RequestContext,
): RecommendArgs {
  const first = checkFirst(args.first ?? 20);
  const after = decodeCursor('feed', args.after, isFeedKey) as [string, number] | null;
  return {
    userId: args.userId,
    first,
    feed: after ? { feedId: after[0], offset: after[1] + 1 } : null,
    filter: args.filter ?? null,
    context: args.context ?? null,
    query: args.query,
    diversity: args.diversity,
    turn: ctx.turn,
  };
}

export const recommendResolvers: Resolvers = {
  Query: {
    recommendMedia: async (_, args, ctx) => {
      const request = feedRequest(args, ctx);
      ctx.dependsOn?.(`user:${String(args.userId)}`);
      const page = await service(ctx).recommendMedia(request);
      return connection(
        page.items,
        ctx,
        (i) => encodeCursor('feed', [page.feedId, page.offset + i]),
        page.hasNextPage,
        page.total,
        page.offset > 0,
      );
    },
    similarMedia: async (_, args, ctx) => {
      const first = checkFirst(args.first ?? 20);
      ctx.dependsOn?.('snapshot');
      await ctx.turn();
      const items = await service(ctx).similarMedia(args.mediaId, first);
      return connection(items, ctx, (i) => encodeCursor('similar', [String(args.mediaId), i]), false, items.length);
    },
    trending: async (_, args, ctx) => {
      const first = checkFirst(args.first ?? 20);
      await ctx.turn();
      const items = service(ctx).trending(args.kind, args.window ?? 'P7D', first);
      return connection(items, ctx, (i) => encodeCursor('trending', [String(args.window), i]), false, items.length);
    },
    suggestFriends: async (_, args, ctx) => {
      const first = checkFirst(args.first ?? 20);
      ctx.dependsOn?.(`user:${String(args.userId)}`);
      await ctx.turn();
      const items = await service(ctx).suggestFriends(args.userId, first);
      const cache = ctx.services.userCache;
      const nodes = items.map((s): FriendSuggestionParent => ({
        user: () => cachedOrLoad(cache, ctx.loaders.user, s.userId),
        score: s.score,
        mutualFriends: s.mutualFriends,
        reasons: reasons(s.reasons),
      }));
      return rankedConnection(nodes, (i) => encodeCursor('friends', [String(args.userId), i]), false, nodes.length);
    },
  },
};
