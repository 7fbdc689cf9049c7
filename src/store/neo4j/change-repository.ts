/** The change log replicas share (domain/ports ChangeLog): :Change nodes, readers' cursors, and :SharedSecret. */
import neo4j from 'neo4j-driver';
import type { ChangeLog, ChangeRecord, PruneKeep } from '../../domain/ports';
import type { Executor } from './executor';

export class ChangeRepository implements ChangeLog {
  constructor(private readonly db: Executor) {}

  async append(changes: Omit<ChangeRecord, 'at'>[]): Promise<void> {
    if (changes.length === 0) return;
    await this.db.write('changes/append', { changes: changes.map((c) => ({ ...c, seq: neo4j.int(c.seq) })) });
  }

  async since(
    from: number,
    origin: string,
    seen: readonly string[],
    limit: number,
  ): Promise<{ changes: ChangeRecord[]; now: number; prunedNewest: number | null }> {
    const [row] = await this.db.read('changes/since', {
      from: neo4j.int(from),
      origin,
      seen: [...seen],
      limit: neo4j.int(limit),
    });
    const changes = ((row?.changes as Record<string, unknown>[] | undefined) ?? []).map((r) => ({
      id: String(r.id),
      origin: String(r.origin),
      seq: Number(r.seq),
      at: Number(r.at),
      kind: String(r.kind),
      payload: String(r.payload),
    }));
    const pruned = row?.prunedNewest;
    return {
      changes,
      now: Number(row?.now),
      prunedNewest: pruned === null || pruned === undefined ? null : Number(pruned),
    };
  }

  async now(): Promise<number> {
    return Number((await this.db.read('changes/now'))[0]?.now);
  }

  async forgetUser(userId: string): Promise<number> {
    const rows = await this.db.write('changes/forget-user', { needle: JSON.stringify(userId) });
    return Number(rows[0]?.deleted ?? 0);
  }

  async prune(before: number, limit: number, keep?: PruneKeep): Promise<number> {
    const rows = await this.db.write('changes/prune', {
      before: neo4j.int(before),
      limit: neo4j.int(limit),
      // Without `keep` no reader is live (a window of −1 ms) and nothing older than `before` is kept.
      liveMs: neo4j.int(keep ? keep.liveMs : -1),
      floor: neo4j.int(keep ? keep.floor : before),
    });
    if (keep) await this.db.write('changes/prune-readers', { before: neo4j.int(keep.floor) });
    return Number(rows[0]?.deleted ?? 0);
  }

  async markRead(origin: string, from: number): Promise<void> {
    await this.db.write('changes/mark-read', { origin, from: neo4j.int(from) });
  }

  async forgetReader(origin: string): Promise<void> {
    await this.db.write('changes/forget-reader', { origin });
  }

  async sharedSecret(name: string, candidate: string): Promise<string> {
    return String((await this.db.write('changes/shared-secret', { name, candidate }))[0]?.value);
  }
}
