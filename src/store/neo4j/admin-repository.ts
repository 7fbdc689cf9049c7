/** Whole-database operations: counts, job history. */
import neo4j from 'neo4j-driver';
import type { AdminStore, GraphCounts, JobRunRecord } from '../../domain/ports';
import type { Executor } from './executor';

export class AdminRepository implements AdminStore {
  constructor(private readonly db: Executor) {}

  async counts(): Promise<GraphCounts> {
    return (await this.db.read('admin/counts'))[0] as unknown as GraphCounts;
  }

  /** Erases every node and relationship (constraints and indexes stay). */
  async reset(): Promise<void> {
    await this.db.autoCommit('admin/reset');
  }

  /** Whether the demo world seeded by `npm start` is in the database. */
  async demoPresent(): Promise<boolean> {
    return (await this.db.read('admin/demo-present'))[0]?.present === true;
  }

  async recordJobRun(run: JobRunRecord): Promise<void> {
    await this.db.write('jobs/record-run', { run });
  }

  /** Job name → when its last successful run finished (ISO time): what changes when a job writes new results. */
  async jobVersions(): Promise<Record<string, string>> {
    const rows = await this.db.read('jobs/latest-succeeded');
    return Object.fromEntries(
      rows.filter((r) => typeof r.finishedAt === 'string').map((r) => [String(r.job), r.finishedAt as string]),
    );
  }

  async recentJobRuns(limit: number): Promise<JobRunRecord[]> {
    const rows = await this.db.read('jobs/recent-runs', { limit: neo4j.int(limit) });
    return rows.map((r) => r.run as JobRunRecord);
  }
}
