/** Media takedown and restore (admin, audited) and impressions (what users were shown). */
import type { ModerationService } from '../../ingest/moderation-service';
import { audited } from '../audit';
import type { RequestContext } from '../context';
import type { Resolvers } from '../generated/graphql';

function moderation(ctx: RequestContext): ModerationService {
  return ctx.services.moderation;
}

export const moderationResolvers: Resolvers = {
  Mutation: {
    takedownMedia: async (_, args, ctx) => {
      const event = {
        action: 'takedownMedia' as const,
        keyId: ctx.principal.keyId,
        requestId: ctx.requestId,
        target: String(args.id).slice(0, 128),
      };
      // `mode: null` sent explicitly arrives as null (GraphQL applies the default only to an absent argument).
      const result = await audited(ctx.services.audit, event, () =>
        moderation(ctx).takedown(args.id, args.reason, args.mode ?? 'HIDE', ctx.principal.keyId),
      );
      return { mediaId: result.id, mode: result.mode, reason: result.reason, at: result.at, changed: result.changed };
    },
    restoreMedia: (_, args, ctx) =>
      audited(
        ctx.services.audit,
        {
          action: 'restoreMedia',
          keyId: ctx.principal.keyId,
          requestId: ctx.requestId,
          target: String(args.id).slice(0, 128),
        },
        () => moderation(ctx).restore(args.id),
      ),
    recordImpressions: (_, args, ctx) => ctx.services.impressions.record(args.input),
  },
};
