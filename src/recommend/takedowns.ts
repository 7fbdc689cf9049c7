/**
 * Media taken down since the serving snapshot was read. Until the reload the takedown triggers drops
 * them from the snapshot, every answer leaves them out: feeds, similar media (and as the item asked
 * about: NOT_FOUND), trending, and reasons' evidence.
 */
import type { ServingSnapshot } from './snapshot';

export class TakedownOverlay {
  private readonly hidden = new Map<string, number>();

  hide(mediaId: string, now = Date.now()): void {
    this.hidden.set(mediaId, now);
  }

  /** A restored item: served again once the reload brings it back into the snapshot. */
  unhide(mediaId: string): void {
    this.hidden.delete(mediaId);
  }

  isHidden(mediaId: string): boolean {
    return this.hidden.has(mediaId);
  }

  get size(): number {
    return this.hidden.size;
  }

  /** Snapshot indices of the hidden items (those still in it). */
  indices(snap: ServingSnapshot): number[] {
    const out: number[] = [];
    for (const id of this.hidden.keys()) {
      const i = snap.itemIndex.get(id);
      if (i !== undefined) out.push(i);
    }
    return out;
  }

  /** After a snapshot read that began at `readAt`: takedowns committed before it are in the snapshot. */
  pruneBefore(readAt: number): void {
    for (const [id, at] of this.hidden) if (at < readAt) this.hidden.delete(id);
  }
}
