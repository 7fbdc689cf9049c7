/**
 * The trained text tower of graph-text as plain weights (text-tower.ts trains it): what the embeddings
 * job stores next to the graph embeddings and what serving applies to a new upload's text vector,
 *   f(t) = W₂ · relu(W₁ t + b₁) + b₂   (hidden > 0),   f(t) = W₁ t + b₁   (hidden = 0)
 * in plain JS (no tfjs), with t the unit-normalised text vector, as in training.
 */
import { BadInputError } from '../../domain/errors';

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

/** f(t) in plain JS, exactly the tower's forward pass (t as given: normalise it first, see unitVector). */
export function projectText(p: TextProjection, t: Float32Array): Float32Array {
  if (t.length !== p.inputDim)
    throw new BadInputError(
      'textVector',
      `text vector must have ${p.inputDim} dimensions, the projection's input (got ${t.length})`,
      t.length,
    );
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
  return JSON.stringify({
    inputDim: p.inputDim,
    hidden: p.hidden,
    dim: p.dim,
    w1: Array.from(p.w1),
    b1: Array.from(p.b1),
    w2: Array.from(p.w2),
    b2: Array.from(p.b2),
  });
}

export function parseProjection(json: string): TextProjection {
  const o = JSON.parse(json) as Record<string, unknown>;
  const num = (k: string): number => {
    const v = o[k];
    if (!Number.isInteger(v) || (v as number) < 0)
      throw new BadInputError(
        `projection.${k}`,
        `projection.${k} must be a non-negative integer (got ${JSON.stringify(v)})`,
        v,
      );
    return v as number;
  };
  const inputDim = num('inputDim');
  const hidden = num('hidden');
  const dim = num('dim');
  const first = hidden > 0 ? hidden : dim;
  const arr = (k: string, length: number): Float32Array => {
    const v = o[k];
    if (!Array.isArray(v) || v.length !== length)
      throw new BadInputError(
        `projection.${k}`,
        `projection.${k} must hold ${length} numbers (got ${Array.isArray(v) ? v.length : typeof v})`,
        Array.isArray(v) ? v.length : v,
      );
    return Float32Array.from(v as number[]);
  };
  return {
    inputDim,
    hidden,
    dim,
    w1: arr('w1', inputDim * first),
    b1: arr('b1', first),
    w2: arr('w2', hidden * (hidden > 0 ? dim : 0)),
    b2: arr('b2', hidden > 0 ? dim : 0),
  };
}

/** v / ‖v‖ (a zero vector stays zero): the tower's input, as graph-text trains on it. */
export function unitVector(v: Float32Array): Float32Array {
  let norm = 0;
  for (let k = 0; k < v.length; k++) norm += v[k]! * v[k]!;
  norm = Math.sqrt(norm);
  return norm > 0 ? v.map((x) => x / norm) : v;
}

/** The projection of γ·f(t): the last layer's weights and bias times γ. */
export function scaleProjection(p: TextProjection, gamma: number): TextProjection {
  const times = (a: Float32Array): Float32Array => a.map((x) => x * gamma);
  return p.hidden > 0 ? { ...p, w2: times(p.w2), b2: times(p.b2) } : { ...p, w1: times(p.w1), b1: times(p.b1) };
}
