/**
 * Safe selection of the served ranker (issue 16: a fusion never worse, on held-out engagement, than the
 * best single signal it contains). Options: the logistic ranker trained on the examples, the same
 * trained on rows centred per user, each of those with its blend weight multiplied by a factor of
 * `blendBoosts` (a line search along the one feature that is itself a tuned ranking, below), the default
 * ranker the deployment would otherwise serve, and each non-constant feature alone (a one-hot ranker on
 * that feature). Each option ranks every held-out user's whole candidate list; the score is the mean
 * NDCG@10 of those lists (positives: the user's held-out items among the candidates). The trained
 * rankers are cross-fitted — users in two seeded folds, trained on one fold's sampled examples and scored
 * on the other's lists — so they are not judged on their own training rows; the others have nothing to
 * fit. The best option is served (ties keep the earlier: trained and its boosted variants,
 * trained-centred and its, default, then features in FEATURE_NAMES order), but the reference — the first
 * option (the trained ranker), or with `reference: 'best-feature'` the best single feature — is left only
 * for one whose gain over it passes `margin` standard errors of the per-list differences: with a dozen
 * options and a few hundred held-out users, the highest mean is often a winner by noise (the train-ranker
 * job's margin and its measurements: pipeline/ranker-fit.ts, SELECTION_MARGIN). A trained option is
 * refitted on every user's examples.
 *
 * Why the boosts: the logistic fit on sampled negatives weighs a feature by how well it separates
 * positives from random candidates, while NDCG@10 depends on the top of the list, where the blend
 * (graph-ease's own score) orders best. Measured on movielens-tmdb (3 seeds, trained ranker served):
 * the blend weight ×2 read validation NDCG@10 0.2023 against 0.2010 at ×1 and 0.2001 for the blend alone
 * (docs/results.md, "The blend from EASE's signed rows"). Only that one direction is searched: a full
 * listwise refit of every weight on these lists fitted their noise (results.md, session 7).
 */
import { idealDcg, rankGain } from './dcg';
import { BadInputError } from '../domain/errors';
import { createRng, shuffle } from '../models/random';
import { FEATURE_NAMES, NUM_FEATURES } from './features';
import { scoreRows, trainRanker, type RankerModel, type TrainRankerOptions } from './ranker';
import { centreByUser, type RankerExamples } from './ranker-training';

/** Rows of whole candidate lists, with the user of each row. */
export type CandidateLists = Pick<RankerExamples, 'rows' | 'labels' | 'rowUsers' | 'rowItems'>;

export interface SelectionOptions {
  seed: number;
  /** Negatives sampled per user for training (all positives are kept). */
  negativesPerUser: number;
  /** The ranker served when nothing is trained (also the trained ranker's fallback for constant features). */
  fallback: RankerModel;
  train: Partial<TrainRankerOptions>;
  /** Also measure the chosen trained ranker with each feature removed in turn (cross-fitted). */
  ablate?: boolean;
  /** Factors the trained rankers' blend weight is also tried at (1 is always tried). */
  blendBoosts?: readonly number[];
  /**
   * Per-list NDCG@10 of single-feature options estimated elsewhere (keyed by the list's first row), used
   * in place of ranking the lists with the feature as it stands: a feature tuned on these lists (the
   * blend's weights) is judged cross-fitted.
   */
  featureScores?: Partial<Record<string, PerList>>;
  /**
   * How sure a challenger must be to replace the reference option (the first: trained, else default):
   * its mean gain over the reference must pass `margin` standard errors of the per-list differences
   * (0: the highest mean wins).
   */
  margin?: number;
  /**
   * The reference a challenger must be surely better than: 'first' (the trained ranker, else the default)
   * or 'best-feature' (the single feature with the highest mean, the safe fallback; the first option when
   * no feature varies).
   */
  reference?: SelectionReference;
}

export const SELECTION_REFERENCES = ['first', 'best-feature'] as const;
export type SelectionReference = (typeof SELECTION_REFERENCES)[number];

/** NDCG@10 of each list with a positive, keyed by the list's first row (fused keys its validation users'
 * values by user: surelyBetter pairs values by key, whatever the key). */
export type PerList = Map<number, number>;

export interface RankerSelection {
  model: RankerModel;
  /** 'trained', 'trained-centred' (either with ', blend ×b' for a boost), 'default' or 'feature:<name>'. */
  chosen: string;
  /** Mean NDCG@10 over the held-out users' candidate lists, per option (trained: cross-fitted). */
  ndcg: Record<string, number>;
  /** With `ablate` and a trained ranker chosen: its cross-fitted NDCG@10 without each feature. */
  ablation?: Record<string, number>;
}

