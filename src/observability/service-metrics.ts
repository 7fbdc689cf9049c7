/**
 * The service's metrics: GraphQL latency per operation, result cache, Neo4j query time, jobs, tfjs
 * backend and text encoder; process metrics (CPU, memory, heap, event-loop lag, GC) come from
 * prom-client's defaults under their standard names (metrics.ts).
 */
import { Registry } from './metrics';

export function createServiceMetrics() {
  const registry = new Registry();
  let snapshotLoadedAt = NaN;
  const metrics = {
    registry,
    graphqlDuration: registry.histogram(
      'graphql_request_duration_seconds',
      'GraphQL request latency by operation name and outcome',
      ['operation', 'outcome'],
    ),
    graphqlErrors: registry.counter('graphql_errors_total', 'GraphQL errors by operation and code', [
      'operation',
      'code',
    ]),
    neo4jDuration: registry.histogram('neo4j_query_duration_seconds', 'Neo4j query time by query name', ['query']),
    jobDuration: registry.histogram(
      'job_duration_seconds',
      'Offline job duration by job and status',
      ['job', 'status'],
      [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600],
    ),
    jobRuns: registry.counter('job_runs_total', 'Offline job runs by job and status', ['job', 'status']),
    fairSlice: registry.histogram(
      'fair_slice_seconds',
      "Length of the CPU-bound steps run at a key's fair turn (api/fair-scheduler.ts): another key's request waits at most one",
      ['key'],
      [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    ),
    dbShareWait: registry.histogram(
      'db_share_wait_seconds',
      "Time a key's Neo4j transaction waited for its share of the database (api/database-share.ts); only those that waited",
      ['key'],
      [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    ),
    rateLimited: registry.counter('rate_limited_requests_total', 'Requests refused by the per-key rate limit', [
      'key',
      'kind',
    ]),
    tfjsBackend: registry.gauge('tfjs_backend_info', 'The active TensorFlow.js backend (value 1)', ['backend']),
    textEncoder: registry.gauge(
      'text_encoder_info',
      'The text encoder serving queries and media: its modelId (value 1)',
      ['model'],
    ),
    snapshotVersion: registry.gauge('serving_snapshot_version', 'Version of the serving snapshot in memory'),
    snapshotAge: registry.gauge(
      'serving_snapshot_age_seconds',
      'Seconds since the serving snapshot was loaded',
      [],
      () => {
        if (Number.isFinite(snapshotLoadedAt)) metrics.snapshotAge.set((Date.now() - snapshotLoadedAt) / 1000);
      },
    ),
    markSnapshot(version: number, loadedAt: number): void {
      snapshotLoadedAt = loadedAt;
      metrics.snapshotVersion.set(version);
    },
    resultCache: gaugeByKind<{ hits: number; misses: number; size: number }>(
      registry,
      'graphql_result_cache',
      'Feed-query result cache: lookups that hit, that missed, and entries held',
      { hits: 'hits', misses: 'misses', size: 'entries' },
    ),
    replicaChanges: gaugeByKind<{ published: number; replayed: number; failed: number }>(
      registry,
      'replica_changes',
      "Change feed between replicas: writes this replica published, other replicas' writes it replayed, replays that failed",
      { published: 'published', replayed: 'replayed', failed: 'failed' },
    ),
  };
  return metrics;
}

/**
 * A gauge labelled `kind` whose values are read from a component's counters at each scrape, once the
 * composition root has handed it the reader (`watch`); field → kind label as `kinds` says.
 */
function gaugeByKind<S extends Record<string, number>>(
  registry: Registry,
  name: string,
  help: string,
  kinds: { [F in keyof S]: string },
): { watch(stats: () => S): void } {
  let read: (() => S) | undefined;
  const gauge = registry.gauge(name, help, ['kind'], () => {
    const s = read?.();
    if (!s) return;
    for (const field of Object.keys(kinds) as (keyof S & string)[]) gauge.set(s[field]!, { kind: kinds[field] });
  });
  return {
    watch: (stats) => {
      read = stats;
    },
  };
}

export type ServiceMetrics = ReturnType<typeof createServiceMetrics>;
