/** Dot-product scoring of users against all items from plain embedding arrays (tf.matMul inside). */
import * as tf from '@tensorflow/tfjs';
import type { Embeddings } from './types';

// Items transposed once per embedding set: wasm's matMul with transposeB is >10× slower than plain.
const transposed = new WeakMap<Float32Array, Float32Array>();

export function scoreEmbeddings(emb: Embeddings, users: Int32Array): Float32Array {
  const d = emb.dim;
  const rows = new Float32Array(users.length * d);
  for (let r = 0; r < users.length; r++) rows.set(emb.users.subarray(users[r]! * d, users[r]! * d + d), r * d);
  const numItems = emb.items.length / d;
  let itemsT = transposed.get(emb.items);
  if (!itemsT) {
    itemsT = new Float32Array(d * numItems);
    for (let i = 0; i < numItems; i++) for (let c = 0; c < d; c++) itemsT[c * numItems + i] = emb.items[i * d + c]!;
    transposed.set(emb.items, itemsT);
  }
  const t = itemsT;
  return readOut(() => tf.matMul(tf.tensor2d(rows, [users.length, d]), tf.tensor2d(t, [d, numItems])));
}

/** Xavier/Glorot-uniform initial values from a seeded RNG, so runs are reproducible on any backend. */
export function xavierUniform(rows: number, cols: number, next: () => number): Float32Array {
  const limit = Math.sqrt(6 / (rows + cols));
  const out = new Float32Array(rows * cols);
  for (let k = 0; k < out.length; k++) out[k] = (2 * next() - 1) * limit;
  return out;
}

/**
 * Runs a tensor computation and copies the result out as a Float32Array. Never return a typed array
 * from tf.tidy: tidy walks its return value looking for tensors, element by element (measured 9 s
 * for a 256 × 17,632 score block that takes 0.1 s to compute).
 */
export function readOut(fn: () => tf.Tensor): Float32Array {
  const t = tf.tidy(fn);
  // A variable passed straight through (e.g. a 0-layer encoder returning its ego table) is not ours to dispose.
  if (t instanceof tf.Variable) return (t.dataSync() as Float32Array).slice();
  try {
    return t.dataSync() as Float32Array;
  } finally {
    t.dispose();
  }
}

/** A trainable variable from an initial tensor, disposing the initial tensor (tf.variable copies it). */
export function variableFrom<R extends tf.Rank>(init: tf.Tensor<R>): tf.Variable<R> {
  const v = tf.variable(init);
  init.dispose();
  return v;
}
