/**
 * Work split into steps: a generator yields between its CPU-heavy parts. Run to completion in one go
 * (`runSteps`: evaluation, jobs, prewarming) it is an ordinary function; a server runs it with a wait
 * between steps (`runStepsAsync`: the caller's fair turn, api/fair-scheduler.ts), so another client's
 * request waits for one step of it, not for all of it.
 */
export type Steps<T> = Generator<void, T, void>;

export function runSteps<T>(steps: Steps<T>): T {
  let r = steps.next();
  while (!r.done) r = steps.next();
  return r.value;
}

/** Awaits `between()` before each step, the first included. */
export async function runStepsAsync<T>(steps: Steps<T>, between: () => Promise<void>): Promise<T> {
  let r: IteratorResult<void, T>;
  do {
    await between();
    r = steps.next();
  } while (!r.done);
  return r.value;
}
