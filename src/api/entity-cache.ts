/**
 * A process-wide cache of entities by id with a short TTL, in front of the per-request DataLoaders, so
 * hot reads (the media of every feed page) skip the Neo4j round trip. Writes through this service evict
 * their ids at once; the TTL bounds staleness from writes made through other replicas.
 */
export class EntityCache<T> {
  private readonly entries = new Map<string, { value: T | null; at: number }>();

  constructor(
    private readonly ttlMs = 30_000,
    private readonly capacity = 50_000,
  ) {}

  get(id: string, now = Date.now()): T | null | undefined {
    const e = this.entries.get(id);
    if (!e) return undefined;
    if (now - e.at > this.ttlMs) {
      this.entries.delete(id);
      return undefined;
    }
    return e.value;
  }

  set(id: string, value: T | null, now = Date.now()): void {
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(id, { value, at: now });
  }

  evict(ids: Iterable<string>): void {
    for (const id of ids) this.entries.delete(id);
  }

  clear(): void {
    this.entries.clear();
  }

  /**
   * Looks ids up, fetching the misses in one call. Hits are taken before the fetch: the cache may be
   * cleared while it runs (a snapshot reload), and an answer must not lose entries it already had.
   */
  async load(ids: readonly string[], fetch: (missing: string[]) => Promise<Map<string, T>>): Promise<(T | null)[]> {
    const got = new Map<string, T | null>();
    const missing: string[] = [];
    for (const id of ids) {
      const v = this.get(id);
      if (v === undefined) missing.push(id);
      else got.set(id, v);
    }
    if (missing.length > 0) {
      const found = await fetch([...new Set(missing)]);
      for (const id of missing) {
        const v = found.get(id) ?? null;
        got.set(id, v);
        this.set(id, v);
      }
    }
    return ids.map((id) => got.get(id) ?? null);
  }
}
