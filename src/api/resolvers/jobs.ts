/** Job status, history and manual runs (admin only; see FIELD_ROLES in api/auth.ts). */
import type { JobRunRecord } from '../../domain/ports';
import type { JobName } from '../../jobs/run-job';
import { audited } from '../audit';
import type { RequestContext } from '../context';
import { checkFirst } from '../cursor';

const NAMES: Record<string, JobName> = {
  PAGERANK: 'pagerank',
  EMBEDDINGS: 'embeddings',
  EMBED_MEDIA: 'embed-media',
  TRAIN_RANKER: 'train-ranker',
  ALL: 'all',
};

export const jobResolvers = {
  Query: {
    jobs: (_: unknown, args: { first?: number }, ctx: RequestContext): Promise<JobRunRecord[]> =>
      ctx.services.admin.recentJobRuns(checkFirst(args.first ?? 20)),
  },
  Mutation: {
    runJob: (_: unknown, args: { job: string }, ctx: RequestContext): Promise<JobRunRecord> => {
      const scheduler = ctx.services.scheduler;
      return audited(
        ctx.services.audit,
        { action: 'runJob', keyId: ctx.principal.keyId, requestId: ctx.requestId, target: String(args.job) },
        () =>
          scheduler.trigger(NAMES[args.job] as JobName, `requested by ${ctx.principal.keyId}`) ??
          (scheduler.active as JobRunRecord),
      );
    },
  },
};
