/** Media takedowns (hide, delete, restore) and the record that keeps a taken-down id from coming back. */
import type { MediaState, ModerationStore, TakedownMode, TakedownRecord } from '../../domain/ports';
import type { Executor, Row, Tx } from './executor';

const record = (r: Row | null | undefined): TakedownRecord | null => (r ? (r as unknown as TakedownRecord) : null);

export class ModerationRepository implements ModerationStore {
  constructor(private readonly db: Executor) {}

  async state(id: string, tx: Tx): Promise<MediaState> {
    const [r] = await tx.run('moderation/state', { id });
    return { visible: r?.visible === true, hidden: r?.hidden === true, takedown: record(r?.takedown as Row | null) };
  }

  async apply(mode: TakedownMode, fields: Omit<TakedownRecord, 'mode'>, tx: Tx): Promise<TakedownRecord> {
    const [r] = await tx.run(
      mode === 'HIDE' ? 'moderation/hide' : 'moderation/delete',
      fields as unknown as Record<string, unknown>,
    );
    return record(r?.takedown as Row) as TakedownRecord;
  }

  async restore(id: string, tx: Tx): Promise<boolean> {
    return (await tx.run('moderation/restore', { id }))[0]?.restored === true;
  }

  /** The ids among `ids` that were taken down. */
  async takenDown(ids: readonly string[], tx?: Tx): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = tx
      ? await tx.run('moderation/taken-down-ids', { ids: [...ids] })
      : await this.db.read('moderation/taken-down-ids', { ids: [...ids] });
    return (rows[0]?.takenDown as string[]) ?? [];
  }
}
