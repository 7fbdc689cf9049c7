/** Interaction events, follows and tag assignments: the writes that shape the graph. */
import type { InteractionStore, TagAssignmentRow } from '../../domain/ports';
import type { InteractionRow } from '../../domain/validation';
import type { Executor, Tx } from './executor';

export class InteractionRepository implements InteractionStore {
  constructor(private readonly db: Executor) {}

  /** Returns how many of the rows were new events (the rest were retries of recorded events). */
  async record(rows: InteractionRow[], tx: Tx): Promise<number> {
    const result = await tx.run('interaction/record', { rows, now: new Date().toISOString() });
    return result[0]!.recorded as number;
  }

  async assignTags(rows: TagAssignmentRow[]): Promise<number> {
    return (await this.db.write('interaction/tag-assign', { rows }))[0]!.written as number;
  }

  /** Inside a transaction that has locked both users (UserRepository.lockMissing), so a pair's edge changes once. */
  async follow(followerId: string, followeeId: string, tx: Tx): Promise<boolean> {
    const rows = await tx.run('follow/follow', { followerId, followeeId, now: new Date().toISOString() });
    return rows[0]?.isNew === true;
  }

  async followBatch(rows: { followerId: string; followeeId: string }[]): Promise<number> {
    return (await this.db.write('follow/follow-batch', { rows, now: new Date().toISOString() }))[0]!.written as number;
  }

  /** Inside a transaction that has locked both users, like follow. */
  async unfollow(followerId: string, followeeId: string, tx: Tx): Promise<boolean> {
    const rows = await tx.run('follow/unfollow', { followerId, followeeId });
    return rows[0]?.existed === true;
  }
}