export interface UserRange {
  user: number;
  start: number;
  end: number;
}

/** Row ranges [start, end) of each user's list (rows of one user are contiguous). */
export function userRanges(lists: CandidateLists): UserRange[] {
  const out: UserRange[] = [];
  for (let r = 0; r < lists.labels.length; r++) {
    const last = out[out.length - 1];
    if (last && last.user === lists.rowUsers[r]) last.end = r + 1;
    else out.push({ user: lists.rowUsers[r]!, start: r, end: r + 1 });
  }
  return out;
}

/**
 * NDCG@10 of one list ranked by scores, ties broken by the lower item id as rankForUser breaks them (not
 * by row order: candidates arrive ordered by their sources, and that order would leak a second signal
 * into a single feature's ranking); undefined without positives.
 */
export function listNdcg(scores: ArrayLike<number>, labels: ArrayLike<number>, items: ArrayLike<number>) {
  const order = Array.from({ length: labels.length }, (_, k) => k);
  order.sort((a, b) => scores[b]! - scores[a]! || items[a]! - items[b]!);
  let positives = 0;
  for (let r = 0; r < labels.length; r++) positives += labels[r]!;
  if (positives === 0) return undefined;
  let dcg = 0;
  for (let k = 0; k < Math.min(10, order.length); k++) if (labels[order[k]!]) dcg += rankGain(k);
  return dcg / idealDcg(positives, 10);
}

/** Rows of the chosen users: all their positives and up to `negatives` sampled negatives each. */
function sample(lists: CandidateLists, ranges: UserRange[], negatives: number, seed: number) {
  const rng = createRng(seed);
  const keep: number[] = [];
  for (const { start, end } of ranges) {
    const neg: number[] = [];
    for (let r = start; r < end; r++) (lists.labels[r] ? keep : neg).push(r);
    keep.push(...shuffle(neg, rng).slice(0, negatives));
  }
  const F = NUM_FEATURES;
  const rows = new Float32Array(keep.length * F);
  keep.forEach((r, k) => rows.set(lists.rows.subarray(r * F, (r + 1) * F), k * F));
  return {
    rows,
    labels: Uint8Array.from(keep, (r) => lists.labels[r]!),
    users: Int32Array.from(keep, (r) => lists.rowUsers[r]!),
  };
}

/**
 * The logistic ranker on sampled rows. `centred`: each user's rows minus that user's mean row first (a
 * fixed-effects logit: only within-user contrasts, which is all that orders one user's list; pooled rows
 * let users with more positives and larger feature values pull a weight the wrong way — measured on
 * movielens-tmdb, results.md "Fusion on movielens-tmdb"). Its means are then set back to the raw rows'
 * means, which changes no user's order and keeps scores and explanations centred on a typical candidate.
 */
function fit(lists: CandidateLists, ranges: UserRange[], settings: SelectionOptions, centred: boolean): RankerModel {
  const ex = sample(lists, ranges, settings.negativesPerUser, settings.seed);
  const F = NUM_FEATURES;
  // A feature constant within every list cannot order one; fitted pointwise it only learns who the user
  // is (measured: kindPreference fitted on all-VIDEO movielens-tmdb, test N@10 0.2239 against 0.2276 left
  // out). Left constant, it takes the fallback's weight, which shifts a whole list and changes no order.
  for (const f of listConstantFeatures(lists, ranges))
    for (let r = 0; r < ex.labels.length; r++) ex.rows[r * F + f] = 0;
  const rawMean = new Array<number>(F).fill(0);
  for (let r = 0; r < ex.labels.length; r++)
    for (let f = 0; f < F; f++) rawMean[f]! += ex.rows[r * F + f]! / ex.labels.length;
  if (centred) centreByUser(ex.rows, ex.users);
  const model = trainRanker(ex.rows, ex.labels, {
    ...settings.train,
    fallback: settings.fallback,
    seed: settings.seed,
  });
  if (!centred) return model;
  const borrowed = new Set((model.meta?.fromFallback as string[] | undefined) ?? []);
  const mean = model.mean.map((m, f) => (borrowed.has(FEATURE_NAMES[f]!) ? m : rawMean[f]!));
  return { ...model, mean, meta: { ...model.meta, userCentred: true } };
}

/** Features whose value never varies within any of the given lists. */
export function listConstantFeatures(lists: CandidateLists, ranges: UserRange[]): number[] {
  const F = NUM_FEATURES;
  const out: number[] = [];
  for (let f = 0; f < F; f++) {
    const varies = ranges.some(({ start, end }) => {
      const first = lists.rows[start * F + f]!;
      for (let r = start + 1; r < end; r++) if (Math.abs(lists.rows[r * F + f]! - first) > 1e-9) return true;
      return false;
    });
    if (!varies) out.push(f);
  }
  return out;
}

