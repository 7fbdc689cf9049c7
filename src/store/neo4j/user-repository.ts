/** Users and their social and engagement neighbourhoods. */
import type { Engagement, Interaction, User } from '../../domain/entities';
import type { Page, PageRequest, UserEdgeKind, UserStore } from '../../domain/ports';
import type { UserRow } from '../../domain/validation';
import type { Executor, Row, Tx } from './executor';
import { KeyedEntities } from './keyed-entities';
import { limitOf, readPages, toPage } from './page';
import { engagementFromRow, interactionFromRow, mediaFromRow, userFromRow } from './mappers';
import type { Media } from '../../domain/entities';

export class UserRepository extends KeyedEntities<UserRow, User> implements UserStore {
  constructor(db: Executor) {
    super(db, 'user', userFromRow);
  }

  async page(req: PageRequest): Promise<Page<User>> {
    const rows = await this.db.read('user/page', { after: req.after ?? null, limit: limitOf(req) });
    return toPage(
      rows.map((r) => userFromRow(r.user as Row)),
      req.first,
      -1,
    );
  }

  async count(): Promise<number> {
    return (await this.db.read('user/count'))[0]!.total as number;
  }

  /** One round trip for a whole batch of users' neighbour pages. */
  neighbours(kind: UserEdgeKind, ids: readonly string[], req: PageRequest): Promise<Map<string, Page<User>>> {
    return readPages(this.db, `user/${kind}`, ids, req, userFromRow);
  }

  engagedMedia(
    ids: readonly string[],
    req: PageRequest,
  ): Promise<Map<string, Page<{ media: Media; engagement: Engagement }>>> {
    return readPages(this.db, 'user/engaged-media', ids, req, (it, userId) => {
      const media = mediaFromRow(it.media as Row);
      return { media, engagement: engagementFromRow(it.engagement as Row, userId, media.id) };
    });
  }

  interactions(ids: readonly string[], req: PageRequest): Promise<Map<string, Page<Interaction>>> {
    return readPages(this.db, 'user/interactions', ids, req, interactionFromRow);
  }

  async activityByHour(id: string): Promise<{ hour: number; n: number }[]> {
    return (await this.db.read('analytics/user-activity-hours', { id })).map((r) => ({
      hour: Number(r.hour),
      n: Number(r.n),
    }));
  }

  /**
   * Locks the users (write locks held until the transaction ends) and returns the ids that do not exist.
   * Every write linking to a user takes this first, and erasure too, so an erasure and a concurrent
   * write never interleave: the write lands first (and is erased), or sees the user gone.
   */
  async lockMissing(ids: readonly string[], tx: Tx): Promise<string[]> {
    const sorted = [...new Set(ids)].sort();
    if (sorted.length === 0) return [];
    await tx.run('user/lock', { ids: sorted });
    // Checked again once the locks are held: a user matched before an erasure that committed while this
    // transaction waited for its lock is gone now, and must read as missing (not as a silent no-op write).
    return ((await tx.run('user/missing-ids', { ids: sorted }))[0]?.missing as string[]) ?? [];
  }

  async delete(id: string): Promise<boolean> {
    return this.db.writeTx(async (tx) => {
      if ((await this.lockMissing([id], tx)).length > 0) return false;
      return (await tx.run('user/delete', { id })).length > 0;
    });
  }
}
