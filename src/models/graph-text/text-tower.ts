/**
 * The text tower of graph-text: a small MLP from a text vector t (the encoder's unit vector of an
 * item's metadata text) into the graph's item space,
 *   f(t) = W₂ · relu(W₁ t + b₁) + b₂        (hidden > 0)
 *   f(t) = W t + b                          (hidden = 0, a linear map)
 * trained in tfjs (variables here); serving applies its stored weights in plain JS (projection.ts), so
 * a new upload gets its graph-space vector without tfjs or a training run.
 */
import * as tf from '@tensorflow/tfjs';
import { variableFrom, xavierUniform } from '../embedding-scorer';
import type { Rng } from '../random';
import { matMul, matMulConstantA } from './matmul';
import type { TextProjection } from './projection';

export interface TextTower {
  readonly variables: tf.Variable[];
  /** rows × inputDim → rows × dim (call inside tidy/minimize); `xT` = xᵀ marks x as a constant input (no gradient to it). */
  apply(x: tf.Tensor2D, xT?: tf.Tensor2D): tf.Tensor2D;
  /** Σ of the squared weights (not biases), for weight decay. */
  squaredWeights(): tf.Scalar;
  /** The current weights as plain arrays. */
  read(): TextProjection;
}

export function createTextTower(inputDim: number, hidden: number, dim: number, rng: Rng): TextTower {
  const first = hidden > 0 ? hidden : dim;
  const w1 = variableFrom(tf.tensor2d(xavierUniform(inputDim, first, rng.next), [inputDim, first]));
  const b1 = variableFrom(tf.zeros([first]) as tf.Tensor1D);
  const w2 = hidden > 0 ? variableFrom(tf.tensor2d(xavierUniform(hidden, dim, rng.next), [hidden, dim])) : undefined;
  const b2 = hidden > 0 ? variableFrom(tf.zeros([dim]) as tf.Tensor1D) : undefined;
  const variables: tf.Variable[] = [w1, b1, ...(w2 && b2 ? [w2, b2] : [])];
  return {
    variables,
    apply: (x, xT) => {
      const h = tf.add(xT ? matMulConstantA(x, xT, w1) : matMul(x, w1), b1) as tf.Tensor2D;
      return w2 && b2 ? (tf.add(matMul(tf.relu(h), w2), b2) as tf.Tensor2D) : h;
    },
    squaredWeights: () =>
      (w2 ? tf.add(tf.sum(tf.square(w1)), tf.sum(tf.square(w2))) : tf.sum(tf.square(w1))) as tf.Scalar,
    read: () => ({
      inputDim,
      hidden,
      dim,
      w1: w1.dataSync().slice() as Float32Array,
      b1: b1.dataSync().slice() as Float32Array,
      w2: w2 ? (w2.dataSync().slice() as Float32Array) : new Float32Array(0),
      b2: b2 ? (b2.dataSync().slice() as Float32Array) : new Float32Array(0),
    }),
  };
}
