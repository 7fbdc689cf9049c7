/**
 * Training examples for the fusion ranker, the way it is used: for each user with held-out
 * positives, run the serving candidate pipeline on data that does NOT contain those pairs, label a
 * candidate 1 when it is held out, 0 otherwise, and keep every positive plus a seeded sample of
 * `negativesPerUser` negatives (the ranker sees ~10⁵ rows, not 10⁶). Evaluation passes validation
 * pairs (components fitted on training pairs); the train-ranker job passes each user's most recent
 * interactions, with the snapshot built without them.
 */
import type { Csr } from '../graph/csr';
import { createRng, shuffle } from '../models/random';
import { BLEND_PARTS, blendParts } from './blend';
import { fillCandidates } from './candidate-scan';
import { computeFeatures, NUM_FEATURES, type Signals } from './features';
import { buildFilter } from './filters';
import type { RankingData } from './ranking-data';
import { mergeCandidates } from './candidates';
import { requestCandidates, requestSignals, type RankOptions } from './rank-for-user';
import { userStateFromData } from './user-state';

export interface ExampleOptions {
  negativesPerUser: number;
  seed: number;
  /** Users considered (all users with held-out pairs when absent). */
  users?: Int32Array;
  now?: number;
  rank: Partial<RankOptions>;
  /** Replaces or augments a user's signals before candidates are drawn (the fused model puts its
   * dense EASE row into `co` here, the same way it scores). */
  adjustSignals?: (user: number, signals: Signals) => void;
  /** Of the negatives, this many are the candidates with the highest co-engagement score (hard
   * negatives: the ones a top-10 list must be told apart from); the rest are sampled at random. */
  hardNegatives?: number;
  /** Also return each row's z-scored blend components (RankerExamples.blendParts), to tune the blend's weights. */
  blendParts?: boolean;
}

export const EXAMPLE_DEFAULTS: Readonly<Omit<ExampleOptions, 'users' | 'now'>> = Object.freeze({
  negativesPerUser: 50,
  seed: 1,
  rank: {},
});

export interface RankerExamples {
  rows: Float32Array;
  labels: Uint8Array;
  /** The user of each row (for per-user folds, e.g. cross-fitted validation). */
  rowUsers: Int32Array;
  /** The candidate item of each row (ranking breaks score ties by it, as rankForUser does). */
  rowItems: Int32Array;
  /** Share of held-out positives that the candidate sources retrieved (candidate recall). */
  candidateRecall: number;
  /**
   * With `blendParts`: per row, the blend's z-scored EASE, walk, graph and social components (BLEND_PARTS
   * per row, placed as BLEND_PART says; zeros without a blend).
   */
  blendParts?: Float32Array;
}

export function collectRankerExamples(
  data: RankingData,
  heldOut: Csr,
  options: Partial<ExampleOptions> = {},
): RankerExamples {
  const settings = { ...EXAMPLE_DEFAULTS, ...options };
  const rng = createRng(settings.seed);
  const rowChunks: Float32Array[] = [];
  const labelList: number[] = [];
  const userList: number[] = [];
  const itemList: number[] = [];
  const partChunks: Float32Array[] = [];
  let found = 0;
  let total = 0;
  const users = settings.users ?? Int32Array.from({ length: heldOut.rows }, (_, u) => u);
  for (const u of users) {
    const start = heldOut.offsets[u]!;
    const end = heldOut.offsets[u + 1]!;
    if (end === start) continue;
    const positives = new Set<number>();
    for (let k = start; k < end; k++) positives.add(heldOut.targets[k]!);
    const state = userStateFromData(data, u);
    const request = { user: u, state, k: 0, ...(settings.now !== undefined ? { now: settings.now } : {}) };
    const signals = requestSignals(data, request, settings.rank);
    settings.adjustSignals?.(u, signals);
    const accept = buildFilter(data, state, {});
    const cands = mergeCandidates(requestCandidates(data, signals, accept, request, settings.rank)).map((c) => c.item);
    const pos = cands.filter((i) => positives.has(i));
    let neg = cands.filter((i) => !positives.has(i));
    const hard = Math.min(settings.hardNegatives ?? 0, settings.negativesPerUser, neg.length);
    let hardList: number[] = [];
    if (hard > 0) {
      const co = signals.co.scores;
      neg.sort((a, b) => co[b]! - co[a]! || a - b);
      hardList = neg.slice(0, hard);
      neg = neg.slice(hard);
    }
    shuffle(neg, rng);
    const chosen = [...pos, ...hardList, ...neg.slice(0, settings.negativesPerUser - hard)];
    found += pos.length;
    total += positives.size;
    fillCandidates(data, signals, chosen);
    rowChunks.push(computeFeatures(data, signals, chosen, settings.now !== undefined ? { now: settings.now } : {}));
    if (settings.blendParts) {
      const b = signals.blend;
      partChunks.push(b ? blendParts(b, chosen) : new Float32Array(chosen.length * BLEND_PARTS));
    }
    for (let t = 0; t < chosen.length; t++) {
      labelList.push(t < pos.length ? 1 : 0);
      userList.push(u);
      itemList.push(chosen[t]!);
    }
  }
  return {
    rows: concat(rowChunks),
    labels: Uint8Array.from(labelList),
    rowUsers: Int32Array.from(userList),
    rowItems: Int32Array.from(itemList),
    candidateRecall: total ? found / total : 0,
    ...(settings.blendParts ? { blendParts: concat(partChunks) } : {}),
  };
}

function concat(chunks: Float32Array[]): Float32Array {
  const out = new Float32Array(chunks.reduce((n, c) => n + c.length, 0));
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}

/** Subtracts from each row its user's mean row (rows grouped by user in any order). */
export function centreByUser(rows: Float32Array, rowUsers: Int32Array): void {
  const F = NUM_FEATURES;
  const sum = new Map<number, { n: number; s: Float64Array }>();
  rowUsers.forEach((u, r) => {
    let e = sum.get(u);
    if (!e) sum.set(u, (e = { n: 0, s: new Float64Array(F) }));
    e.n++;
    for (let f = 0; f < F; f++) e.s[f]! += rows[r * F + f]!;
  });
  rowUsers.forEach((u, r) => {
    const e = sum.get(u)!;
    for (let f = 0; f < F; f++) rows[r * F + f]! -= e.s[f]! / e.n;
  });
}
