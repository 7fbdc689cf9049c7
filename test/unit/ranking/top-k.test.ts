import { dotAll, dotRow, topKOf } from '../../../src/ranking/top-k';

/** The row-at-a-time loop dotAll replaced (what the service ranked with before), as the reference. */
function rowByRow(table: Float32Array, dim: number, vector: ArrayLike<number>): Float32Array {
  const n = Math.floor(table.length / dim);
  return Float32Array.from({ length: n }, (_, i) => dotRow(table, dim, i, vector));
}

/** A seeded table of values of mixed magnitudes. */
function table(rows: number, dim: number, seed: number): Float32Array {
  let x = seed;
  return Float32Array.from({ length: rows * dim }, () => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    return (x / 2 ** 31 - 0.5) * (1 + (x % 7) * 1e3);
  });
}

describe('dotAll', () => {
  it('gives every row exactly the row-at-a-time result, whatever the row count modulo 4 and the dimension', () => {
    for (const rows of [0, 1, 3, 4, 5, 7, 8, 61])
      for (const dim of [1, 3, 64, 100]) {
        const t = table(rows, dim, rows * 131 + dim);
        const v = table(1, dim, dim + 7);
        const got = dotAll(t, dim, v);
        expect(got).toHaveLength(rows);
        expect(Array.from(got)).toEqual(Array.from(rowByRow(t, dim, v)));
      }
  });

  it('sums each row in index order, as dotRow does (a row that cancels only in that order)', () => {
    // Row k is (2⁶⁰, −2⁶⁰, k): summed from the first entry it is k; from the last, k is lost in 2⁶⁰.
    const rows = 6;
    const t = new Float32Array(rows * 3);
    for (let k = 0; k < rows; k++) t.set([2 ** 60, -(2 ** 60), k], k * 3);
    expect(Array.from(dotAll(t, 3, [1, 1, 1]))).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('takes the vector as any array of numbers and writes into `out` when given', () => {
    const t = Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20);
    const out = new Float32Array(10);
    const got = dotAll(t, 2, [0.5, -1], out);
    expect(got).toBe(out);
    expect(Array.from(got)).toEqual([-1.5, -2.5, -3.5, -4.5, -5.5, -6.5, -7.5, -8.5, -9.5, -10.5]);
    expect(Array.from(dotAll(t, 2, Float64Array.of(0.1, 0.2)))).toEqual(Array.from(rowByRow(t, 2, [0.1, 0.2])));
  });

  it('feeds topKOf the same order as before', () => {
    const t = table(203, 16, 5);
    const v = table(1, 16, 9);
    expect(topKOf(dotAll(t, 16, v), 20)).toEqual(topKOf(rowByRow(t, 16, v), 20));
  });
});
