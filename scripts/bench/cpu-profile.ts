/**
 * V8's sampling CPU profiler (node:inspector) around a piece of in-process work, summed by function:
 * where a bench's time goes, by self time, without a throw-away profile. Used by bench:feed-arrays.
 */
import { Session } from 'node:inspector/promises';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface FunctionTime {
  /**
   * Function name and the file defining it (repository-relative; no line: tsx's compiled code does not
   * keep the source's lines), or V8's name for its own work ("(garbage collector)").
   */
  fn: string;
  selfMs: number;
  /** Share of the profiled time. */
  share: number;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}

const ROOT = resolve(__dirname, '..', '..');

function place(url: string): string {
  if (!url) return '';
  const path = url.startsWith('file:') ? fileURLToPath(url) : url;
  return ` ${path.startsWith(ROOT) ? relative(ROOT, path) : path}`;
}

/** The inspector's own message dispatch (starting and stopping the profiler: 10–15 ms, or more for a large profile), not the work's. */
const isInspector = (frame: ProfileNode['callFrame']) => frame.functionName === 'dispatch' && frame.url === '';

/** Runs `work` under the profiler (sampling every `intervalUs`); the `top` functions by self time. */
export async function profileFunctions(
  work: () => Promise<void> | void,
  top = 15,
  intervalUs = 100,
): Promise<FunctionTime[]> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: intervalUs });
    await session.post('Profiler.start');
    await work();
    const { profile } = await session.post('Profiler.stop');
    const nodes = new Map<number, ProfileNode>((profile.nodes as ProfileNode[]).map((n) => [n.id, n]));
    const samples = profile.samples ?? [];
    const deltas = profile.timeDeltas ?? [];
    const self = new Map<string, number>();
    let total = 0;
    for (let k = 0; k < samples.length; k++) {
      const frame = nodes.get(samples[k]!)!.callFrame;
      if (isInspector(frame)) continue;
      const key = `${frame.functionName || '(anonymous)'}${place(frame.url)}`;
      const us = deltas[k] ?? 0;
      self.set(key, (self.get(key) ?? 0) + us);
      total += us;
    }
    return [...self]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([fn, us]) => ({
        fn,
        selfMs: Math.round(us) / 1000,
        share: Math.round((1000 * us) / Math.max(1, total)) / 1000,
      }));
  } finally {
    session.disconnect();
  }
}

/** `work`'s result, and its profile when `top` is given (else `work` runs unprofiled). */
export async function maybeProfiled<T>(
  work: () => Promise<T>,
  top: number | undefined,
  intervalUs?: number,
): Promise<{ result: T; profile?: FunctionTime[] }> {
  if (top === undefined) return { result: await work() };
  let result: T | undefined;
  const profile = await profileFunctions(
    async () => {
      result = await work();
    },
    top,
    intervalUs,
  );
  return { result: result as T, profile };
}
