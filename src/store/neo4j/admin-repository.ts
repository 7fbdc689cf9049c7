/** Whole-database operations: counts, wiping (tests, benchmarks). */
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

export class AdminRepository {
  constructor(private readonly db: Executor) {}

  async counts(): Promise<GraphCounts> {
    return (await this.db.read('admin/counts'))[0] as unknown as GraphCounts;
  }

  async wipe(): Promise<void> {
    await this.db.runNamedAutoCommit('admin/wipe');
  }
}
