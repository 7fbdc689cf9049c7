/** Rows kept packed while fused's selection compares its options. */

/** A catalogue-length row, as its non-zero entries where they are under a quarter of it. */
export type PackedRow = Float32Array | { length: number; idx: Int32Array; val: Float32Array };

/**
 * The memo keeps every validation user's co-engagement row while fit() selects: local EASE's rows are
 * mostly zeros. Kept whole, fused's run on the 6× generated world (11k users × 106k items) peaked at
 * 5.86 GB RSS; packed, at 1.31 GB (docs/results.md, "fused past dense EASE's size").
 */
export function packRow(row: Float32Array): PackedRow {
  let nnz = 0;
  for (const v of row) if (v !== 0) nnz++;
  if (nnz * 4 >= row.length) return row;
  const idx = new Int32Array(nnz);
  const val = new Float32Array(nnz);
  for (let i = 0, k = 0; i < row.length; i++)
    if (row[i] !== 0) {
      idx[k] = i;
      val[k++] = row[i]!;
    }
  return { length: row.length, idx, val };
}

export function unpackRow(packed: PackedRow): Float32Array {
  if (packed instanceof Float32Array) return packed;
  const row = new Float32Array(packed.length);
  packed.idx.forEach((i, k) => (row[i] = packed.val[k]!));
  return row;
}
