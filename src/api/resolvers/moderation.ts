/** Media takedown and restore (admin, audited) and impressions (what users were shown). */
import type { ModerationService } from '../../ingest/moderation-service';
import { audited } from '../audit';
import type { RequestContext } from '../context';

function moderation(ctx: RequestContext): ModerationService {
  return ctx.services.moderation;
}

export const moderationResolvers = {
  Mutation: {
    takedownMedia: async (
      _: unknown,
      args: { id: string; reason: string; mode?: string | null },
      ctx: RequestContext,
    ) => {
      const event = {
        action: 'takedownMedia' as const,
        keyId: ctx.principal.keyId,
        requestId: ctx.requestId,
        target: String(args.id).slice(0, 128),
      };
      const result = await audited(ctx.services.audit, event, () =>
        moderation(ctx).takedown(args.id, args.reason, args.mode ?? 'HIDE', ctx.principal.keyId),
      );
      return { mediaId: result.id, mode: result.mode, reason: result.reason, at: result.at, changed: result.changed };
    },
    restoreMedia: (_: unknown, args: { id: string }, ctx: RequestContext) =>
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
    recordImpressions: (_: unknown, args: { input: unknown }, ctx: RequestContext) =>
      ctx.services.impressions.record(args.input),
  },
};
