/**
 * Dense vector helpers shared by text encoders and ranking. Vectors are Float32Array (what encoders,
 * typed-array projections and Neo4j float lists convert to cheaply). Cosine similarity is the
 * standard relevance score for embedding retrieval; for L2-normalised vectors it equals the dot
 * product, which is why encoders normalise once and ranking can use `dot` on the hot path.
 */

export type Vector = Float32Array;
export type VectorLike = ArrayLike<number>;

function sameLength(a: VectorLike, b: VectorLike): void {
  if (a.length !== b.length) throw new RangeError(`vector lengths differ (${a.length} vs ${b.length})`);
}

/** Σ a_i b_i, accumulated in double precision. */
export function dot(a: VectorLike, b: VectorLike): number {
  sameLength(a, b);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/** Euclidean (L2) norm. */
export function norm(a: VectorLike): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * a[i]!;
  return Math.sqrt(sum);
}

/** A new unit-length copy; a zero (or non-finite) vector stays all zeros rather than becoming NaN. */
export function normalize(a: VectorLike): Vector {
  const out = Float32Array.from(a);
  normalizeInPlace(out);
  return out;
}

/** Scales `a` to unit length in place and returns it (zero vectors are left as they are). */
export function normalizeInPlace(a: Float32Array | number[]): typeof a {
  const n = norm(a);
  if (n > 0 && Number.isFinite(n)) for (let i = 0; i < a.length; i++) a[i]! /= n;
  return a;
}

/** cos(a, b) = a·b / (|a||b|); 0 when either vector is zero. */
export function cosine(a: VectorLike, b: VectorLike): number {
  sameLength(a, b);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

/**
 * Element-wise (weighted) mean of equally long vectors; `weights` default to 1. Returns null for an
 * empty list or when all weights are zero, so callers decide what "no profile" means.
 */
export function mean(vectors: readonly VectorLike[], weights?: readonly number[]): Vector | null {
  if (vectors.length === 0) return null;
  if (weights && weights.length !== vectors.length) {
    throw new RangeError(`weights length ${weights.length} differs from vectors length ${vectors.length}`);
  }
  const first = vectors[0]!;
  const dim = first.length;
  const acc = new Float64Array(dim);
  let total = 0;
  for (let k = 0; k < vectors.length; k++) {
    const v = vectors[k]!;
    sameLength(v, first);
    const w = weights ? weights[k]! : 1;
    if (w === 0) continue;
    total += w;
    for (let i = 0; i < dim; i++) acc[i]! += w * v[i]!;
  }
  if (total === 0) return null;
  const out = new Float32Array(dim);
  for (let i = 0; i < dim; i++) out[i] = acc[i]! / total;
  return out;
}

/** y ← y + alpha·x in place (the BLAS axpy), for online profile updates. */
export function addScaled(y: Float32Array, x: VectorLike, alpha: number): Float32Array {
  sameLength(y, x);
  for (let i = 0; i < y.length; i++) y[i]! += alpha * x[i]!;
  return y;
}

/**
 * Float32Array views carved out of large shared buffers. A snapshot reads one vector per media item
 * (1.76M at 100× LastFM): as separate Float32Arrays each was its own ArrayBuffer and small native
 * allocation, freed again once the snapshot is built; views of one slab cost only their JS object
 * (docs/results.md, "Snapshot memory").
 */
export class VectorSlab {
  private slab = new Float32Array(0);
  private used = 0;

  constructor(private readonly slabFloats = 1 << 20) {}

  /** A view holding a copy of `values` (its own buffer when longer than a slab). */
  copy(values: ArrayLike<number>): Float32Array {
    const n = values.length;
    if (n > this.slabFloats) return Float32Array.from(values);
    if (this.used + n > this.slab.length) {
      this.slab = new Float32Array(this.slabFloats);
      this.used = 0;
    }
    const view = this.slab.subarray(this.used, this.used + n);
    view.set(values);
    this.used += n;
    return view;
  }
}