/**
 * Sum of list NDCG@10 over the given users' lists scored by `score(start, end)`, and how many had a
 * positive; each list's value also goes into `perList` when given.
 */
export function listsNdcgSum(
  lists: CandidateLists,
  ranges: UserRange[],
  score: (start: number, end: number) => ArrayLike<number>,
  perList?: PerList,
) {
  let sum = 0;
  let n = 0;
  for (const { start, end } of ranges) {
    const v = listNdcg(score(start, end), lists.labels.subarray(start, end), lists.rowItems.subarray(start, end));
    if (v === undefined) continue;
    perList?.set(start, v);
    sum += v;
    n++;
  }
  return { sum, n };
}

/** listsNdcgSum with the lists scored by a ranker. */
function ndcgSum(model: RankerModel, lists: CandidateLists, ranges: UserRange[], perList?: PerList) {
  const F = NUM_FEATURES;
  return listsNdcgSum(
    lists,
    ranges,
    (start, end) => scoreRows(model, lists.rows.subarray(start * F, end * F)),
    perList,
  );
}

/** Mean of the per-list values. */
export function perListMean(perList: PerList): number {
  let sum = 0;
  for (const v of perList.values()) sum += v;
  return perList.size ? sum / perList.size : 0;
}

/**
 * Whether `challenger` beats `reference` by more than `margin` standard errors of their per-list
 * differences (paired over the reference's lists; margin 0: any mean gain).
 */
export function surelyBetter(challenger: PerList, reference: PerList, margin: number): boolean {
  let n = 0;
  let sum = 0;
  let squares = 0;
  for (const [start, v] of reference) {
    const d = (challenger.get(start) ?? 0) - v;
    n++;
    sum += d;
    squares += d * d;
  }
  if (n === 0) return false;
  const mean = sum / n;
  const variance = n > 1 ? (squares - n * mean * mean) / (n - 1) : 0;
  return mean > margin * Math.sqrt(Math.max(0, variance) / n);
}

/** An option of a safe selection: its mean NDCG@10 and, where known, its per-list (or per-user) values. */
export interface ScoredOption {
  mean: number;
  lists?: PerList;
}

/**
 * Index of the option to serve: the reference, unless another has a higher mean and its gain over the
 * reference passes `margin` standard errors of the paired differences (surelyBetter). Without per-list
 * values on both sides the higher mean is enough. Ties keep the reference, then the earlier option.
 * The train-ranker job's selection (selectRanker) and fused's (eval/fused/fused-model.ts) both choose so.
 */
export function safeChoice(options: readonly ScoredOption[], reference: number, margin: number): number {
  const ref = options[reference]!;
  let best = reference;
  options.forEach((option, i) => {
    if (option.mean <= options[best]!.mean) return;
    if (!option.lists || !ref.lists || surelyBetter(option.lists, ref.lists, margin)) best = i;
  });
  return best;
}

/** Index of the option with the highest mean among those `eligible` accepts (ties: the earlier); 0 when none. */
export function bestAmong(options: readonly Pick<ScoredOption, 'mean'>[], eligible: (i: number) => boolean): number {
  let best = -1;
  options.forEach((option, i) => {
    if (eligible(i) && (best < 0 || option.mean > options[best]!.mean)) best = i;
  });
  return Math.max(best, 0);
}

/** One feature alone, standardised on the lists (a one-hot logistic ranker). */
function featureRanker(lists: CandidateLists, f: number, fallback: RankerModel): RankerModel | undefined {
  const F = NUM_FEATURES;
  const n = lists.labels.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (let r = 0; r < n; r++) {
    lo = Math.min(lo, lists.rows[r * F + f]!);
    hi = Math.max(hi, lists.rows[r * F + f]!);
  }
  if (!(hi - lo > 1e-9)) return undefined;
  const weights = new Array<number>(F).fill(0);
  weights[f] = 1;
  return { ...fallback, weights, bias: 0, meta: { source: `the ${FEATURE_NAMES[f]} feature alone (safe selection)` } };
}

/** A trained ranker's variant: fitted on user-centred rows or not, its blend weight multiplied by `boost`. */
interface Variant {
  centred: boolean;
  boost: number;
}

function variantLabel({ centred, boost }: Variant): string {
  return `${centred ? 'trained-centred' : 'trained'}${boost === 1 ? '' : `, blend ×${boost}`}`;
}

