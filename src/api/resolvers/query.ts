/** Root queries for entities and catalogue pages. */
import type { Media, MediaKind, User } from '../../domain/entities';
import { validateId, normaliseTag } from '../../domain/validation';
import type { RequestContext } from '../context';
import { pageArgs, toConnection, type ConnectionArgs } from '../connection';

export const queryResolvers = {
  Query: {
    user: (_: unknown, args: { id: string }, ctx: RequestContext) => ctx.loaders.user.load(validateId('id', args.id)),
    media: (_: unknown, args: { id: string }, ctx: RequestContext) => ctx.loaders.media.load(validateId('id', args.id)),
    users: async (_: unknown, args: ConnectionArgs, ctx: RequestContext) => {
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
    mediaItems: async (
      _: unknown,
      args: ConnectionArgs & { kind?: MediaKind | null; tag?: string | null },
      ctx: RequestContext,
    ) => {
      const req = pageArgs('media', args);
      const filter = {
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
