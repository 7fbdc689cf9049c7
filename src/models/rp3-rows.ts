/**
 * RP3β's item–item walk (sparse-item-item.ts: W_ij = (1/|U_i|) · Σ_{u ∈ U_i ∩ U_j} 1/deg(u) · |U_j|^−β,
 * Paudel et al. 2017) kept as a sparse graph over item indices: each item's `neighbours` largest
 * weights, over the items with ≥ minUsers training users. Scoring a user with it (Σ_{i ∈ I_u} x_ui · W_ij)
 * is graph-ease's RP3β component restricted to those entries; the serving ranking reads it as its
 * `walk` feature. O(Σ_u deg(u)²) time, O(items × neighbours) memory.
 */
import type { Csr } from '../graph/csr';
import { itemSet, rowsByItem, sparseItemItem } from './sparse-item-item';
import type { TrainData } from './types';

export interface Rp3RowsOptions {
  minUsers: number;
  neighbours: number;
  beta: number;
}

export const RP3_ROWS_DEFAULTS: Readonly<Rp3RowsOptions> = Object.freeze({ minUsers: 2, neighbours: 200, beta: 0.5 });

export function rp3Rows(data: TrainData, options: Partial<Rp3RowsOptions> = {}): Csr {
  const s = { ...RP3_ROWS_DEFAULTS, ...options };
  const { items, position } = itemSet(data, s.minUsers);
  const { rp3 } = sparseItemItem(data, items, position, s.neighbours, s.beta, { cosine: false });
  return rowsByItem(rp3, items, data.numItems);
}
