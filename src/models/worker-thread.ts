/**
 * Starts a worker thread from a module beside the caller: its compiled `.js` as is, else the `.ts`
 * source through tsx's require hook (the service and tests run from source). For the tfjs work that
 * must not hold the event loop (the text encoder's pool, a snapshot's EASE fit).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

export function spawnWorker(dir: string, name: string, workerData: unknown): Worker {
  const js = join(dir, `${name}.js`);
  if (existsSync(js)) return new Worker(js, { workerData });
  const ts = join(dir, `${name}.ts`);
  const code = `require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(ts)});`;
  return new Worker(code, { eval: true, workerData });
}
