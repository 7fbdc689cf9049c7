/**
 * The text tower of graph-text: a small MLP from a text vector t (the encoder's unit vector of an
 * item's metadata text) into the graph's item space,
 *   f(t) = W₂ · relu(W₁ t + b₁) + b₂        (hidden > 0)
 *   f(t) = W t + b                          (hidden = 0, a linear map)
 * trained in tfjs (variables here) and applied at serving time in plain JS from its stored weights
 * (projectText), so a new upload gets its graph-space vector without tfjs or a training run.
 */
import * as tf from '@tensorflow/tfjs';
import { BadInputError } from '../../domain/errors';
import { variableFrom, xavierUniform } from '../embedding-scorer';
import type { Rng } from '../random';
import { matMul, matMulConstantA } from './matmul';

/** The tower's weights as plain arrays (row-major), what is stored and served. */
export interface TextProjection {
  inputDim: number;
  /** 0 = linear map. */
  hidden: number;
  dim: number;
  /** inputDim × (hidden || dim). */
  w1: Float32Array;
  b1: Float32Array;
  /** hidden × dim (empty when hidden = 0). */
  w2: Float32Array;
  b2: Float32Array;
}

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
    squaredWeights: () => (w2 ? tf.add(tf.sum(tf.square(w1)), tf.sum(tf.square(w2))) : tf.sum(tf.square(w1))) as tf.Scalar,
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

/** f(t) in plain JS, exactly the tower's forward pass. */
export function projectText(p: TextProjection, t: Float32Array): Float32Array {
  if (t.length !== p.inputDim) throw new BadInputError('textVector', `text vector must have ${p.inputDim} dimensions, the projection's input (got ${t.length})`, t.length);
  const first = p.hidden > 0 ? p.hidden : p.dim;
  const h = Float32Array.from(p.b1);
  for (let i = 0; i < p.inputDim; i++) {
    const x = t[i]!;
    if (x === 0) continue;
    const row = i * first;
    for (let c = 0; c < first; c++) h[c]! += x * p.w1[row + c]!;
  }
  if (p.hidden === 0) return h;
  const out = Float32Array.from(p.b2);
  for (let k = 0; k < p.hidden; k++) {
    const a = h[k]! > 0 ? h[k]! : 0;
    if (a === 0) continue;
    const row = k * p.dim;
    for (let c = 0; c < p.dim; c++) out[c]! += a * p.w2[row + c]!;
  }
  return out;
}

/** JSON-safe form for storage (numbers as arrays) and back, checked. */
export function serializeProjection(p: TextProjection): string {
  return JSON.stringify({ inputDim: p.inputDim, hidden: p.hidden, dim: p.dim, w1: Array.from(p.w1), b1: Array.from(p.b1), w2: Array.from(p.w2), b2: Array.from(p.b2) });
}

export function parseProjection(json: string): TextProjection {
  const o = JSON.parse(json) as Record<string, unknown>;
  const num = (k: string): number => {
    const v = o[k];
    if (!Number.isInteger(v) || (v as number) < 0) throw new BadInputError(`projection.${k}`, `projection.${k} must be a non-negative integer (got ${JSON.stringify(v)})`, v);
    return v as number;
  };
  const inputDim = num('inputDim');
  const hidden = num('hidden');
  const dim = num('dim');
  const first = hidden > 0 ? hidden : dim;
  const arr = (k: string, length: number): Float32Array => {
    const v = o[k];
    if (!Array.isArray(v) || v.length !== length) throw new BadInputError(`projection.${k}`, `projection.${k} must hold ${length} numbers (got ${Array.isArray(v) ? v.length : typeof v})`, Array.isArray(v) ? v.length : v);
    return Float32Array.from(v as number[]);
  };
  return { inputDim, hidden, dim, w1: arr('w1', inputDim * first), b1: arr('b1', first), w2: arr('w2', hidden * (hidden > 0 ? dim : 0)), b2: arr('b2', hidden > 0 ? dim : 0) };
}
