/**
 * The listeners of a service's events (ingest, moderation, impressions). Most listeners keep derived
 * state fresh (the serving state, caches) and hear every write, this process's and those replayed from
 * another replica (recommend/replica-sync.ts). Local-only listeners do work that belongs to the replica
 * that took the write (embedding its new media, counting towards its jobs, publishing it to the others)
 * and never hear a replayed one.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a handler of any argument list
type Handler = (...args: any[]) => void;

export interface ListenOptions {
  /** Hear only writes taken by this process, never ones replayed from another replica. */
  localOnly?: boolean;
}

export class Listeners<E extends { [K in keyof E]?: Handler }> {
  private readonly entries: { listener: E; localOnly: boolean }[] = [];

  add(listener: E, options: ListenOptions = {}): void {
    this.entries.push({ listener, localOnly: options.localOnly === true });
  }

  /**
   * Tells every listener of `event`; a replayed event skips the local-only ones. One listener that throws
   * does not keep the event from the others: every one runs, then the first error is thrown.
   */
  emit<K extends keyof E>(event: K, args: Parameters<NonNullable<E[K]>>, replayed = false): void {
    let failure: { error: unknown } | null = null;
    for (const { listener, localOnly } of this.entries) {
      if (replayed && localOnly) continue;
      const handler = listener[event] as Handler | undefined;
      try {
        handler?.apply(listener, args);
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
  }
}
