/**
 * The service's job runs (the scheduler's interval and interaction triggers, the admin's `runJob`) on a
 * worker thread of their own. Run on the service's thread, a job held its event loop for as long as its
 * synchronous parts took: LightGCN's training loop (~10 minutes for LastFM's 120 epochs on wasm), each EASE
 * fit of the train-ranker job (~15 s on LastFM), PageRank; no feed was answered meanwhile. On its own
 * thread the job has its own Neo4j driver and tfjs instance (bench:jobs, docs/results.md: the longest
 * request during an embeddings run 0.77 s against 35 s). A job that throws fails its run, not the service.
 * `signal` ends the thread (the service's shutdown): the run then fails.
 */
import type { Config } from '../config/config';
import type { JobName } from '../jobs/run-job';
import { spawnWorker } from '../models/worker-thread';
import type { JobThreadInput, JobThreadMessage } from './job-worker';

export interface JobThreadOptions {
  log: (line: string) => void;
  epochs?: number;
  signal?: AbortSignal;
}

export function runJobOffThread(
  job: JobName,
  config: Config,
  connection: JobThreadInput['connection'],
  options: JobThreadOptions,
): Promise<Record<string, unknown>> {
  if (options.signal?.aborted) return Promise.reject(new Error(`job ${job} not started: the service is stopping`));
  const input: JobThreadInput = {
    job,
    config,
    connection,
    ...(options.epochs === undefined ? {} : { epochs: options.epochs }),
  };
  const worker = spawnWorker(__dirname, 'job-worker', input);
  return new Promise<Record<string, unknown>>((resolve, reject) => {
    let outcome: { result: Record<string, unknown> } | { error: Error } | undefined;
    const end = (o: NonNullable<typeof outcome>): void => {
      outcome ??= o;
      void worker.terminate();
    };
    const stop = (): void => end({ error: new Error(`job ${job} stopped: the service is stopping`) });
    options.signal?.addEventListener('abort', stop, { once: true });
    worker.on('message', (message: JobThreadMessage) => {
      if ('log' in message) options.log(message.log);
      // The outcome comes last, after the thread closed its driver: nothing is left to wait for.
      else if ('result' in message) end({ result: message.result });
      else end({ error: new Error(message.error) });
    });
    worker.once('error', (error) => end({ error }));
    // Settled when the thread has ended: with what it sent, else its exit code (ended by its memory limit, say).
    worker.once('exit', (code) => {
      options.signal?.removeEventListener('abort', stop);
      const settled = outcome ?? { error: new Error(`job ${job}: its thread exited with code ${code}`) };
      if ('result' in settled) resolve(settled.result);
      else reject(settled.error);
    });
  });
}
