/**
 * Length-bucketed batching: texts are sorted by token count and cut into consecutive batches, so each
 * batch pads to a length close to all its members' (sorting removes most padding work: attention is
 * quadratic and the dense layers linear in the padded length). A batch holds at most `batchSize`
 * texts and at most `maxBatchTokens` padded tokens, which bounds both memory and how long one
 * synchronous forward pass holds the event loop. Callers restore the input order from the indices.
 */

export interface BatchPlanOptions {
  batchSize: number;
  maxBatchTokens: number;
}

/** Groups of input indices, each group sorted by ascending length; every index appears once. */
export function planBatches(lengths: readonly number[], options: BatchPlanOptions): number[][] {
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[a]! - lengths[b]! || a - b);
  const batches: number[][] = [];
  let current: number[] = [];
  for (const index of order) {
    // Sorted ascending, so the newcomer sets the batch's padded length.
    const padded = (current.length + 1) * lengths[index]!;
    if (current.length > 0 && (current.length >= options.batchSize || padded > options.maxBatchTokens)) {
      batches.push(current);
      current = [];
    }
    current.push(index);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Row-major [B, L] ids (padded with `padId`) and mask (1 real, 0 padding) for one batch. */
export function padBatch(
  sequences: readonly (readonly number[])[],
  padId: number,
): { ids: Int32Array; mask: Float32Array; length: number } {
  const length = Math.max(...sequences.map((s) => s.length));
  const ids = new Int32Array(sequences.length * length).fill(padId);
  const mask = new Float32Array(sequences.length * length);
  sequences.forEach((sequence, row) => {
    ids.set(sequence, row * length);
    mask.fill(1, row * length, row * length + sequence.length);
  });
  return { ids, mask, length };
}