/** The model with its blend weight multiplied by `boost` (recorded in its meta). */
export function withBlendBoost(model: RankerModel, boost: number): RankerModel {
  if (boost === 1) return model;
  const b = FEATURE_NAMES.indexOf('blend');
  return {
    ...model,
    weights: model.weights.map((w, f) => (f === b ? w * boost : w)),
    meta: { ...model.meta, blendBoost: boost },
  };
}

/**
 * Cross-fitted per-list NDCG@10 of the trained ranker (centred or not) at each blend boost: each fold's
 * lists scored by the ranker fitted on the other fold (one fit per fold serves every boost).
 */
function crossFitted(
  lists: CandidateLists,
  folds: UserRange[][],
  settings: SelectionOptions,
  centred: boolean,
  boosts: readonly number[] = [1],
): PerList[] {
  const out = boosts.map((): PerList => new Map());
  for (const k of [0, 1] as const) {
    const model = fit(lists, folds[1 - k]!, settings, centred);
    boosts.forEach((b, i) => ndcgSum(withBlendBoost(model, b), lists, folds[k]!, out[i]));
  }
  return out;
}

/** The lists with feature f set to 0 everywhere (for the ablation). */
function without(lists: CandidateLists, f: number): CandidateLists {
  const rows = Float32Array.from(lists.rows);
  for (let r = f; r < rows.length; r += NUM_FEATURES) rows[r] = 0;
  return { ...lists, rows };
}

/** The users' lists in two seeded folds (the cross-fitting's). */
export function userFolds(ranges: UserRange[], seed: number): UserRange[][] {
  const rng = createRng(seed ^ 0x5eed);
  const folds: UserRange[][] = [[], []];
  for (const range of ranges) folds[rng.next() < 0.5 ? 0 : 1]!.push(range);
  return folds;
}

export function selectRanker(lists: CandidateLists, settings: SelectionOptions): RankerSelection {
  const ranges = userRanges(lists);
  const folds = userFolds(ranges, settings.seed);
  const options: { label: string; model: RankerModel | undefined; lists: PerList; variant?: Variant }[] = [];
  const perListOf = (model: RankerModel): PerList => {
    const out: PerList = new Map();
    ndcgSum(model, lists, ranges, out);
    return out;
  };
  const byDefault = perListOf(settings.fallback);
  if (byDefault.size === 0) return { model: settings.fallback, chosen: 'default', ndcg: {} };
  const boosts = [1, ...(settings.blendBoosts ?? []).filter((b) => b !== 1)];
  for (const centred of [false, true]) {
    try {
      const scores = crossFitted(lists, folds, settings, centred, boosts);
      boosts.forEach((boost, i) => {
        const variant = { centred, boost };
        options.push({ label: variantLabel(variant), model: undefined, lists: scores[i]!, variant });
      });
    } catch (e) {
      // A fold without both classes cannot train: the trained ranker is not an option on so little data.
      if (!(e instanceof BadInputError)) throw e;
    }
  }
  options.push({ label: 'default', model: settings.fallback, lists: byDefault });
  const features: number[] = [];
  for (let f = 0; f < NUM_FEATURES; f++) {
    const model = featureRanker(lists, f, settings.fallback);
    if (!model) continue;
    features.push(f);
    const label = `feature:${FEATURE_NAMES[f]}`;
    options.push({ label, model, lists: settings.featureScores?.[label] ?? perListOf(model) });
  }
  // The reference is left only for one surely better: fewer options won by noise.
  const scored = options.map((option) => ({ mean: perListMean(option.lists), lists: option.lists }));
  const reference =
    settings.reference === 'best-feature' ? bestAmong(scored, (i) => options[i]!.label.startsWith('feature:')) : 0;
  const best = safeChoice(scored, reference, settings.margin ?? 0);
  const ndcg = Object.fromEntries(options.map((option, i) => [option.label, scored[i]!.mean]));
  const { label, variant, model: given } = options[best]!;
  const chosen = given ?? withBlendBoost(fit(lists, ranges, settings, variant!.centred), variant!.boost);
  const model = { ...chosen, meta: { ...chosen.meta, selection: { chosen: label, ndcg } } };
  if (!settings.ablate || given) return { model, chosen: label, ndcg };
  // Each feature removed in turn from the chosen trained ranker, cross-fitted the same way.
  const ablation = Object.fromEntries(
    features.map((f) => [
      FEATURE_NAMES[f]!,
      perListMean(crossFitted(without(lists, f), folds, settings, variant!.centred, [variant!.boost])[0]!),
    ]),
  );
  return { model, chosen: label, ndcg, ablation };
}
