/**
 * Up-front size checks for the models that hold dense item × item matrices (EASE, graph-ease's dense
 * path, fused's EASE row), so a catalogue too large for them is refused with a CapacityError before
 * any training time is spent, instead of dying in the middle with wasm's `RuntimeError: memory access
 * out of bounds`.
 *
 * The limit is tfjs's memory: wasm32's heap is at most 4 GiB, and the O(m³) work of EASE's inverse runs
 * there (spd-inverse-tf.ts). The default keeps 512 MiB of it for everything else (the model's other
 * tensors, the harness's score blocks, heap fragmentation). Native backends (node, node-gpu) have no
 * such heap; a model's `maxDenseMB` option raises the limit there.
 */
import { CapacityError } from '../domain/errors';
import type { TrainData } from './types';

/** wasm32's largest heap. */
export const WASM_HEAP_BYTES = 4 * 2 ** 30;
/** Kept free for the rest of the process's tensors and for fragmentation. */
export const DENSE_HEADROOM_BYTES = 512 * 2 ** 20;
/** Default `maxDenseMB`: the wasm heap less the headroom (3,584 MiB). */
export const DEFAULT_MAX_DENSE_MB = (WASM_HEAP_BYTES - DENSE_HEADROOM_BYTES) / 2 ** 20;

/**
 * Peak tfjs bytes of EASE's dense fit on m items: the Gram matrix and the recursive block inverse.
 * Measured with tf.profile on wasm (peakBytes / 4m² = 5.50 at m = 1,024, 2,048 and 3,000): the input,
 * the three half-size blocks kept across the recursion (Q, W, T⁻¹) and the tidy's intermediates while
 * the four quadrants are concatenated.
 */
export function easeDenseBytes(items: number): number {
  return 22 * items * items;
}

/**
 * Peak tfjs bytes of graph-ease's dense path on m items and u users: the EASE fit, then the RP3β walk
 * (P_iu and P_ui, m × u each, their m × m product and its damped copy); the larger of the two.
 */
export function graphEaseDenseBytes(items: number, users: number): number {
  return Math.max(easeDenseBytes(items), 8 * items * users + 8 * items * items);
}

/** Items with at least `minUsers` training users: the item set of EASE and graph-ease. */
export function countModelItems(data: Pick<TrainData, 'numItems' | 'itemUsers'>, minUsers: number): number {
  let m = 0;
  for (let i = 0; i < data.numItems; i++)
    if (data.itemUsers.offsets[i + 1]! - data.itemUsers.offsets[i]! >= minUsers) m++;
  return m;
}

/** Whether `bytes` fit in `maxDenseMB`. */
export function denseFits(bytes: number, maxDenseMB: number): boolean {
  return bytes <= maxDenseMB * 2 ** 20;
}

/** Throws a CapacityError naming `model`, the item count, the bytes needed and the limit when they do not fit. */
export function checkDense(model: string, items: number, bytes: number, maxDenseMB: number, instead: string): void {
  if (denseFits(bytes, maxDenseMB)) return;
  const limit = maxDenseMB * 2 ** 20;
  const note =
    maxDenseMB === DEFAULT_MAX_DENSE_MB ? "maxDenseMB: wasm's 4 GiB heap less 512 MiB" : `maxDenseMB ${maxDenseMB}`;
  throw new CapacityError(model, items, bytes, limit, instead, note);
}

/** What to use instead of a dense item–item model, for the messages. */
export const DENSE_ALTERNATIVES =
  "use graph-ease (itemModel 'auto' or 'sparse': local EASE + top-k RP3β, O(items × neighbours) memory), item-knn, fused with easeModel 'auto' or 'local', raise minUsers to shrink the item set, or raise maxDenseMB on a native backend";
