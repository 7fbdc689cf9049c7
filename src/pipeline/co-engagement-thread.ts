/**
 * The co-engagement graph (and the RP3β walk graph beside it) computed on a worker thread, so a serving
 * snapshot's EASE fit (23 s for LastFM on wasm) or item-kNN build (12 s on the 10× world) never holds the
 * service's event loop. One worker per call, ended with it.
 */
import type { Csr } from '../graph/csr';
import type { TrainData } from '../models/types';
import { spawnWorker } from '../models/worker-thread';
import type { CoEngagementSettings } from './co-engagement';
import type { CoEngagementJob, CoEngagementReply } from './co-engagement-worker';

export function coEngagementOffThread(
  train: Pick<TrainData, 'numUsers' | 'numItems' | 'userItems' | 'itemUsers'>,
  settings: Partial<CoEngagementSettings> = {},
): Promise<{ graph: Csr; walk: Csr }> {
  const { numUsers, numItems, userItems, itemUsers } = train;
  const job: CoEngagementJob = { numUsers, numItems, userItems, itemUsers, settings };
  const worker = spawnWorker(__dirname, 'co-engagement-worker', job);
  return new Promise<{ graph: Csr; walk: Csr }>((resolve, reject) => {
    worker.once('message', (reply: CoEngagementReply) => {
      if ('graph' in reply) resolve({ graph: reply.graph, walk: reply.walk });
      else reject(new Error(`co-engagement worker: ${reply.error}`));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`co-engagement worker exited with code ${code}`)));
  }).finally(() => void worker.terminate());
}
