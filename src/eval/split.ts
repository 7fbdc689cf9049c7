/**
 * Per-user random train/validation/test split (the protocol of DESIGN.md, as RecBole's
 * `split: {RS: [0.8, 0.1, 0.1]}, group_by: user`).
 *
 * For each user (in index order, one RNG stream seeded by `seed`) the user's items, sorted by item
 * index, are Fisher–Yates shuffled and cut by RecBole's rounding rule:
 *   valid = ⌊0.1·n⌋, test = ⌊0.1·n⌋, train = n − valid − test;
 *   then, walking test, valid: if train > 1 and 0 < ratio·n < 1 the part gets one item from train.
 * So n=50 → 40/5/5, n=15 → 13/1/1, n=3 → 1/1/1, n=2 → 1/0/1, n=1 → 1/0/0.
 * The three parts are disjoint and cover every pair; the same seed gives the same split. A dataset's
 * non-positive engaged pairs (a 1-star RATE, a DISLIKE) are split by the same rule on a stream of their own.
 */
import { BadInputError } from '../domain/errors';
import { buildCsr } from '../graph/csr';
import type { Csr } from '../graph/csr';
import { createRng, shuffle } from '../models/random';
import type { Dataset } from './dataset';

export interface SplitOptions {
  seed: number;
  ratios: readonly [number, number, number];
}

export const SPLIT_DEFAULTS: Readonly<SplitOptions> = Object.freeze({ seed: 1, ratios: [0.8, 0.1, 0.1] as const });

export interface Split {
  seed: number;
  numUsers: number;
  numItems: number;
  /** user → items CSRs, weights are the engagement weights of the pairs. */
  train: Csr;
  valid: Csr;
  test: Csr;
  /**
   * The dataset's non-positive engaged pairs (Dataset.nonPositive), split per user by the same rule on a
   * stream of their own: the training share is known to the service (never ranked in validation), the
   * validation share too by test time. Their test share is never needed.
   */
  nonPositive?: { train: Csr; valid: Csr };
}

/** Makes the non-positive pairs' random stream differ from the positives' for the same seed (the split's, --keep-share's). */
export const NON_POSITIVE_SALT = 0x2545f491;

/** RecBole's `_calcu_split_ids` counts for n items. */
export function splitCounts(n: number, ratios: readonly number[]): number[] {
  const cnt = ratios.map((r) => Math.floor(r * n));
  cnt[0] = n - cnt.slice(1).reduce((s, c) => s + c, 0);
  for (let i = 1; i < ratios.length; i++) {
    if (cnt[0]! <= 1) break;
    const r = ratios[ratios.length - i]! * n;
    if (r > 0 && r < 1) {
      cnt[ratios.length - i]! += 1;
      cnt[0]! -= 1;
    }
  }
  return cnt;
}

export function splitByUser(dataset: Dataset, options: Partial<SplitOptions> = {}): Split {
  const settings = { ...SPLIT_DEFAULTS, ...options };
  if (!Number.isInteger(settings.seed))
    throw new BadInputError('seed', `seed must be an integer (got ${settings.seed})`, settings.seed);
  const sum = settings.ratios[0] + settings.ratios[1] + settings.ratios[2];
  if (Math.abs(sum - 1) > 1e-9 || settings.ratios.some((r) => r < 0)) {
    throw new BadInputError(
      'ratios',
      `ratios must be non-negative and sum to 1 (got ${settings.ratios.join(',')})`,
      settings.ratios,
    );
  }
  const nu = dataset.userIds.length;
  const ni = dataset.itemIds.length;
  const [train, valid, test] = splitPairs(dataset.pairs, nu, ni, settings.ratios, createRng(settings.seed));
  const split: Split = { seed: settings.seed, numUsers: nu, numItems: ni, train, valid, test };
  if (!dataset.nonPositive) return split;
  // Their own stream: the positives' split is the same with or without them.
  const [trainNp, validNp] = splitPairs(
    dataset.nonPositive,
    nu,
    ni,
    settings.ratios,
    createRng(settings.seed ^ NON_POSITIVE_SALT),
  );
  return { ...split, nonPositive: { train: trainNp, valid: validNp } };
}

/** Each user's pairs shuffled and cut into train / valid / test by RecBole's rule (module comment). */
function splitPairs(
  pairs: Dataset['pairs'],
  nu: number,
  ni: number,
  ratios: readonly number[],
  rng: ReturnType<typeof createRng>,
): [Csr, Csr, Csr] {
  const all = buildCsr(nu, ni, pairs.user, pairs.item, pairs.weight);
  const parts = [0, 1, 2].map(() => ({ u: [] as number[], i: [] as number[], w: [] as number[] }));
  const order = new Int32Array(256);
  for (let u = 0; u < nu; u++) {
    const start = all.offsets[u]!;
    const n = all.offsets[u + 1]! - start;
    if (n === 0) continue;
    const idx = n <= order.length ? order : new Int32Array(n);
    for (let k = 0; k < n; k++) idx[k] = start + k;
    shuffle(idx, rng, 0, n);
    const cnt = splitCounts(n, ratios);
    let k = 0;
    for (let p = 0; p < 3; p++) {
      for (let c = 0; c < cnt[p]!; c++, k++) {
        const e = idx[k]!;
        parts[p]!.u.push(u);
        parts[p]!.i.push(all.targets[e]!);
        parts[p]!.w.push(all.weights[e]!);
      }
    }
  }
  return parts.map((p) => buildCsr(nu, ni, Int32Array.from(p.u), Int32Array.from(p.i), Float32Array.from(p.w))) as [
    Csr,
    Csr,
    Csr,
  ];
}
