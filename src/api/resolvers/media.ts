/** Media fields: creator and the users engaged with an item. */
import type { Resolvers } from '../generated/graphql';
import { pageArgs, toConnection } from '../connection';

export const mediaResolvers: Resolvers = {
  Media: {
    creator: (m, _, ctx) => (m.creatorId === null ? null : ctx.loaders.user.load(m.creatorId)),
    engagedBy: async (m, args, ctx) => {
      const req = pageArgs('media.engagedBy', args);
      const page = await ctx.loaders.engagedBy(req).load(m.id);
      return toConnection(
        'media.engagedBy',
        page,
        (it) => it.user,
        (it) => it.user.id,
        (it) => ({ engagement: it.engagement }),
        page.totalCount,
        req,
      );
    },
  },
};
