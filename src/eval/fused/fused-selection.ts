/**
 * What fused serves (fused-model.ts) and the options its safe selection measures on validation; the choice
 * itself is the train-ranker job's rule (ranking/ranker-selection.ts, safeChoice), with the best single
 * signal as the reference.
 */
import { bestAmong, type ScoredOption } from '../../ranking/ranker-selection';

/** What fused's `score` serves: the ranker, a blend of it with the co-engagement row, or a single signal. */
export type FusedServe =
  { kind: 'ranker' } | { kind: 'blend'; alpha: number } | { kind: 'co' } | { kind: 'popularity' };

export interface MeasuredOption extends ScoredOption {
  label: string;
  serve: FusedServe;
}

/**
 * Index of the safe fallback among the options: the single signal (the co-engagement row alone or
 * popularity) with the highest mean, ties the earlier; the first option when none is a single signal.
 */
export function bestSingle(options: readonly Pick<MeasuredOption, 'mean' | 'serve'>[]): number {
  return bestAmong(options, (i) => options[i]!.serve.kind === 'co' || options[i]!.serve.kind === 'popularity');
}
