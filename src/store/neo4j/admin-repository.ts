/** Whole-database operations: counts, job history. */
import neo4j from 'neo4j-driver';
import type { Executor } from './executor';

export interface GraphCounts {
  users: number;
  media: number;
  interactions: number;
  engagements: number;
  follows: number;
  tagAssignments: number;
  tags: number;
}

export interface JobRunRecord {
  id: string;
  job: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  trigger: string;
  startedAt: string;
  finishedAt: string | null;
  seconds: number | null;
  /** JSON of the job's result, or the error message. */
  detail: string | null;
}

export class AdminRepository {
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
    return Object.fromEntries(rows.filter((r) => typeof r.finishedAt === 'string').map((r) => [String(r.job), r.finishedAt as string]));
  }

  async recentJobRuns(limit: number): Promise<JobRunRecord[]> {
    const rows = await this.db.read('jobs/recent-runs', { limit: neo4j.int(limit) });
    return rows.map((r) => r.run as JobRunRecord);
  }
}
