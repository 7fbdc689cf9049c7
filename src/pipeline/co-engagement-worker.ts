/**
 * Worker-thread side of coEngagementOffThread (co-engagement-thread.ts): its own tfjs instance, one
 * co-engagement graph computed from the training CSRs it is sent, the graph's arrays sent back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Csr } from '../graph/csr';
import { initBackend } from '../models/backend';
import { coEngagementGraph, type CoEngagementSettings } from './co-engagement';

export interface CoEngagementJob {
  numUsers: number;
  numItems: number;
  userItems: Csr;
  itemUsers: Csr;
  settings: Partial<CoEngagementSettings>;
}

export type CoEngagementReply = { graph: Csr } | { error: string };

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
    const graph = coEngagementGraph({ ...job, social: empty }, job.settings);
    const buffers = [graph.offsets.buffer, graph.targets.buffer, graph.weights.buffer] as ArrayBuffer[];
    port.postMessage({ graph } satisfies CoEngagementReply, buffers);
  } catch (error) {
    port.postMessage({ error: (error as Error).message } satisfies CoEngagementReply);
  }
}

void main();
