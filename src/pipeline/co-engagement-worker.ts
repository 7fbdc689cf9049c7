/**
 * Worker-thread side of coEngagementOffThread (co-engagement-thread.ts): its own tfjs instance, one part
 * of the snapshot's item graphs (the co-engagement graph with EASE's signed rows, or the RP3β walk)
 * computed from the training CSRs it is sent, their arrays sent back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Csr } from '../graph/csr';
import { initBackend } from '../models/backend';
import type { TrainData } from '../models/types';
import { coEngagementGraphs, walkGraph, type CoEngagementSettings, type ItemGraphs } from './co-engagement';

export interface CoEngagementJob {
  numUsers: number;
  numItems: number;
  userItems: Csr;
  itemUsers: Csr;
  /** The items' tags, for EASE's tag rows (the co-engagement part only). */
  itemTags?: TrainData['itemTags'];
  settings: Partial<CoEngagementSettings>;
  /** Which graphs: the co-engagement graph (and EASE's signed rows), or the walk. */
  part: 'coEngagement' | 'walk';
}

export type CoEngagementReply = { graphs: Partial<ItemGraphs> } | { error: string };

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('co-engagement-worker.ts runs only as a worker thread');
  const job = workerData as CoEngagementJob;
  try {
    if (job.part === 'coEngagement') await initBackend(); // EASE's fit; the walk needs no tensors
    const empty: Csr = {
      rows: job.numUsers,
      cols: job.numUsers,
      offsets: new Int32Array(job.numUsers + 1),
      targets: new Int32Array(0),
      weights: new Float32Array(0),
    };
    const train = { ...job, social: empty };
    const graphs: Partial<ItemGraphs> =
      job.part === 'walk' ? { walk: walkGraph(train, job.settings) } : coEngagementGraphs(train, job.settings);
    const buffers = Object.values(graphs).flatMap((g: Csr) => [g.offsets.buffer, g.targets.buffer, g.weights.buffer]);
    port.postMessage({ graphs } satisfies CoEngagementReply, buffers as ArrayBuffer[]);
  } catch (error) {
    port.postMessage({ error: (error as Error).message } satisfies CoEngagementReply);
  }
}

void main();
