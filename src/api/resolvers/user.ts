/** User fields: events, engaged media and social connections, all through per-request DataLoaders. */
import type { Interaction, User } from '../../domain/entities';
import type { UserEdgeKind } from '../../domain/ports';
import type { Resolvers, UserResolvers } from '../generated/graphql';
import { pageArgs, toConnection } from '../connection';

const isInteractionKey = (k: unknown): boolean =>
  Array.isArray(k) && k.length === 2 && k.every((x) => typeof x === 'string');

/** following, followers and friends: the same arguments and connection, one edge kind each. */
function neighbours(kind: UserEdgeKind): UserResolvers['following'] {
  return async (user, args, ctx) => {
    const req = pageArgs(`user.${kind}`, args);
    const page = await ctx.loaders.userNeighbours(kind, req).load(user.id);
    return toConnection(
      `user.${kind}`,
      page,
      (u: User) => u,
      (u) => u.id,
      undefined,
      page.totalCount,
      req,
    );
  };
}

export const userResolvers: Resolvers = {
  User: {
    following: neighbours('following'),
    followers: neighbours('followers'),
    friends: neighbours('friends'),
    engagedMedia: async (user, args, ctx) => {
      const req = pageArgs('user.engagedMedia', args);
      const page = await ctx.loaders.engagedMedia(req).load(user.id);
      return toConnection(
        'user.engagedMedia',
        page,
        (it) => it.media,
        (it) => it.media.id,
        (it) => ({ engagement: it.engagement }),
        page.totalCount,
        req,
      );
    },
    interactions: async (user, args, ctx) => {
      const req = pageArgs('user.interactions', args, isInteractionKey);
      const page = await ctx.loaders.interactions(req).load(user.id);
      return toConnection(
        'user.interactions',
        page,
        (e: Interaction) => e,
        (e) => [e.at, e.eventId],
        undefined,
        page.totalCount,
        req,
      );
    },
  },
  Interaction: {
    context: (e) => ({
      device: e.device,
      location: e.location,
      localHour: e.localHour,
      weekday: e.weekday,
    }),
    user: (e, _, ctx) => ctx.loaders.user.load(e.userId),
    media: (e, _, ctx) => ctx.loaders.media.load(e.mediaId),
  },
  Engagement: {
    countsByType: (e) => e.countsByType,
  },
};
