/**
 * Inverse of a large symmetric positive-definite matrix by recursive 2×2 block inversion (Schur
 * complement), with tf.matMul doing the O(n³) work (wasm/XNNPACK is ~40× faster than plain JS here):
 *   A = [A11 A12; A12ᵀ A22],  Q = A11⁻¹,  W = Q·A12,  S = A22 − A12ᵀ·W,  T = S⁻¹
 *   A⁻¹ = [Q + W·T·Wᵀ   −W·T;  −T·Wᵀ   T]
 * Blocks of at most `base` rows are inverted in Float64 by Cholesky (linalg.ts). S of an SPD matrix
 * is SPD, so the recursion is well defined; float32 products are ample for ridge-regularised Grams.
 * Only untransposed matMuls: on wasm, matMul with a transpose flag measured 12–20× slower than an
 * explicit tf.transpose followed by a plain matMul.
 */
import * as tf from '@tensorflow/tfjs';
import { spdInverse } from './linalg';

export function spdInverseTf(a: Float32Array, n: number, base = 256): Float32Array {
  const t = tf.tensor2d(a, [n, n]);
  const inv = invert(t, n, base);
  t.dispose();
  const out = inv.dataSync() as Float32Array;
  inv.dispose();
  return out;
}

function invert(a: tf.Tensor2D, n: number, base: number): tf.Tensor2D {
  if (n <= base) {
    const d = Float64Array.from(a.dataSync());
    return tf.tensor2d(Float32Array.from(spdInverse(d, n)), [n, n]);
  }
  const h = n >> 1;
  const a11 = tf.slice(a, [0, 0], [h, h]);
  const q = invert(a11, h, base);
  a11.dispose();
  const a12 = tf.slice(a, [0, h], [h, n - h]);
  const w = tf.matMul(q, a12);
  const s = tf.tidy(() => {
    const raw = tf.sub(tf.slice(a, [h, h], [n - h, n - h]), tf.matMul(tf.transpose(a12), w));
    return tf.mul(tf.add(raw, tf.transpose(raw)), 0.5) as tf.Tensor2D; // keep it exactly symmetric
  });
  a12.dispose();
  const tInv = invert(s, n - h, base);
  s.dispose();
  const result = tf.tidy(() => {
    const wt = tf.matMul(w, tInv);
    const topLeft = tf.add(q, tf.matMul(wt, tf.transpose(w)));
    const top = tf.concat([topLeft, tf.neg(wt)], 1);
    const bottom = tf.concat([tf.neg(tf.transpose(wt)), tInv], 1);
    return tf.concat([top, bottom], 0) as tf.Tensor2D;
  });
  tf.dispose([q, w, tInv]);
  return result;
}
