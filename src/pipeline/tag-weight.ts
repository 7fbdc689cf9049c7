/**
 * The weight of the media's tags in the snapshot's EASE (co-engagement.ts `tagWeight`), learned per
 * deployment on the train-ranker job's hold-out, as graph-ease learns its own on validation
 * (models/graph-ease.ts `tagGrid`): one EASE per weight of the grid on the kept engagement (the media's tags
 * and the users' tag uses in its Gram), each read alone — a user's score for an item is the sum of B over
 * the user's kept items — by NDCG@10 of the held-out engagements; the best is kept, ties to the earlier
 * weight. Which weight helps is the catalogue's: on LastFM's user tags graph-ease chose 1, on
 * movielens-tmdb's genres 3 to 10, on MovieLens's genres alone the fixed 3 cost the served ranking 0.5%
 * (docs/results.md, "Item tags in EASE's Gram").
 */
import type { Csr } from '../graph/csr';
import { easeScores, fitEase } from '../models/ease';
import type { TrainData } from '../models/types';

export interface TagWeightChoice {
  weight: number;
  /** Held-out NDCG@10 of EASE alone at each weight of the grid, in its order. */
  ndcg: number[];
}

/** Users scored at once (a block of users × items floats). */
const BLOCK_USERS = 256;
const K = 10;

/**
 * Chooses among `grid` on `train` (which holds the tags: TrainData.itemTags) by `users`' held-out
 * NDCG@10; the training items are not ranked. A grid of one weight is that weight, with nothing fitted.
 */
export function chooseTagWeight(
  train: TrainData,
  heldOut: Csr,
  users: Int32Array,
  grid: readonly number[],
  ease: { lambda: number; minUsers: number },
): TagWeightChoice {
  if (grid.length === 0) throw new Error('chooseTagWeight: an empty grid');
  if (grid.length === 1) return { weight: grid[0]!, ndcg: [] };
  const ndcg = grid.map((tagWeight) => heldOutNdcg(fitEase(train, { ...ease, tagWeight }), train, heldOut, users));
  let best = 0;
  for (let g = 1; g < grid.length; g++) if (ndcg[g]! > ndcg[best]!) best = g;
  return { weight: grid[best]!, ndcg };
}

function heldOutNdcg(model: ReturnType<typeof fitEase>, train: TrainData, heldOut: Csr, users: Int32Array): number {
  const n = train.numItems;
  const out = new Float32Array(Math.min(BLOCK_USERS, users.length) * n);
  let sum = 0;
  for (let start = 0; start < users.length; start += BLOCK_USERS) {
    const block = users.subarray(start, start + BLOCK_USERS);
    out.fill(0);
    easeScores(model, train, block, out);
    block.forEach((u, r) => {
      const row = out.subarray(r * n, (r + 1) * n);
      for (let k = train.userItems.offsets[u]!; k < train.userItems.offsets[u + 1]!; k++)
        row[train.userItems.targets[k]!] = -Infinity;
      sum += userNdcg(row, heldOut.targets.subarray(heldOut.offsets[u]!, heldOut.offsets[u + 1]!));
    });
  }
  return users.length > 0 ? sum / users.length : 0;
}

/** NDCG@10 of ranking `scores` (higher first, ties to the lower index) against the items of `relevant`. */
export function userNdcg(scores: Float32Array, relevant: Int32Array): number {
  if (relevant.length === 0) return 0;
  const top: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (s === -Infinity || (top.length === K && s <= scores[top[K - 1]!]!)) continue;
    let at = top.length === K ? K - 1 : top.length;
    while (at > 0 && scores[top[at - 1]!]! < s) {
      top[at] = top[at - 1]!;
      at--;
    }
    top[at] = i;
  }
  const wanted = new Set(relevant);
  let dcg = 0;
  top.forEach((i, rank) => {
    if (wanted.has(i)) dcg += 1 / Math.log2(rank + 2);
  });
  let ideal = 0;
  for (let rank = 0; rank < Math.min(K, wanted.size); rank++) ideal += 1 / Math.log2(rank + 2);
  return dcg / ideal;
}
