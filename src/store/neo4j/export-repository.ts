/** The analyst export's reads: the aggregated interaction graph and the social graph, streamed. */
import type { MediaKind } from '../../domain/entities';
import type { ExportedEngagement, ExportedFollow, GraphExport } from '../../domain/ports';
import type { Executor } from './executor';

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export class ExportRepository implements GraphExport {
  constructor(private readonly db: Executor) {}

  async engagements(onRow: (row: ExportedEngagement) => void): Promise<void> {
    await this.db.stream('export/engagements', {}, (r) =>
      onRow({
        userId: String(r.user),
        mediaId: String(r.media),
        kind: (r.kind as MediaKind | null) ?? null,
        weight: Number(r.weight ?? 0),
        count: Number(r.count ?? 0),
        counts: ((r.counts as number[] | null) ?? []).map(Number),
        lastAt: text(r.lastAt),
      }),
    );
  }

  async follows(onRow: (row: ExportedFollow) => void): Promise<void> {
    await this.db.stream('export/follows', {}, (r) =>
      onRow({ followerId: String(r.follower), followeeId: String(r.followee), since: text(r.since) }),
    );
  }
}
