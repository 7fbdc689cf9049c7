/**
 * Issue 14, item 4: job results reach a running service within seconds. A job run outside the service
 * (as `npm run job` runs it: recorded in the job history) moves the job versions; the service polls them
 * (JOB_POLL_SEC) and reloads its snapshot, with no periodic reload configured. The run shows in the
 * `jobs` history and /health reports the snapshot's age and the job versions.
 */
import { recordedRun } from '../../src/jobs/job-run';
import { runJob } from '../../src/jobs/run-job';
import { startService, type Service } from '../../src/main';
import { client } from '../support/graphql-client';
import { namespace, testConfig } from '../support/db';
import { until } from '../support/poll';

describe('fresh job results', () => {
  let service: Service;
  const ns = namespace();
  const config = testConfig({ SNAPSHOT_REFRESH_SEC: '0', JOB_POLL_SEC: '1' });

  beforeAll(async () => {
    service = await startService(config);
    const gql = client(service.url);
    await gql(`mutation($in: [UserInput!]!) { upsertUsers(input: $in) { created } }`, {
      in: [{ id: `${ns}a` }, { id: `${ns}b` }],
    });
    await gql(`mutation($in: [MediaInput!]!) { upsertMedia(input: $in) { created } }`, {
      in: [{ id: `${ns}m`, kind: 'AUDIO', title: 'a song' }],
    });
    await gql(`mutation($in: [InteractionInput!]!) { recordInteractions(input: $in) { recorded } }`, {
      in: [{ userId: `${ns}a`, mediaId: `${ns}m`, type: 'LIKE' }],
    });
    await service.state.reload();
  });
  afterAll(() => service?.stop());

  test('a job run outside the service reloads its snapshot within seconds and shows in the history and /health', async () => {
    // Let the watch take its first reading, so what follows is a change it must notice.
    await new Promise((r) => setTimeout(r, 1500));
    const before = service.state.snapshot.version;
    const { run } = await recordedRun(
      (r) => service.stores.admin.recordJobRun(r),
      'pagerank',
      'cli',
      () => runJob('pagerank', service.stores, config),
    );
    expect(run.status).toBe('SUCCEEDED');
    // Wait for the watch to have read this run, not for any newer snapshot: the embed queue's reload for
    // the setup's media can land first (CI once saw /health still give the previous run then).
    const seen = await until(
      async () => ({
        health: (await (await fetch(`${service.url}/health`)).json()) as any,
        version: service.state.snapshot.version,
      }),
      (v) => v.health.jobVersions?.pagerank === run.finishedAt && v.version > before,
      15_000,
      100,
    );
    expect(seen.value.version).toBeGreaterThan(before);

    const history = await client(service.url)<any>('{ jobs(first: 50) { id job status trigger } }');
    expect(history.data.jobs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: run.id, job: 'pagerank', status: 'SUCCEEDED', trigger: 'cli' }),
      ]),
    );

    const health = seen.value.health;
    expect(health.jobVersions.pagerank).toBe(run.finishedAt);
    expect(health.snapshot.ageSec).toBeGreaterThanOrEqual(0);
    expect(health.snapshot.ageSec).toBeLessThan(60);
  });
});
