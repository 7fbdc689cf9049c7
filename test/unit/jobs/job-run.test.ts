import { recordedRun } from '../../../src/jobs/job-run';
import type { JobRunRecord } from '../../../src/domain/ports';

describe('recordedRun', () => {
  test('records RUNNING, then SUCCEEDED with the result', async () => {
    const saved: JobRunRecord[] = [];
    const { run, result } = await recordedRun(
      async (r) => void saved.push({ ...r }),
      'pagerank',
      'cli',
      async () => ({ users: 3 }),
    );
    expect(result).toEqual({ users: 3 });
    expect(saved.map((r) => r.status)).toEqual(['RUNNING', 'SUCCEEDED']);
    expect(run).toMatchObject({ job: 'pagerank', trigger: 'cli', status: 'SUCCEEDED', detail: '{"users":3}' });
    expect(run.seconds).toBeGreaterThanOrEqual(0);
    expect(Date.parse(run.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(run.startedAt));
  });

  test('a failing job is recorded FAILED with its error and the error still reaches the caller', async () => {
    const saved: JobRunRecord[] = [];
    await expect(
      recordedRun(
        async (r) => void saved.push({ ...r }),
        'embeddings',
        'cli',
        async () => {
          throw new Error('no backend');
        },
      ),
    ).rejects.toThrow('no backend');
    expect(saved.map((r) => [r.status, r.detail])).toEqual([
      ['RUNNING', null],
      ['FAILED', 'no backend'],
    ]);
  });

  test('a history that cannot be written does not hide the job outcome', async () => {
    const warnings: string[] = [];
    const { result } = await recordedRun(
      async () => {
        throw new Error('Neo4j down');
      },
      'pagerank',
      'cli',
      async () => ({ ok: 1 }),
      (m) => warnings.push(m),
    );
    expect(result).toEqual({ ok: 1 });
    expect(warnings).toHaveLength(2);
  });
});
