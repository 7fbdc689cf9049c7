/**
 * The snapshot's item graphs (co-engagement, RP3β walk, EASE's signed rows) computed on worker threads, so a
 * serving snapshot's EASE fit (23 s for LastFM on wasm) or item-kNN build (12 s on the 10× world) never
 * holds the service's event loop. Two workers per call, one for the co-engagement graph (and EASE's
 * rows) and one for the walk, run at once and ended with it: at 100× LastFM the two builds were the
 * load's last ~270 s on one core while the other waited (docs/results.md, "Scale"). The two read one
 * copy of the training CSRs on shared memory (each was sent its own copy before).
 */
import type { Worker } from 'node:worker_threads';
import { sharedCsr } from '../graph/csr';
import type { TrainData } from '../models/types';
import { spawnWorker } from '../models/worker-thread';
import type { CoEngagementSettings, ItemGraphs } from './co-engagement';
import type { CoEngagementJob, CoEngagementReply } from './co-engagement-worker';

export async function coEngagementOffThread(
  train: Pick<TrainData, 'numUsers' | 'numItems' | 'userItems' | 'itemUsers' | 'itemTags'>,
  settings: Partial<CoEngagementSettings> = {},
): Promise<ItemGraphs> {
  const shared = { ...train, userItems: sharedCsr(train.userItems), itemUsers: sharedCsr(train.itemUsers) };
  const parts = [part(shared, settings, 'coEngagement'), part(shared, settings, 'walk')];
  try {
    const [co, walk] = await Promise.all(parts.map((p) => p.graphs));
    return { ...co, walk: walk!.walk! } as ItemGraphs;
  } finally {
    // Ended either way: when one part fails, the other's build is not waited for.
    for (const p of parts) void p.worker.terminate();
  }
}

function part(
  train: Pick<TrainData, 'numUsers' | 'numItems' | 'userItems' | 'itemUsers' | 'itemTags'>,
  settings: Partial<CoEngagementSettings>,
  which: CoEngagementJob['part'],
): { worker: Worker; graphs: Promise<Partial<ItemGraphs>> } {
  const { numUsers, numItems, userItems, itemUsers, itemTags } = train;
  const job: CoEngagementJob = {
    numUsers,
    numItems,
    userItems,
    itemUsers,
    ...(itemTags && which === 'coEngagement' ? { itemTags } : {}),
    settings,
    part: which,
  };
  const worker = spawnWorker(__dirname, 'co-engagement-worker', job);
  const graphs = new Promise<Partial<ItemGraphs>>((resolve, reject) => {
    worker.once('message', (reply: CoEngagementReply) => {
      if ('graphs' in reply) resolve(reply.graphs);
      else reject(new Error(`co-engagement worker: ${reply.error}`));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`co-engagement worker exited with code ${code}`)));
  });
  return { worker, graphs };
}
