/**
 * Stable paging: the first page of a feed ranks a long list once and keeps it under a feed id; later
 * pages read the same list by offset, so paging shows no duplicates and no gaps even when new
 * interactions change the ranking in between. Least recently used feeds are evicted.
 */
export interface CachedFeed<T> {
  items: T[];
  createdAt: number;
}

export class FeedCache<T> {
  private readonly feeds = new Map<string, CachedFeed<T>>();

  constructor(
    private readonly capacity = 2000,
    private readonly ttlMs = 15 * 60_000,
  ) {}

  get(id: string, now = Date.now()): CachedFeed<T> | undefined {
    const feed = this.feeds.get(id);
    if (!feed) return undefined;
    if (now - feed.createdAt > this.ttlMs) {
      this.feeds.delete(id);
      return undefined;
    }
    this.feeds.delete(id);
    this.feeds.set(id, feed); // most recently used last
    return feed;
  }

  set(id: string, items: T[], now = Date.now()): void {
    this.feeds.delete(id);
    this.feeds.set(id, { items, createdAt: now });
    while (this.feeds.size > this.capacity) this.feeds.delete(this.feeds.keys().next().value as string);
  }

  delete(id: string): void {
    this.feeds.delete(id);
  }

  /** Drops matching feeds (after a user is erased, their cached feeds must go too). */
  deleteWhere(predicate: (id: string) => boolean): void {
    for (const id of [...this.feeds.keys()]) if (predicate(id)) this.feeds.delete(id);
  }

  clear(): void {
    this.feeds.clear();
  }

  get size(): number {
    return this.feeds.size;
  }
}
