/**
 * Re-runs the offline jobs for the service (its `run` puts each on a thread of its own,
 * app/job-thread.ts): on an interval, after N new interactions, or on an admin's request. One run at a time (a request while busy queues once); every run is recorded in
 * Neo4j (status, duration, result or error) and reported to metrics; the serving snapshot reloads
 * after each success so feeds use the new scores at once.
 */
import type { Logger } from '../logging/logger';
import type { JobRunRecord } from '../domain/ports';
import { finishRun, startRun } from './job-run';
import type { JobName } from './run-job';

export interface SchedulerOptions {
  run: (job: JobName, log: (line: string) => void) => Promise<Record<string, unknown>>;
  record: (run: JobRunRecord) => Promise<void>;
  afterRun: () => void;
  onFinished?: (run: JobRunRecord) => void;
  logger: Logger;
  /** Jobs a scheduled trigger runs, in order. */
  jobs: JobName[];
  intervalSec: number;
  afterInteractions: number;
}

export class JobScheduler {
  private running: Promise<void> | null = null;
  private queued: { job: JobName; trigger: string } | null = null;
  private newInteractions = 0;
  private timer: NodeJS.Timeout | null = null;
  private current: JobRunRecord | null = null;

  constructor(private readonly options: SchedulerOptions) {}

  start(): void {
    if (this.options.intervalSec > 0) {
      this.timer = setInterval(() => this.trigger('all', 'interval'), this.options.intervalSec * 1000);
      this.timer.unref();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Counts new interactions and triggers the scheduled jobs every `afterInteractions`. */
  interactionsRecorded(n: number): void {
    if (this.options.afterInteractions <= 0) return;
    this.newInteractions += n;
    if (this.newInteractions >= this.options.afterInteractions) {
      this.newInteractions = 0;
      this.trigger('all', `after ${this.options.afterInteractions} interactions`);
    }
  }

  get active(): JobRunRecord | null {
    return this.current;
  }

  /** Starts a run (or queues it behind the current one); returns the run record when started now. */
  trigger(job: JobName, trigger: string): JobRunRecord | null {
    if (this.running) {
      this.queued = { job, trigger };
      return null;
    }
    const run = startRun(job, trigger);
    this.current = run;
    this.running = this.execute(run).finally(() => {
      this.running = null;
      this.current = null;
      const next = this.queued;
      this.queued = null;
      if (next) this.trigger(next.job, next.trigger);
    });
    return run;
  }

  /** Resolves when the current run (and any queued one) has finished. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async execute(run: JobRunRecord): Promise<void> {
    const log = (line: string): void => this.options.logger.info(line, { job: run.job, run: run.id });
    await this.options.record(run).catch(() => undefined);
    const jobs = run.job === 'all' ? this.options.jobs : [run.job as JobName];
    try {
      const results: Record<string, unknown> = {};
      for (const job of jobs) results[job] = await this.options.run(job, log);
      finishRun(run, { result: results });
      this.options.afterRun();
    } catch (error) {
      finishRun(run, { error: error as Error });
      this.options.logger.error('job failed', { job: run.job, error: (error as Error).message, err: error });
    }
    this.options.onFinished?.(run);
    await this.options
      .record(run)
      .catch((error: Error) => this.options.logger.warn('could not record job run', { error: error.message }));
  }
}
