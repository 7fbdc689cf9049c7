/**
 * Which API keys sent a request lately. While another key is active, a key shares: its CPU slices fill at
 * most half of the event loop (api/fair-scheduler.ts) and its database transactions run a few at a time
 * (api/database-share.ts). Alone, a key runs at full speed.
 */
export class KeyActivity {
  /** When each key last sent a request (clock ms), oldest first. */
  private readonly lastSeen = new Map<string, number>();

  /**
   * @param activeMs a key that sent a request this recently counts as active
   * @param clock monotonic ms
   */
  constructor(
    private readonly activeMs = 1000,
    readonly clock: () => number = () => performance.now(),
  ) {}

  /** A request from `key` arrived (whether or not it will ask for turns or the database). */
  seen(key: string): void {
    const t = this.clock();
    this.lastSeen.delete(key);
    this.lastSeen.set(key, t);
    // Oldest first (re-inserted on each sighting): drop the keys gone quiet.
    for (const [k, at] of this.lastSeen) {
      if (t - at <= this.activeMs) break;
      this.lastSeen.delete(k);
    }
  }

  /** Whether a key other than `key` sent a request within the last `activeMs`. */
  othersActive(key: string, t = this.clock()): boolean {
    for (const [k, at] of this.lastSeen) if (k !== key && t - at <= this.activeMs) return true;
    return false;
  }
}
