/** Impressions: what each user was shown (aggregated per pair on SHOWN edges), for feeds to stop repeating. */
import neo4j from 'neo4j-driver';
import type { ImpressionPairRow, ImpressionStore, ShownCount } from '../../domain/ports';
import type { Executor, Tx } from './executor';

export class ImpressionRepository implements ImpressionStore {
  constructor(private readonly db: Executor) {}

  async record(rows: ImpressionPairRow[], tx: Tx): Promise<ShownCount[]> {
    const out = await tx.run('impression/record', { rows: rows.map((r) => ({ ...r, times: neo4j.int(r.times) })) });
    return out.map((r) => ({
      userId: r.userId as string,
      mediaId: r.mediaId as string,
      count: Number(r.count),
      lastAt: String(r.lastAt),
      counted: r.counted === true,
    }));
  }

  /** Pairs shown at least `limit` times since the last engagement, the last time at or after `since`. */
  async repeated(limit: number, since: string): Promise<ShownCount[]> {
    const out: ShownCount[] = [];
    await this.db.stream('graph/project-impressions', { limit: neo4j.int(limit), since }, (r) =>
      out.push({
        userId: r.user as string,
        mediaId: r.item as string,
        count: Number(r.count),
        lastAt: String(r.lastAt),
        counted: true,
      }),
    );
    return out;
  }
}
