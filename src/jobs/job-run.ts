/**
 * One job run as the job history records it (a JobRun node): started RUNNING, then SUCCEEDED with its
 * result or FAILED with its error. The scheduler inside the service and `npm run job` both record runs
 * this way, so every run shows in the `jobs` history and a successful one moves the job versions that a
 * running service polls (recommend/job-watch.ts).
 */
import { randomUUID } from 'node:crypto';
import type { JobRunRecord } from '../domain/ports';

export function startRun(job: string, trigger: string, now = Date.now()): JobRunRecord {
  return {
    id: randomUUID(),
    job,
    status: 'RUNNING',
    trigger,
    startedAt: new Date(now).toISOString(),
    finishedAt: null,
    seconds: null,
    detail: null,
  };
}

/** Marks the run finished: `outcome` is the job's result, or the error it failed with. */
export function finishRun(
  run: JobRunRecord,
  outcome: { result: Record<string, unknown> } | { error: Error },
  now = Date.now(),
): JobRunRecord {
  const ok = 'result' in outcome;
  return Object.assign(run, {
    status: ok ? 'SUCCEEDED' : 'FAILED',
    detail: ok ? JSON.stringify(outcome.result).slice(0, 10_000) : outcome.error.message,
    finishedAt: new Date(now).toISOString(),
    seconds: (now - Date.parse(run.startedAt)) / 1000,
  });
}

/** Runs `work` as a recorded run; recording failures are reported to `warn`, never hide the job's own outcome. */
export async function recordedRun(
  record: (run: JobRunRecord) => Promise<void>,
  job: string,
  trigger: string,
  work: () => Promise<Record<string, unknown>>,
  warn: (message: string) => void = () => undefined,
): Promise<{ run: JobRunRecord; result: Record<string, unknown> }> {
  const run = startRun(job, trigger);
  const save = (): Promise<void> =>
    record(run).catch((error: Error) => warn(`could not record job run: ${error.message}`));
  await save();
  try {
    const result = await work();
    finishRun(run, { result });
    return { run, result };
  } catch (error) {
    finishRun(run, { error: error as Error });
    throw error;
  } finally {
    await save();
  }
}
