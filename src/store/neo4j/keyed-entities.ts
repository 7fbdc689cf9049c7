/**
 * The shape users and media share: idempotent upsert by id (with a change signature), which of some ids
 * do not exist, and lookup by ids — over the `<area>/upsert`, `<area>/missing-ids` and `<area>/by-ids`
 * queries, inside a caller's transaction when one is given. The repositories extend it.
 */
import type { UpsertResult } from '../../domain/entities';
import type { Executor, Row, Tx } from './executor';
import { signature } from '../../domain/signature';

export class KeyedEntities<R extends object, E extends { id: string }> {
  constructor(
    protected readonly db: Executor,
    private readonly area: 'user' | 'media',
    private readonly fromRow: (row: Row) => E,
  ) {}

  async upsert(rows: R[], tx?: Tx): Promise<UpsertResult> {
    const params = { rows: rows.map((r) => ({ ...r, sig: signature(r) })), now: new Date().toISOString() };
    const result = tx
      ? await tx.run(`${this.area}/upsert`, params)
      : await this.db.write(`${this.area}/upsert`, params);
    return result[0] as unknown as UpsertResult;
  }

  async missingIds(ids: string[], tx?: Tx): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = tx
      ? await tx.run(`${this.area}/missing-ids`, { ids })
      : await this.db.read(`${this.area}/missing-ids`, { ids });
    return (rows[0]?.missing as string[]) ?? [];
  }

  async byIds(ids: readonly string[]): Promise<Map<string, E>> {
    const rows = await this.db.read(`${this.area}/by-ids`, { ids: [...ids] });
    return new Map(
      rows.map((r) => {
        const e = this.fromRow(r[this.area] as Row);
        return [e.id, e];
      }),
    );
  }
}
