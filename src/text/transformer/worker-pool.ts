/**
 * A pool of worker threads, each holding one copy of the model (worker.ts), behind the same
 * BatchRunner interface as the in-process runner: batches go to whichever worker is free, in the
 * order they were asked for. Workers are unreferenced while idle, so a CLI that never closes the
 * encoder still exits, and referenced while they owe an answer, so the process waits for it. A
 * worker that dies fails its pending batches and every later call with UNAVAILABLE.
 */
import type { Worker } from 'node:worker_threads';
import { UnavailableError } from '../../domain/errors';
import { spawnWorker } from '../../models/worker-thread';
import type { BatchRunner, TensorMemory } from './runner';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './worker';

interface Task {
  /** Only this worker may take it (memory reports); otherwise any. */
  target?: Worker;
  request: WorkerRequest;
  transfer: ArrayBuffer[];
  resolve: (reply: WorkerReply) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  busy: Task | undefined;
}

export async function startWorkerPool(setup: WorkerSetup, size: number): Promise<BatchRunner> {
  const slots: Slot[] = [];
  const queue: Task[] = [];
  let failure: Error | undefined;
  let nextId = 1;

  const pump = (): void => {
    for (const slot of slots) {
      if (slot.busy) continue;
      const at = queue.findIndex((t) => t.target === undefined || t.target === slot.worker);
      if (at < 0) continue;
      const [task] = queue.splice(at, 1) as [Task];
      slot.busy = task;
      slot.worker.ref();
      slot.worker.postMessage(task.request, task.transfer);
    }
  };
  const fail = (error: Error): void => {
    failure ??= error;
    for (const slot of slots) slot.busy?.reject(failure);
    for (const task of queue.splice(0)) task.reject(failure);
  };

  const started = await Promise.allSettled(
    Array.from(
      { length: size },
      () =>
        new Promise<Slot>((resolve, reject) => {
          const worker = spawnWorker(__dirname, 'worker', setup);
          const slot: Slot = { worker, busy: undefined };
          worker.once('message', (first: WorkerReply) =>
            'ready' in first
              ? resolve(slot)
              : reject(
                  new UnavailableError(`text encoder worker: ${'error' in first ? first.error : 'no ready message'}`),
                ),
          );
          worker.once('error', reject);
        }),
    ),
  );
  const failed = started.find((s) => s.status === 'rejected');
  for (const s of started) if (s.status === 'fulfilled') slots.push(s.value);
  if (failed) {
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
    throw failed.reason instanceof Error ? failed.reason : new UnavailableError(String(failed.reason));
  }
  for (const slot of slots) {
    slot.worker.on('message', (reply: WorkerReply) => {
      const task = slot.busy;
      slot.busy = undefined;
      slot.worker.unref();
      if (task) {
        if ('error' in reply) task.reject(new UnavailableError(`text encoder worker: ${reply.error}`));
        else task.resolve(reply);
      }
      pump();
    });
    slot.worker.on('error', (error) =>
      fail(new UnavailableError(`text encoder worker crashed: ${error.message}`, error)),
    );
    slot.worker.on('exit', (code) => fail(new UnavailableError(`text encoder worker exited (code ${code})`)));
    slot.worker.unref(); // after the listeners: adding a 'message' listener refs the worker again
  }

  const ask = (request: WorkerRequest, transfer: ArrayBuffer[] = [], target?: Worker): Promise<WorkerReply> =>
    new Promise((resolve, reject) => {
      if (failure) return reject(failure);
      queue.push({ target, request, transfer, resolve, reject });
      pump();
    });

  return {
    async run(ids, mask, batch, length) {
      const reply = await ask({ id: nextId++, ids, mask, batch, length }, [
        ids.buffer as ArrayBuffer,
        mask.buffer as ArrayBuffer,
      ]);
      if (!('vectors' in reply)) throw new UnavailableError('text encoder worker answered a batch without vectors');
      return reply.vectors;
    },
    async memory() {
      const replies = await Promise.all(slots.map((slot) => ask({ id: nextId++, memory: true }, [], slot.worker)));
      return replies.map((r) => ('memory' in r ? r.memory : { numTensors: NaN, numBytes: NaN }) as TensorMemory);
    },
    async close() {
      failure ??= new UnavailableError('text encoder is closed');
      const workers = slots.splice(0).map((slot) => slot.worker);
      for (const worker of workers) worker.removeAllListeners('exit');
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
