/** The fused model's inner hold-out (when the harness gives no validation pairs) and its light users. */
import { buildCsr, transposeCsr, type Csr } from '../../graph/csr';
import { createRng, shuffle } from '../../models/random';
import type { TrainData } from '../../models/types';

/** Users with at most `max` training pairs and at least one held-out pair. */
export function lightUserList(train: Csr, heldOut: Csr, max: number): Int32Array {
  const out: number[] = [];
  for (let u = 0; u < train.rows; u++) {
    const n = train.offsets[u + 1]! - train.offsets[u]!;
    if (n <= max && heldOut.offsets[u + 1]! > heldOut.offsets[u]!) out.push(u);
  }
  return Int32Array.from(out);
}

/** Per-user seeded hold-out of ⌈share·n⌉ training pairs (users with ≥ 3 pairs only). */
export function innerSplit(train: TrainData, share: number, seed: number): { train: TrainData; heldOut: Csr } {
  const rng = createRng(seed + 7919);
  const ui = train.userItems;
  const keep = { u: [] as number[], i: [] as number[], w: [] as number[] };
  const out = { u: [] as number[], i: [] as number[] };
  for (let u = 0; u < train.numUsers; u++) {
    const start = ui.offsets[u]!;
    const n = ui.offsets[u + 1]! - start;
    const idx = Int32Array.from({ length: n }, (_, k) => start + k);
    shuffle(idx, rng);
    const h = n >= 3 ? Math.max(1, Math.round(share * n)) : 0;
    idx.forEach((e, k) => {
      if (k < h) {
        out.u.push(u);
        out.i.push(ui.targets[e]!);
      } else {
        keep.u.push(u);
        keep.i.push(ui.targets[e]!);
        keep.w.push(ui.weights[e]!);
      }
    });
  }
  const userItems = buildCsr(
    train.numUsers,
    train.numItems,
    Int32Array.from(keep.u),
    Int32Array.from(keep.i),
    Float32Array.from(keep.w),
  );
  const heldOut = buildCsr(train.numUsers, train.numItems, Int32Array.from(out.u), Int32Array.from(out.i));
  return { train: { ...train, userItems, itemUsers: transposeCsr(userItems) }, heldOut };
}
