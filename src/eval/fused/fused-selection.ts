/**
 * fused's safe choice among the options it measured on validation (fused-model.ts, selectServed): pure
 * functions of their validation NDCG@10, the mean and, where the harness gives them, the per-user values.
 */
import { surelyBetter, type PerList } from '../../ranking/ranker-selection';

/** What fused's `score` serves: the ranker, a blend of it with the co-engagement row, or a single signal. */
export type FusedServe =
  { kind: 'ranker' } | { kind: 'blend'; alpha: number } | { kind: 'co' } | { kind: 'popularity' };

export interface MeasuredOption {
  label: string;
  serve: FusedServe;
  /** Validation NDCG@10. */
  mean: number;
  /** Per validation user (ctx.validatePerUser); absent when the harness gives only the mean. */
  lists?: PerList;
}

/**
 * Index of the option to serve: the reference, unless another has a higher mean and its gain over the
 * reference passes `margin` standard errors of the per-user differences (ranking/ranker-selection.ts's
 * surelyBetter). Without per-user lists the highest mean wins. Ties keep the reference, then the earlier.
 */
export function safeChoice(
  options: readonly Pick<MeasuredOption, 'mean' | 'lists'>[],
  reference: number,
  margin: number,
) {
  const ref = options[reference]!;
  let best = reference;
  options.forEach((option, i) => {
    if (option.mean <= options[best]!.mean) return;
    if (!option.lists || !ref.lists || surelyBetter(option.lists, ref.lists, margin)) best = i;
  });
  return best;
}

/**
 * Index of the safe fallback among the options: the single signal (the co-engagement row alone or
 * popularity) with the highest mean, ties the earlier; the first option when none is a single signal.
 */
export function bestSingle(options: readonly Pick<MeasuredOption, 'mean' | 'serve'>[]): number {
  let best = -1;
  options.forEach((option, i) => {
    const single = option.serve.kind === 'co' || option.serve.kind === 'popularity';
    if (single && (best < 0 || option.mean > options[best]!.mean)) best = i;
  });
  return Math.max(best, 0);
}
