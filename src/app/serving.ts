/**
 * The serving builder of the composition root: the text encoder and tfjs backend, the write services,
 * the serving state with the recommend service (recommend/start-serving.ts), background embedding of
 * new media, analytics, and the offline jobs (scheduler, snapshot refresh, job-version polling).
 */
import { AnalyticsService } from '../analytics/analytics-service';
import { hourHistogram } from '../analytics/taste-profile';
import type { Config } from '../config/config';
import { encoderOptions } from '../config/encoder-options';
import { ImpressionService } from '../ingest/impression-service';
import { IngestService } from '../ingest/ingest-service';
import { ModerationService } from '../ingest/moderation-service';
import { embedMediaByIds } from '../jobs/embed-media-job';
import { JobScheduler } from '../jobs/scheduler';
import type { Logger } from '../logging/logger';
import { initBackend } from '../models/backend';
import type { ServiceMetrics } from '../observability/service-metrics';
import { JobWatch } from '../recommend/job-watch';
import { ReplicaSync } from '../recommend/replica-sync';
import type { RecommendService } from '../recommend/recommend-service';
import type { ServingState } from '../recommend/serving-state';
import { startServing } from '../recommend/start-serving';
import { createEncoder } from '../text/create-encoder';
import { EmbedQueue } from '../text/embed-queue';
import type { TextEncoder } from '../text/encoder';
import { weighCommentBySentiment } from '../text/sentiment';
import type { Database } from './database';
import { runJobOffThread } from './job-thread';

export interface Serving {
  encoder: TextEncoder;
  /** The tfjs backend in use, or null when none could start. */
  tfjsBackend: string | null;
  ingest: IngestService;
  moderation: ModerationService;
  impressions: ImpressionService;
  state: ServingState;
  recommend: RecommendService;
  analytics: AnalyticsService;
  scheduler: JobScheduler;
  jobWatch: JobWatch;
  /** Background embedding of upserted media (EMBED_ON_UPSERT); null when off. */
  embedQueue: EmbedQueue | null;
  /** Publishes this replica's writes and replays the others' (REPLICA_POLL_MS); null when off. */
  replicas: ReplicaSync | null;
  /** Stops the timers, the scheduler, the embed queue and the serving state. */
  stop(): Promise<void>;
}

export async function buildServing(
  config: Config,
  logger: Logger,
  db: Database,
  metrics: ServiceMetrics,
): Promise<Serving> {
  const { stores } = db;
  const encoder = await createEncoder({ ...encoderOptions(config.embedding), log: logger }); // transformer by default; fetches or falls back
  metrics.textEncoder.set(1, { model: encoder.modelId });
  const tfjs = await initBackend({ preferred: config.tfjsBackend, log: (l) => logger.info(l) }).catch(
    (error: Error) => {
      logger.warn('no tfjs backend', { error: error.message });
      return null;
    },
  );
  if (tfjs) metrics.tfjsBackend.set(1, { backend: tfjs.name });
  const ingest = new IngestService({
    ...stores,
    maxBatchSize: config.maxBatchSize,
    commentWeigher: weighCommentBySentiment,
  });
  const moderation = new ModerationService(stores.moderation, stores.uow);
  const impressions = new ImpressionService({ ...stores, maxBatchSize: config.maxBatchSize });
  // Other replicas' writes are replayed from before the first snapshot load on, so none falls between;
  // the read point is marked in the log from then on, so the prune keeps them however long the load takes.
  let reload: (now?: boolean) => void = () => undefined; // the serving state's, once it exists
  const replicas =
    config.replicaPollMs > 0
      ? new ReplicaSync({
          changes: stores.changes,
          ingest,
          moderation,
          impressions,
          logger,
          from: await stores.changes.now(),
          onVectorsStored: () => reload(),
          onGap: () => reload(true),
          pollMs: config.replicaPollMs,
        })
      : null;
  await replicas?.keepCursor();
  const { state, recommend } = await startServing({
    stores,
    ingest,
    encoder,
    logger,
    minReloadIntervalMs: config.snapshotMinIntervalMs,
    vectorIndexMinItems: config.vectorIndexMinItems,
    prewarm: config.feedPrewarm,
    onSwap: (snap) => metrics.markSnapshot(snap.version, snap.loadedAt),
    moderation,
    impressions,
    impressionRule: config.impressions,
  });
  // New or changed media text is embedded in the background; the reload then makes it findable.
  const embedQueue = config.embedOnUpsert
    ? new EmbedQueue({
        process: (ids) => embedMediaByIds(stores.content, encoder, ids),
        onStored: () => {
          state.scheduleReload();
          replicas?.vectorsStored();
        },
        logger,
      })
    : null;
  // The replica that took an upload embeds it; the others reload once its vectors are stored.
  if (embedQueue)
    ingest.on({ mediaUpserted: (rows) => embedQueue.enqueue(rows.map((r) => r.id)) }, { localOnly: true });
  reload = (now) => state.scheduleReload(now);
  replicas?.connect();
  replicas?.start();
  if (replicas) metrics.replicaChanges.watch(() => replicas.stats);
  const analytics = new AnalyticsService({
    state,
    hours: async (id) => hourHistogram(await stores.users.activityByHour(id)),
    userExists: async (id) => (await stores.users.missingIds([id])).length === 0,
    isErased: (id) => state.isErased(id),
  });
  ingest.on({ userDeleted: () => analytics.invalidate() });
  // Jobs run on a thread of their own (job-thread.ts); the service's stop ends a running one.
  const jobsStopped = new AbortController();
  const scheduler = new JobScheduler({
    logger,
    jobs: ['pagerank', 'embeddings', 'embed-media', 'train-ranker'],
    intervalSec: config.jobs.intervalSec,
    afterInteractions: config.jobs.afterInteractions,
    run: (job, log) =>
      runJobOffThread(
        job,
        config,
        { uri: db.uri, password: db.password },
        {
          log,
          signal: jobsStopped.signal,
          ...(config.jobs.epochs ? { epochs: config.jobs.epochs } : {}),
        },
      ),
    record: (run) => stores.admin.recordJobRun(run),
    afterRun: () => state.scheduleReload(),
    onFinished: (run) => {
      metrics.jobRuns.inc({ job: run.job, status: run.status });
      metrics.jobDuration.observe(run.seconds ?? 0, { job: run.job, status: run.status });
    },
  });
  ingest.on({ interactionsRecorded: (rows) => scheduler.interactionsRecorded(rows.length) }, { localOnly: true });
  scheduler.start();
  const refresh =
    config.snapshotRefreshSec > 0 ? setInterval(() => state.refresh(), config.snapshotRefreshSec * 1000) : null;
  refresh?.unref();
  // Job results written by the CLI or another replica reach the feeds within JOB_POLL_SEC.
  const jobWatch = new JobWatch({
    versions: () => stores.admin.jobVersions(),
    onChange: () => state.scheduleReload(),
    intervalMs: config.jobPollSec * 1000,
    logger,
  });
  jobWatch.start();
  return {
    encoder,
    tfjsBackend: tfjs?.name ?? null,
    ingest,
    moderation,
    impressions,
    state,
    recommend,
    analytics,
    scheduler,
    jobWatch,
    embedQueue,
    replicas,
    stop: async () => {
      if (refresh) clearInterval(refresh);
      jobWatch.stop();
      scheduler.stop();
      jobsStopped.abort(); // a running job's thread ends and its run is recorded as failed
      await scheduler.idle();
      await embedQueue?.stop();
      await replicas?.stop();
      state.stop();
    },
  };
}
