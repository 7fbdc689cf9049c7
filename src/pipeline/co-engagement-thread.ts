/**
 * The snapshot's item graphs (co-engagement, RP3β walk, EASE's signed rows) computed on a worker thread, so a serving
 * snapshot's EASE fit (23 s for LastFM on wasm) or item-kNN build (12 s on the 10× world) never holds the
 * service's event loop. One worker per call, ended with it.
 */
import type { TrainData } from '../models/types';
import { spawnWorker } from '../models/worker-thread';
import type { CoEngagementSettings, ItemGraphs } from './co-engagement';
import type { CoEngagementJob, CoEngagementReply } from './co-engagement-worker';

export function coEngagementOffThread(
  train: Pick<TrainData, 'numUsers' | 'numItems' | 'userItems' | 'itemUsers'>,
  settings: Partial<CoEngagementSettings> = {},
): Promise<ItemGraphs> {
  const { numUsers, numItems, userItems, itemUsers } = train;
  const job: CoEngagementJob = { numUsers, numItems, userItems, itemUsers, settings };
  const worker = spawnWorker(__dirname, 'co-engagement-worker', job);
  return new Promise<ItemGraphs>((resolve, reject) => {
    worker.once('message', (reply: CoEngagementReply) => {
      if ('graphs' in reply) resolve(reply.graphs);
      else reject(new Error(`co-engagement worker: ${reply.error}`));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`co-engagement worker exited with code ${code}`)));
  }).finally(() => void worker.terminate());
}
