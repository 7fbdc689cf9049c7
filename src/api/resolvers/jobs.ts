/** Job status, history and manual runs (admin only; see FIELD_ROLES in api/auth.ts). */
import type { JobRunRecord } from '../../domain/ports';
import type { JobName } from '../../jobs/run-job';
import { audited } from '../audit';
import { checkFirst } from '../cursor';
import type { JobName as GqlJobName, Resolvers } from '../generated/graphql';

const NAMES: Readonly<Record<GqlJobName, JobName>> = {
  PAGERANK: 'pagerank',
  EMBEDDINGS: 'embeddings',
  EMBED_MEDIA: 'embed-media',
  TRAIN_RANKER: 'train-ranker',
  ALL: 'all',
};

export const jobResolvers: Resolvers = {
  Query: {
    jobs: (_, args, ctx) => ctx.services.admin.recentJobRuns(checkFirst(args.first ?? 20)),
  },
  Mutation: {
    runJob: (_, args, ctx) => {
      const scheduler = ctx.services.scheduler;
      return audited(
        ctx.services.audit,
        { action: 'runJob', keyId: ctx.principal.keyId, requestId: ctx.requestId, target: String(args.job) },
        () =>
          scheduler.trigger(NAMES[args.job], `requested by ${ctx.principal.keyId}`) ??
          (scheduler.active as JobRunRecord),
      );
    },
  },
};
