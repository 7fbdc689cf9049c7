/**
 * The service's metrics: GraphQL latency per operation, result cache, Neo4j query time, jobs, tfjs
 * backend and text encoder; process metrics (CPU, memory, heap, event-loop lag, GC) come from
 * prom-client's defaults under their standard names (metrics.ts).
 */
import { Registry } from './metrics';

export function createServiceMetrics() {
  const registry = new Registry();
  let snapshotLoadedAt = NaN;
  let resultCacheStats: (() => { hits: number; misses: number; size: number }) | undefined;
  let replicaStats: (() => { published: number; replayed: number; failed: number }) | undefined;
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
    resultCache: registry.gauge(
      'graphql_result_cache',
      'Feed-query result cache: lookups that hit, that missed, and entries held',
      ['kind'],
      () => {
        const s = resultCacheStats?.();
        if (!s) return;
        metrics.resultCache.set(s.hits, { kind: 'hits' });
        metrics.resultCache.set(s.misses, { kind: 'misses' });
        metrics.resultCache.set(s.size, { kind: 'entries' });
      },
    ),
    watchResultCache(stats: () => { hits: number; misses: number; size: number }): void {
      resultCacheStats = stats;
    },
    replicaChanges: registry.gauge(
      'replica_changes',
      "Change feed between replicas: writes this replica published, other replicas' writes it replayed, replays that failed",
      ['kind'],
      () => {
        const s = replicaStats?.();
        if (!s) return;
        metrics.replicaChanges.set(s.published, { kind: 'published' });
        metrics.replicaChanges.set(s.replayed, { kind: 'replayed' });
        metrics.replicaChanges.set(s.failed, { kind: 'failed' });
      },
    ),
    watchReplicas(stats: () => { published: number; replayed: number; failed: number }): void {
      replicaStats = stats;
    },
  };
  return metrics;
}

export type ServiceMetrics = ReturnType<typeof createServiceMetrics>;
