/**
 * Notices new job results cheaply: every few seconds it reads the job versions (when each job last
 * succeeded, one small query over the job history) and asks for a snapshot reload when one moved. So the
 * results of a job run by the CLI, by another replica or by this service's scheduler reach the feeds
 * within seconds, not at the next periodic reload.
 */
import type { Logger } from '../logging/logger';

export interface JobWatchOptions {
  /** Job name → ISO time its last successful run finished. */
  versions: () => Promise<Record<string, string>>;
  onChange: (changed: string[]) => void;
  intervalMs: number;
  logger: Logger;
}

export class JobWatch {
  private seen: Record<string, string> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private polling = false;

  constructor(private readonly options: JobWatchOptions) {}

  /** The versions as last read (empty before the first read). */
  get versions(): Record<string, string> {
    return { ...(this.seen ?? {}) };
  }

  start(): void {
    if (this.options.intervalMs <= 0 || this.timer) return;
    void this.poll();
    this.timer = setInterval(() => void this.poll(), this.options.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Reads the versions once; the first read only records them (the snapshot was loaded after them). */
  async poll(): Promise<string[]> {
    if (this.polling) return [];
    this.polling = true;
    try {
      const next = await this.options.versions();
      const changed = this.seen === null ? [] : Object.keys(next).filter((job) => next[job] !== this.seen?.[job]);
      this.seen = next;
      if (changed.length > 0) {
        this.options.logger.info('new job results: reloading the serving snapshot', { jobs: changed });
        this.options.onChange(changed);
      }
      return changed;
    } catch (error) {
      // Neo4j down or slow: the next poll tries again; /health reports the outage.
      this.options.logger.debug('job versions unavailable', { error: (error as Error).message });
      return [];
    } finally {
      this.polling = false;
    }
  }
}
