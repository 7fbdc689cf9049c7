/**
 * Heavy-tailed draws for the synthetic world: Zipf rank weights (popularity of media and users inside
 * a community), Pareto draws (activity, play counts), exact integer apportionment (so a world has
 * exactly the sizes asked for) and sampling by weight through a cumulative table (binary search).
 * Zipf: weight of rank r (0-based) is (r + 1)^-s; Pareto with shape a: x = (1 - u)^(-1/a), x ≥ 1.
 */
import type { Rng } from '../models/random';

export function zipfWeights(n: number, exponent: number): Float64Array {
  const w = new Float64Array(n);
  for (let r = 0; r < n; r++) w[r] = Math.pow(r + 1, -exponent);
  return w;
}

/** A Pareto(shape) draw, at least 1. */
export function pareto(rng: Rng, shape: number): number {
  return Math.pow(1 - rng.next(), -1 / shape);
}

/**
 * `total` split into integers proportional to `weights` (largest remainders), each at least `min`
 * and at most `max` where those fit; sums to exactly `total` when min·n ≤ total ≤ max·n.
 */
export function apportion(weights: ArrayLike<number>, total: number, min = 0, max = Infinity): Int32Array {
  const n = weights.length;
  const out = new Int32Array(n);
  if (n === 0) return out;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += weights[i]!;
  const free = total - min * n;
  const frac: number[] = [];
  let given = 0;
  for (let i = 0; i < n; i++) {
    const exact = sum > 0 ? (free * weights[i]!) / sum : free / n;
    const v = Math.min(max, min + Math.floor(exact));
    out[i] = v;
    given += v;
    frac.push(exact - Math.floor(exact));
  }
  // Remainders go to the largest fractions first; anything a cap refused goes round to whoever has room.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => frac[b]! - frac[a]! || a - b);
  for (let pass = 0; given < total && pass < 1 + Math.ceil(total / n); pass++) {
    let moved = false;
    for (const i of order) {
      if (given >= total) break;
      if (out[i]! < max) {
        out[i]! += 1;
        given++;
        moved = true;
      }
    }
    if (!moved) break;
  }
  return out;
}

/** Samples indices with probability proportional to their weight. */
export class WeightedSampler {
  private readonly cumulative: Float64Array;

  constructor(weights: ArrayLike<number>) {
    this.cumulative = new Float64Array(weights.length);
    let acc = 0;
    for (let i = 0; i < weights.length; i++) {
      acc += weights[i]!;
      this.cumulative[i] = acc;
    }
  }

  get size(): number {
    return this.cumulative.length;
  }

  sample(rng: Rng): number {
    const c = this.cumulative;
    const target = rng.next() * c[c.length - 1]!;
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (c[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** The first `n` entries of a seeded permutation of 0..n-1 (which rank each slot gets). */
export function permutation(n: number, rng: Rng): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}
