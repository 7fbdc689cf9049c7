/** Media fields: creator and the users engaged with an item. */
import type { Media, User } from '../../domain/entities';
import type { RequestContext } from '../context';
import { pageArgs, toConnection, type ConnectionArgs } from '../connection';

export const mediaResolvers = {
  Media: {
    creator: (m: Media, _: unknown, ctx: RequestContext) =>
      m.creatorId === null ? null : ctx.loaders.user.load(m.creatorId),
    engagedBy: async (m: Media, args: ConnectionArgs, ctx: RequestContext) => {
      const req = pageArgs('media.engagedBy', args);
      const page = await ctx.loaders.engagedBy(req).load(m.id);
      return toConnection(
        'media.engagedBy',
        page,
        (it: { user: User }) => it.user,
        (it) => it.user.id,
        (it) => ({ engagement: (it as { engagement: unknown }).engagement }),
        page.totalCount,
        req,
      );
    },
  },
};
