/** Root queries for entities and catalogue pages. */
import type { Media, User } from '../../domain/entities';
import type { MediaFilter } from '../../domain/ports';
import { validateId, normaliseTag } from '../../domain/validation';
import type { Resolvers } from '../generated/graphql';
import { pageArgs, toConnection } from '../connection';

export const queryResolvers: Resolvers = {
  Query: {
    user: (_, args, ctx) => ctx.loaders.user.load(validateId('id', args.id)),
    media: (_, args, ctx) => ctx.loaders.media.load(validateId('id', args.id)),
    users: async (_, args, ctx) => {
      const req = pageArgs('users', args);
      const page = await ctx.services.users.page(req);
      return toConnection(
        'users',
        page,
        (u: User) => u,
        (u) => u.id,
        undefined,
        () => ctx.services.users.count(),
        req,
      );
    },
    mediaItems: async (_, args, ctx) => {
      const req = pageArgs('media', args);
      const filter: MediaFilter = {
        kind: args.kind ?? null,
        tag: args.tag === undefined || args.tag === null ? null : normaliseTag('tag', args.tag),
      };
      const page = await ctx.services.media.page(filter, req);
      return toConnection(
        'media',
        page,
        (m: Media) => m,
        (m) => m.id,
        undefined,
        () => ctx.services.media.count(filter),
        req,
      );
    },
  },
};
