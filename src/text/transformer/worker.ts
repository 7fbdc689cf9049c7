/**
 * Worker-thread side of the encoder's pool (worker-pool.ts): its own tfjs instance on the backend the
 * parent chose, one copy of the weights, and a loop that runs the batches it is sent. The wasm and
 * cpu backends compute on one thread (tfjs leaves wasm threads off in Node), so the pool is how the
 * encoder uses more than one core, and it keeps the service's event loop free while texts embed.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { initBackend, type BackendName } from '../../models/backend';
import { readModelFolder } from './model-folder';
import { loadRunner, type BatchRunner } from './runner';

export interface WorkerSetup {
  modelDir: string;
  maxLength: number;
  backend: BackendName;
}

export type WorkerRequest =
  { id: number; ids: Int32Array; mask: Float32Array; batch: number; length: number } | { id: number; memory: true };
export type WorkerReply =
  | { ready: true }
  | { id: number; vectors: Float32Array }
  | { id: number; memory: { numTensors: number; numBytes: number } }
  | { id?: number; error: string };

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('worker.ts runs only as a worker thread');
  const setup = workerData as WorkerSetup;
  let runner: BatchRunner;
  try {
    await initBackend({ preferred: setup.backend });
    runner = loadRunner(readModelFolder(setup.modelDir, { maxLength: setup.maxLength }));
  } catch (error) {
    port.postMessage({ error: (error as Error).message } satisfies WorkerReply);
    return;
  }
  port.on('message', (request: WorkerRequest) => {
    const reply = async (): Promise<void> => {
      try {
        if ('memory' in request) {
          port.postMessage({ id: request.id, memory: (await runner.memory())[0]! } satisfies WorkerReply);
          return;
        }
        const vectors = await runner.run(request.ids, request.mask, request.batch, request.length);
        port.postMessage({ id: request.id, vectors } satisfies WorkerReply, [vectors.buffer as ArrayBuffer]);
      } catch (error) {
        port.postMessage({ id: request.id, error: (error as Error).message } satisfies WorkerReply);
      }
    };
    void reply();
  });
  port.postMessage({ ready: true } satisfies WorkerReply);
}

void main();
