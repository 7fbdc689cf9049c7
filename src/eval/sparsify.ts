/**
 * `eval --keep-share p`: the dataset with a seeded share p of every user's pairs, to see how the models hold
 * on a sparse catalogue (few engagements per user and per item, where popularity can beat the personalised
 * models) built from data at hand. Each user keeps max(1, round(p·n)) of their n pairs, drawn by one RNG
 * stream over users in index order (the same data every run); user-generated tags stay only on kept pairs.
 * Users, media, their texts and facts and the social edges are unchanged: a media item left without a pair
 * is simply never engaged. A dataset's non-positive engaged pairs are thinned alike.
 */
import { BadInputError } from '../domain/errors';
import { createRng, shuffle } from '../models/random';
import type { Dataset } from './dataset';
import { NON_POSITIVE_SALT } from './split';

/** Seed of the draw: fixed, so every model and every split seed sees the same sparse dataset. */
export const KEEP_SHARE_SEED = 1;

/** The share as a number in (0, 1], else a typed error naming --keep-share and what was given. */
export function checkKeepShare(given: number | string): number {
  const share = Number(given);
  if (!(share > 0 && share <= 1))
    throw new BadInputError('--keep-share', `--keep-share must be a number in (0, 1] (got ${given})`, given);
  return share;
}

export function keepShareOfPairs(dataset: Dataset, share: number, seed = KEEP_SHARE_SEED): Dataset {
  if (checkKeepShare(share) === 1) return dataset;
  const { user, item } = dataset.pairs;
  const { pairs, kept } = keepShare(dataset.pairs, dataset.userIds.length, share, createRng(seed));
  const keptPairs = new Set(kept.map((k) => user[k]! * dataset.itemIds.length + item[k]!));
  const out: Dataset = { ...dataset, name: `${dataset.name}-keep${share}`, pairs };
  // The non-positive engaged pairs thinned alike, on a stream of their own (the positives' draw is unchanged).
  if (dataset.nonPositive)
    out.nonPositive = keepShare(
      dataset.nonPositive,
      dataset.userIds.length,
      share,
      createRng(seed ^ NON_POSITIVE_SALT),
    ).pairs;
  const tags = dataset.tagAssignments;
  if (tags) {
    const on = [...tags.user.keys()].filter((k) =>
      keptPairs.has(tags.user[k]! * dataset.itemIds.length + tags.item[k]!),
    );
    out.tagAssignments = {
      user: Int32Array.from(on, (k) => tags.user[k]!),
      item: Int32Array.from(on, (k) => tags.item[k]!),
      tag: Int32Array.from(on, (k) => tags.tag[k]!),
    };
  }
  return out;
}

/** max(1, round(share · n)) of each user's n pairs (users in index order, each one's pairs by item), drawn by `rng`. */
function keepShare(
  all: Dataset['pairs'],
  numUsers: number,
  share: number,
  rng: ReturnType<typeof createRng>,
): { pairs: Dataset['pairs']; kept: number[] } {
  const { user, item, weight } = all;
  const byUser: number[][] = Array.from({ length: numUsers }, () => []);
  for (let k = 0; k < user.length; k++) byUser[user[k]!]!.push(k);
  const kept: number[] = [];
  for (const pairs of byUser) {
    if (pairs.length === 0) continue;
    pairs.sort((a, b) => item[a]! - item[b]!);
    const n = Math.max(1, Math.round(share * pairs.length));
    kept.push(...shuffle(Int32Array.from(pairs), rng).slice(0, n));
  }
  kept.sort((a, b) => a - b);
  return {
    kept,
    pairs: {
      user: Int32Array.from(kept, (k) => user[k]!),
      item: Int32Array.from(kept, (k) => item[k]!),
      weight: Float32Array.from(kept, (k) => weight[k]!),
    },
  };
}
