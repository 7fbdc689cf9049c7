/** Analyst queries (graph statistics, communities, influencers, neighbourhoods, paths, taste), served by the analytics service. */
import type { AnalyticsService } from '../../analytics/analytics-service';
import type { NeighbourhoodOptions } from '../../analytics/neighbourhood';
import type { NodeType } from '../../analytics/graph-node';
import { BadInputError, printable } from '../../domain/errors';
import type { RequestContext } from '../context';
import { checkFirst, encodeCursor } from '../cursor';
import type { QueryNeighbourhoodArgs, QueryResolvers, RequireFields, Resolvers } from '../generated/graphql';

function service(ctx: RequestContext): AnalyticsService {
  return ctx.services.analytics;
}

function checkInt(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new BadInputError(field, `${field} must be between ${min} and ${max} (got ${printable(value)})`, value);
  }
  return value;
}

/** Analytics passes are CPU-bound: each runs at the caller's fair turn (api/fair-scheduler.ts). */
function atTurn<A, R>(resolve: (args: A, ctx: RequestContext) => R) {
  return async (_: unknown, args: A, ctx: RequestContext): Promise<Awaited<R>> => {
    await ctx.turn();
    return await resolve(args, ctx);
  };
}

/** The neighbourhood request from the GraphQL arguments: depth and limit checked here, once. */
function neighbourhoodRequest(
  args: RequireFields<QueryNeighbourhoodArgs, 'depth' | 'id' | 'limit'>,
): Pick<NeighbourhoodOptions, 'depth' | 'limit'> & { type: NodeType | null } {
  return {
    type: args.type ?? null,
    depth: checkInt(args.depth ?? 1, 'depth', 1, 3),
    limit: checkInt(args.limit ?? 200, 'limit', 1, 2000),
  };
}

/** Query.neighbourhood, and Query.neighborhood, its deprecated spelling (same role and cost: auth.ts, query-cost.ts). */
const neighbourhood: QueryResolvers['neighbourhood'] = atTurn((args, ctx) =>
  service(ctx).neighbourhood(args.id, neighbourhoodRequest(args)),
);

export const analyticsResolvers: Resolvers = {
  Query: {
    graphStats: atTurn((_: unknown, ctx) => service(ctx).graphStats()),
    communities: atTurn((args, ctx) => service(ctx).communities(args.graph ?? 'SOCIAL', checkFirst(args.first ?? 20))),
    topInfluencers: atTurn((args, ctx) => {
      const list = service(ctx).topInfluencers(checkFirst(args.first ?? 20));
      const edges = list.map((node) => ({ cursor: encodeCursor('influencers', node.rank), node }));
      // totalCount: every user ranked (the page holds the first ones).
      const totalCount = service(ctx).influencerCount();
      return {
        edges,
        pageInfo: {
          hasNextPage: edges.length < totalCount,
          hasPreviousPage: false,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges[edges.length - 1]?.cursor ?? null,
        },
        totalCount,
      };
    }),
    neighbourhood,
    neighborhood: neighbourhood,
    shortestPath: atTurn((args, ctx) =>
      service(ctx).shortestPath(args.fromId, args.toId, { viaFollows: args.viaFollows ?? false }),
    ),
    tasteProfile: atTurn((args, ctx) => service(ctx).tasteProfile(args.userId)),
  },
  GraphNode: {
    label: async (node, _, ctx) => {
      if (node.type === 'USER') return (await ctx.loaders.user.load(node.id))?.name ?? node.id;
      return (await ctx.loaders.media.load(node.id))?.title ?? node.id;
    },
    user: (node, _, ctx) => (node.type === 'USER' ? ctx.loaders.user.load(node.id) : null),
    media: (node, _, ctx) => (node.type === 'MEDIA' ? ctx.loaders.media.load(node.id) : null),
  },
  Influencer: {
    user: (node, _, ctx) => ctx.loaders.user.load(node.userId),
  },
  TasteProfile: {
    user: (p, _, ctx) => ctx.loaders.user.load(p.userId),
  },
};
