/** Polling for e2e tests: what the service answers once an asynchronous step (a reload, a text encoding) has run. */
export interface Polled<T> {
  /** The last answer. */
  value: T;
  /** Whether it held before the deadline. */
  ok: boolean;
  /** When it first held (or when polling gave up). */
  at: number;
}

/** Probes until ok (or `ms` have passed), every `everyMs`; returns the last answer and when it first held. */
export async function until<T>(
  probe: () => Promise<T>,
  ok: (v: T) => boolean,
  ms = 10_000,
  everyMs = 50,
): Promise<Polled<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (ok(value)) return { value, ok: true, at: Date.now() };
    if (Date.now() > deadline) return { value, ok: false, at: Date.now() };
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
