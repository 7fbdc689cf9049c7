/**
 * Worker-thread side of coEngagementOffThread (co-engagement-thread.ts): its own tfjs instance, the
 * snapshot's item graphs (co-engagement, RP3β walk, EASE's signed rows) computed from the training CSRs
 * it is sent, their arrays sent back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Csr } from '../graph/csr';
import { initBackend } from '../models/backend';
import { itemGraphs, type CoEngagementSettings, type ItemGraphs } from './co-engagement';

export interface CoEngagementJob {
  numUsers: number;
  numItems: number;
  userItems: Csr;
  itemUsers: Csr;
  settings: Partial<CoEngagementSettings>;
}

export type CoEngagementReply = { graphs: ItemGraphs } | { error: string };

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('co-engagement-worker.ts runs only as a worker thread');
  const job = workerData as CoEngagementJob;
  try {
    await initBackend();
    const empty: Csr = {
      rows: job.numUsers,
      cols: job.numUsers,
      offsets: new Int32Array(job.numUsers + 1),
      targets: new Int32Array(0),
      weights: new Float32Array(0),
    };
    const train = { ...job, social: empty };
    const graphs = itemGraphs(train, job.settings);
    const buffers = Object.values(graphs).flatMap((g: Csr) => [g.offsets.buffer, g.targets.buffer, g.weights.buffer]);
    port.postMessage({ graphs } satisfies CoEngagementReply, buffers as ArrayBuffer[]);
  } catch (error) {
    port.postMessage({ error: (error as Error).message } satisfies CoEngagementReply);
  }
}

void main();
