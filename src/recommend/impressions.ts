/**
 * The impression rule (issue 14, item 6; the most common complaint of Gorse's users is a feed that keeps
 * showing the same items): an item shown to a user `limit` times (default 3) since they last engaged
 * with it is left out of their feeds until `ttlDays` (default 30) have passed since it was last shown;
 * any engagement with it starts the count again. Counts live on SHOWN edges in Neo4j
 * (cypher/impression/record.cypher); the snapshot reads the pairs over the limit
 * (graph/project-impressions), and this overlay holds the counts written since, so the next feed call
 * reflects them at once.
 */
import type { ShownCount } from '../domain/ports';
import type { ServingSnapshot } from './snapshot';

export interface ImpressionRule {
  /** Impressions without engagement after which an item is left out. */
  limit: number;
  /** Days after its last impression at which a left-out item may come back. */
  ttlDays: number;
}

export const IMPRESSION_DEFAULTS: Readonly<ImpressionRule> = Object.freeze({ limit: 3, ttlDays: 30 });

/** Per (user, item): impressions since the last engagement and the last impression time (ms). */
export interface ShownPair {
  count: number;
  lastAt: number;
}

interface OverlayEntry extends ShownPair {
  recordedAt: number;
}

export class ImpressionOverlay {
  private readonly byUser = new Map<string, Map<string, OverlayEntry>>();

  constructor(readonly rule: ImpressionRule = IMPRESSION_DEFAULTS) {}

  /** Counts written to Neo4j (the stored count after each write). */
  record(counts: readonly ShownCount[], now = Date.now()): void {
    for (const c of counts)
      this.set(c.userId, c.mediaId, { count: c.count, lastAt: Date.parse(c.lastAt), recordedAt: now });
  }

  /** An engagement starts the pair's count again. */
  engaged(userId: string, mediaId: string, now = Date.now()): void {
    const user = this.byUser.get(userId);
    const prior = user?.get(mediaId);
    this.set(userId, mediaId, { count: 0, lastAt: prior?.lastAt ?? now, recordedAt: now });
  }

  /** After a snapshot read that began at `readAt`: what was written before it is in the snapshot. */
  pruneBefore(readAt: number): void {
    for (const [userId, items] of this.byUser) {
      for (const [mediaId, e] of items) if (e.recordedAt < readAt) items.delete(mediaId);
      if (items.size === 0) this.byUser.delete(userId);
    }
  }

  forgetUser(userId: string): void {
    this.byUser.delete(userId);
  }

  /** Item indices to leave out of the user's feed at `now`. */
  leftOut(snap: ServingSnapshot, userId: string, now = Date.now()): number[] {
    const stored = snap.repeated?.get(userId);
    const fresh = this.byUser.get(userId);
    if (!stored && !fresh) return [];
    const out: number[] = [];
    const consider = (mediaId: string, pair: ShownPair): void => {
      if (!this.applies(pair, now)) return;
      const i = snap.itemIndex.get(mediaId);
      if (i !== undefined) out.push(i);
    };
    if (stored) for (const [mediaId, pair] of stored) if (!fresh?.has(mediaId)) consider(mediaId, pair);
    if (fresh) for (const [mediaId, pair] of fresh) consider(mediaId, pair);
    return out;
  }

  /** The rule itself. */
  applies(pair: ShownPair, now: number): boolean {
    return pair.count >= this.rule.limit && now - pair.lastAt <= this.rule.ttlDays * 86_400_000;
  }

  private set(userId: string, mediaId: string, entry: OverlayEntry): void {
    let items = this.byUser.get(userId);
    if (!items) this.byUser.set(userId, (items = new Map()));
    items.set(mediaId, entry);
  }
}
