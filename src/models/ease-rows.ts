/**
 * EASE's item–item weights (ease.ts) kept as sparse graphs, CSR source item i → target item j:
 *   'positive'   each row's `neighbours` largest positive B_ij (the serving ranking's co-engagement
 *                signal and candidates read it: Σ_{i ∈ I_u} x_ui · B_ij over the kept entries);
 *   'magnitude'  each row's `neighbours` entries of largest |B_ij|, signs kept (the blend feature's
 *                EASE part, ranking/blend.ts: EASE's X_u·B with its negative weights, as graph-ease
 *                scores; measured on LastFM seed 1, 500 entries per row rank as the full rows do,
 *                docs/results.md "The blend from EASE's signed rows").
 */
import { buildCsr, type Csr } from '../graph/csr';
import { TopK } from '../graph/top-k';
import { fitEase, type EaseModel, type EaseOptions } from './ease';
import type { TrainData } from './types';

export interface EaseRowsOptions extends EaseOptions {
  /** Entries kept per source item. */
  neighbours: number;
}

export type EaseRowOrder = 'positive' | 'magnitude';

/** Fits EASE on `data` (tfjs backend needed; CapacityError past maxDenseMB) and keeps its top positive rows. */
export function easeRows(data: TrainData, options: Partial<EaseRowsOptions> = {}): Csr {
  return topEaseRows(fitEase(data, options), data.numItems, options.neighbours ?? 100, 'positive');
}

/**
 * The `neighbours` strongest entries of each row of a fitted EASE model, by item index. Selected with a
 * bounded heap (graph/top-k.ts), not by sorting each row: on LastFM (5,955 model items, seed 1's training
 * split; a one-off timing on the 2 shared cores) the 500 largest |B_ij| per row took 2.2 s against 20.3 s
 * sorted, the 200 largest positive ones 1.0 s against 4.7 s; the graphs are identical.
 */
export function topEaseRows(model: EaseModel, numItems: number, neighbours: number, by: EaseRowOrder): Csr {
  const m = model.items.length;
  const k = Math.min(m, neighbours);
  const src = new Int32Array(m * k);
  const dst = new Int32Array(m * k);
  const val = new Float32Array(m * k);
  let e = 0;
  const heap = new TopK(k);
  for (let r = 0; r < m; r++) {
    const row = model.weights.subarray(r * m, (r + 1) * m);
    for (let c = 0; c < m; c++) {
      const w = row[c]!;
      if (by === 'positive' ? w > 0 : w !== 0) heap.offer(by === 'positive' ? w : Math.abs(w), c);
    }
    for (const { index: c } of heap.drain()) {
      src[e] = model.items[r]!;
      dst[e] = model.items[c]!;
      val[e++] = row[c]!;
    }
  }
  return buildCsr(numItems, numItems, src.subarray(0, e), dst.subarray(0, e), val.subarray(0, e));
}
