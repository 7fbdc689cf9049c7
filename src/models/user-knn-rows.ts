/**
 * User-based neighbourhoods (user-kNN, Resnick et al. 1994; Herlocker et al. 1999): each user's k most
 * similar users by cosine over their training item sets, |I_u ∩ I_v| / √(|I_u|·|I_v|). A user's score for
 * an item is then Σ_v sim(u, v)·[v engaged the item] over those neighbours: what people like them took.
 * The overlap counts are item-kNN's co-counts on the transposed lists, O(Σ_u Σ_{i∈u} |U_i|).
 */
import { TopK } from '../graph/top-k';
import { coCounts } from './item-knn';
import type { SparseRows } from './sparse-item-item';
import type { TrainData } from './types';

/** Row u: the k nearest users of u (never u), with their cosine similarity. */
export function userNeighbours(data: TrainData, k: number): SparseRows {
  const nu = data.numUsers;
  const { userItems, itemUsers } = data;
  const degree = (u: number): number => userItems.offsets[u + 1]! - userItems.offsets[u]!;
  // Users sharing items with u are item-kNN's items sharing users with j, on the transposed lists.
  const byUser = { userItems: itemUsers, itemUsers: userItems };
  const overlap = new Float32Array(nu);
  const touched = new Int32Array(nu);
  const offsets = new Int32Array(nu + 1);
  const targets: number[] = [];
  const weights: number[] = [];
  for (let u = 0; u < nu; u++) {
    const count = coCounts(byUser, u, overlap, touched);
    const top = new TopK(k);
    const du = degree(u);
    for (let t = 0; t < count; t++) {
      const v = touched[t]!;
      top.offer(overlap[v]! / Math.sqrt(du * degree(v)), v);
      overlap[v] = 0;
    }
    for (const { index, value } of top.drain()) {
      targets.push(index);
      weights.push(value);
    }
    offsets[u + 1] = targets.length;
  }
  return { offsets, targets: Int32Array.from(targets), weights: Float32Array.from(weights) };
}

/** acc[position[i]] += sim for each item i of each neighbour of u (items outside the set, position < 0, skipped). */
export function userKnnRow(
  data: TrainData,
  neighbours: SparseRows,
  u: number,
  position: Int32Array,
  acc: Float32Array,
): void {
  const { userItems } = data;
  for (let k = neighbours.offsets[u]!; k < neighbours.offsets[u + 1]!; k++) {
    const v = neighbours.targets[k]!;
    const sim = neighbours.weights[k]!;
    for (let a = userItems.offsets[v]!; a < userItems.offsets[v + 1]!; a++) {
      const c = position[userItems.targets[a]!]!;
      if (c >= 0) acc[c]! += sim;
    }
  }
}
