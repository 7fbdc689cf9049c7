import { createServiceMetrics } from '../../../src/observability/service-metrics';

describe('service metrics (prom-client)', () => {
  it("renders the service's metrics with their labels and the process metrics under standard names", async () => {
    const metrics = createServiceMetrics();
    metrics.graphqlDuration.observe(0.02, { operation: 'recommendMedia', outcome: 'ok' });
    metrics.graphqlErrors.inc({ operation: 'recommendMedia', code: 'NOT_FOUND' });
    metrics.rateLimited.inc({ key: 'k1', kind: 'cost' });
    metrics.textEncoder.set(1, { model: 'hashing-256' });
    metrics.markSnapshot(7, Date.now() - 2000);
    metrics.resultCache.watch(() => ({ hits: 3, misses: 1, size: 2 }));
    metrics.replicaChanges.watch(() => ({ published: 5, replayed: 4, failed: 0 }));
    const text = await metrics.registry.render();
    expect(text).toMatch(
      /graphql_request_duration_seconds_bucket\{le="0\.025",operation="recommendMedia",outcome="ok"\} 1/,
    );
    expect(text).toContain('graphql_errors_total{operation="recommendMedia",code="NOT_FOUND"} 1');
    expect(text).toContain('rate_limited_requests_total{key="k1",kind="cost"} 1');
    expect(text).toContain('text_encoder_info{model="hashing-256"} 1');
    expect(text).toContain('serving_snapshot_version 7');
    expect(text).toMatch(/serving_snapshot_age_seconds [12]\.\d+/);
    expect(text).toMatch(/graphql_result_cache\{kind="hits"\} 3\b/);
    expect(text).toMatch(/graphql_result_cache\{kind="entries"\} 2\b/);
    expect(text).toMatch(/replica_changes\{kind="replayed"\} 4\b/);
    for (const name of [
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'process_start_time_seconds',
      'nodejs_eventloop_lag_seconds',
      'nodejs_gc_duration_seconds',
      'nodejs_heap_size_used_bytes',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(await metrics.rateLimited.get({ key: 'k1', kind: 'cost' })).toBe(1);
  });

  it('keeps services apart and refuses labels that were not declared', async () => {
    const a = createServiceMetrics();
    const b = createServiceMetrics();
    a.jobRuns.inc({ job: 'pagerank', status: 'SUCCEEDED' });
    expect(await b.registry.render()).not.toContain('job_runs_total{');
    expect(() => a.jobRuns.inc({ job: 'x', caller: 'chosen by a client' })).toThrow(/caller/);
  });
});
