/**
 * Dense symmetric positive-definite inverse by Cholesky, A = L·Lᵀ ⇒ A⁻¹ = L⁻ᵀ·L⁻¹, in plain
 * Float64Arrays. tfjs has no matrix inverse, and EASE needs one of a few-thousand-square Gram
 * matrix. Every phase walks rows in blocks of BLOCK rows so each streamed row is reused BLOCK
 * times from cache (unblocked, the n³/6 row reads are memory-bound).
 */
const BLOCK = 48;

/** In place: A (n×n row-major, SPD) becomes its lower Cholesky factor L (upper part left as is). */
export function choleskyInPlace(a: Float64Array, n: number): void {
  for (let i0 = 0; i0 < n; i0 += BLOCK) {
    const i1 = Math.min(n, i0 + BLOCK);
    for (let j = 0; j < i1; j++) {
      const rj = j * n;
      if (j >= i0) {
        let d = a[rj + j]!;
        for (let k = 0; k < j; k++) d -= a[rj + k]! * a[rj + k]!;
        if (!(d > 0)) throw new Error(`matrix is not positive definite (pivot ${j} = ${d})`);
        a[rj + j] = Math.sqrt(d);
      }
      const djj = a[rj + j]!;
      for (let i = Math.max(i0, j + 1); i < i1; i++) {
        const ri = i * n;
        let s = a[ri + j]!;
        for (let k = 0; k < j; k++) s -= a[ri + k]! * a[rj + k]!;
        a[ri + j] = s / djj;
      }
    }
  }
}

/** Inverse of an SPD matrix (input is overwritten). Returns a new full symmetric n×n matrix. */
export function spdInverse(a: Float64Array, n: number): Float64Array {
  choleskyInPlace(a, n);
  // X = L⁻¹ (lower), row form: X[i,:] = (e_i − Σ_{m<i} L[i][m]·X[m,:]) / L[i][i].
  const x = new Float64Array(n * n);
  for (let i0 = 0; i0 < n; i0 += BLOCK) {
    const i1 = Math.min(n, i0 + BLOCK);
    for (let m = 0; m < i1; m++) {
      const rm = m * n;
      if (m >= i0) {
        // Row m is complete except its diagonal scaling.
        const inv = 1 / a[rm + m]!;
        for (let k = 0; k < m; k++) x[rm + k]! *= -inv;
        x[rm + m] = inv;
      }
      for (let i = Math.max(i0, m + 1); i < i1; i++) {
        const c = a[i * n + m]!;
        if (c === 0) continue;
        const ri = i * n;
        // Accumulate +L[i][m]·X[m,:]; the sign flip happens with the diagonal scaling above.
        for (let k = 0; k <= m; k++) x[ri + k]! += c * x[rm + k]!;
      }
    }
  }
  // P = Xᵀ·X: P[r,:] = Σ_{m ≥ r} X[m][r]·X[m,:].
  const p = new Float64Array(n * n);
  for (let r0 = 0; r0 < n; r0 += BLOCK) {
    const r1 = Math.min(n, r0 + BLOCK);
    for (let m = r0; m < n; m++) {
      const rm = m * n;
      for (let r = r0; r < Math.min(r1, m + 1); r++) {
        const c = x[rm + r]!;
        if (c === 0) continue;
        const pr = r * n;
        for (let k = 0; k <= m; k++) p[pr + k]! += c * x[rm + k]!;
      }
    }
  }
  return p;
}

/** Solves L·Lᵀ·x = b in place of b, with L the factor choleskyInPlace left in `l` (n×n row-major). */
export function choleskySolve(l: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[ri + k]! * b[k]!;
    b[i] = s / l[ri + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * b[k]!;
    b[i] = s / l[i * n + i]!;
  }
}
