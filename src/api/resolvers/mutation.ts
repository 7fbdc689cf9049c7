/** Writes go through the ingest service, which validates the whole batch before writing any of it. */
import { audited } from '../audit';
import type { Resolvers } from '../generated/graphql';

export const mutationResolvers: Resolvers = {
  Mutation: {
    upsertUsers: (_, args, ctx) => ctx.services.ingest.upsertUsers(args.input),
    upsertMedia: (_, args, ctx) => ctx.services.ingest.upsertMedia(args.input),
    recordInteractions: (_, args, ctx) => ctx.services.ingest.recordInteractions(args.input),
    follow: (_, args, ctx) => ctx.services.ingest.follow(args.followerId, args.followeeId),
    unfollow: (_, args, ctx) => ctx.services.ingest.unfollow(args.followerId, args.followeeId),
    deleteUser: (_, args, ctx) =>
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
