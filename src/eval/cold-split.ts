/**
 * The cold-items split (docs/evaluation.md, "Cold-start items"): new uploads that nobody has engaged
 * with yet, which only their content can place.
 *
 * Per seed (one mulberry32 stream) the item indices 0..n−1 are Fisher–Yates shuffled; the first
 * round(coldShare·n) are the cold (test) items, the next round(validShare·(n − cold)) the
 * validation-cold items, the rest the training items. So with the defaults 20% of the items are cold,
 * a further 10% of the warm ones act as cold for tuning, and training sees 72% of the items:
 *   train = every positive on a training item   valid = every positive on a validation-cold item
 *   test  = every positive on a cold item
 * The three parts are disjoint by item and together hold every positive. A test user has ≥ 1
 * training and ≥ 1 test positive (likewise for validation) and ranks the cold items only
 * (testCandidates; validCandidates for validation): the "new uploads" shelf.
 */
import { BadInputError } from '../domain/errors';
import { buildCsr } from '../graph/csr';
import type { Csr } from '../graph/csr';
import { createRng, shuffle } from '../models/random';
import type { Dataset } from './dataset';
import type { Split } from './split';

export interface ColdSplitOptions {
  seed: number;
  /** Share of all items that are cold (test). */
  coldShare: number;
  /** Share of the remaining warm items held out as cold for validation. */
  validShare: number;
}

export const COLD_SPLIT_DEFAULTS: Readonly<ColdSplitOptions> = Object.freeze({
  seed: 1,
  coldShare: 0.2,
  validShare: 0.1,
});

export interface ColdSplit extends Split {
  /** Cold (test) items, ascending. */
  coldItems: Int32Array;
  /** Validation-cold items, ascending. */
  validItems: Int32Array;
  /** 1 for the items a test user ranks (the cold items), else 0. */
  testCandidates: Uint8Array;
  /** 1 for the items a validation user ranks (the validation-cold items), else 0. */
  validCandidates: Uint8Array;
  /** Users with ≥ 1 training and ≥ 1 test positive, ascending. */
  testUsers: Int32Array;
  /** Users with ≥ 1 training and ≥ 1 validation positive, ascending. */
  validUsers: Int32Array;
}

function share(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0 || value >= 1)
    throw new BadInputError(name, `${name} must be in (0, 1) (got ${value})`, value);
  return value;
}

const rowsWithEntries = (a: Csr, b: Csr): Int32Array => {
  const out: number[] = [];
  for (let u = 0; u < a.rows; u++)
    if (a.offsets[u + 1]! > a.offsets[u]! && b.offsets[u + 1]! > b.offsets[u]!) out.push(u);
  return Int32Array.from(out);
};

export function coldItemSplit(dataset: Dataset, options: Partial<ColdSplitOptions> = {}): ColdSplit {
  const settings = { ...COLD_SPLIT_DEFAULTS, ...options };
  if (!Number.isInteger(settings.seed))
    throw new BadInputError('seed', `seed must be an integer (got ${settings.seed})`, settings.seed);
  share('coldShare', settings.coldShare);
  share('validShare', settings.validShare);
  const nu = dataset.userIds.length;
  const ni = dataset.itemIds.length;
  const order = shuffle(
    Int32Array.from({ length: ni }, (_, i) => i),
    createRng(settings.seed),
  );
  const nCold = Math.round(settings.coldShare * ni);
  const nValid = Math.round(settings.validShare * (ni - nCold));
  // part of each item: 0 train, 1 validation-cold, 2 cold (test)
  const part = new Uint8Array(ni);
  for (let k = 0; k < nCold; k++) part[order[k]!] = 2;
  for (let k = nCold; k < nCold + nValid; k++) part[order[k]!] = 1;

  const parts = [0, 1, 2].map(() => ({ u: [] as number[], i: [] as number[], w: [] as number[] }));
  const { user, item, weight } = dataset.pairs;
  for (let k = 0; k < user.length; k++) {
    const p = parts[part[item[k]!]!]!;
    p.u.push(user[k]!);
    p.i.push(item[k]!);
    p.w.push(weight[k]!);
  }
  const [train, valid, test] = parts.map((p) =>
    buildCsr(nu, ni, Int32Array.from(p.u), Int32Array.from(p.i), Float32Array.from(p.w)),
  ) as [Csr, Csr, Csr];
  const itemsOf = (p: number): Int32Array => Int32Array.from(Array.from(part.keys()).filter((i) => part[i] === p));
  return {
    seed: settings.seed,
    numUsers: nu,
    numItems: ni,
    train,
    valid,
    test,
    coldItems: itemsOf(2),
    validItems: itemsOf(1),
    testCandidates: Uint8Array.from(part, (p) => (p === 2 ? 1 : 0)),
    validCandidates: Uint8Array.from(part, (p) => (p === 1 ? 1 : 0)),
    testUsers: rowsWithEntries(train, test),
    validUsers: rowsWithEntries(train, valid),
  };
}
