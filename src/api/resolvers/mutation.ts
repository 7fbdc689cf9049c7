/** Writes go through the ingest service, which validates the whole batch before writing any of it. */
import { audited } from '../audit';
import type { RequestContext } from '../context';

export const mutationResolvers = {
  Mutation: {
    upsertUsers: (_: unknown, args: { input: unknown }, ctx: RequestContext) =>
      ctx.services.ingest.upsertUsers(args.input),
    upsertMedia: (_: unknown, args: { input: unknown }, ctx: RequestContext) =>
      ctx.services.ingest.upsertMedia(args.input),
    recordInteractions: (_: unknown, args: { input: unknown }, ctx: RequestContext) =>
      ctx.services.ingest.recordInteractions(args.input),
    follow: (_: unknown, args: { followerId: string; followeeId: string }, ctx: RequestContext) =>
      ctx.services.ingest.follow(args.followerId, args.followeeId),
    unfollow: (_: unknown, args: { followerId: string; followeeId: string }, ctx: RequestContext) =>
      ctx.services.ingest.unfollow(args.followerId, args.followeeId),
    deleteUser: (_: unknown, args: { id: string }, ctx: RequestContext) =>
      audited(
        ctx.services.audit,
        {
          action: 'deleteUser',
          keyId: ctx.principal.keyId,
          requestId: ctx.requestId,
          target: String(args.id).slice(0, 128),
        },
        () => ctx.services.ingest.deleteUser(args.id),
      ),
  },
};
