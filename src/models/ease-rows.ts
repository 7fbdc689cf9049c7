/**
 * EASE's item–item weights (ease.ts) kept as a sparse graph: each source item's `neighbours` largest
 * positive weights B_ij, as a CSR source item i → target item j. Scoring a user with it
 * (Σ_{i ∈ I_u} x_ui · B_ij over the kept entries) is EASE's X_u·B restricted to its strongest entries,
 * which is how the serving ranking's co-engagement signal reads an item–item graph.
 */
import { buildCsr, type Csr } from '../graph/csr';
import { fitEase, type EaseOptions } from './ease';
import type { TrainData } from './types';

export interface EaseRowsOptions extends EaseOptions {
  /** Entries kept per source item. */
  neighbours: number;
}

/** Fits EASE on `data` (tfjs backend needed; CapacityError past maxDenseMB) and keeps its top rows. */
export function easeRows(data: TrainData, options: Partial<EaseRowsOptions> = {}): Csr {
  const neighbours = options.neighbours ?? 100;
  const model = fitEase(data, options);
  const m = model.items.length;
  const src: number[] = [];
  const dst: number[] = [];
  const val: number[] = [];
  const order = new Int32Array(m);
  for (let r = 0; r < m; r++) {
    const row = model.weights.subarray(r * m, (r + 1) * m);
    let n = 0;
    for (let c = 0; c < m; c++) if (row[c]! > 0) order[n++] = c;
    const kept = Array.from(order.subarray(0, n))
      .sort((a, b) => row[b]! - row[a]!)
      .slice(0, neighbours);
    for (const c of kept) {
      src.push(model.items[r]!);
      dst.push(model.items[c]!);
      val.push(row[c]!);
    }
  }
  return buildCsr(data.numItems, data.numItems, Int32Array.from(src), Int32Array.from(dst), Float32Array.from(val));
}
