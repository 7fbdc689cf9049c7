/** A promise that gives up after `ms`: the work goes on, but its caller gets UNAVAILABLE in bounded time. */
import { UnavailableError } from './errors';

export function withTimeout<T>(work: Promise<T>, ms: number, what = 'Neo4j'): Promise<T> {
  if (!(ms > 0) || !Number.isFinite(ms)) return work;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new UnavailableError(`${what} did not answer within ${ms} ms; try again shortly`)),
      ms,
    );
  });
  // The abandoned work may still fail later: that outcome is handled here, never left unhandled.
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
