/**
 * When is "similar" similar enough to say so? Cosines of one encoder are not comparable across encoders
 * (hashing, word vectors and MiniLM put unrelated texts near 0.0, 0.3 and 0.1), nor across queries, so a
 * fixed number would be wrong somewhere. The cut is calibrated per request on the catalogue itself: a
 * query (or a taste profile) "matches" an item when its similarity stands out from the bulk of its
 * similarities to all items with a vector. The bulk is read from the lower half of the scores only, so a
 * query matching up to half the catalogue does not raise its own bar:
 *
 *   location = median of the lower half (the first quartile),
 *   spread   = 2 · 1.4826 · MAD of the lower half (a half-sample's MAD is about half the full one),
 *   match   ⇔ s > location and (s − location) / spread ≥ Z_CUT
 *
 * (for normally distributed scores: about 2.3 σ above the mean, the top 1%). When the lower half ties
 * (hashing: unrelated texts score exactly 0), any score above it stands out. In a catalogue of n items no
 * score is more than √(n−1) deviations out, so tiny catalogues (n < 26) use z = √(n−1)/2. The quantiles
 * come from an even sample of at most SAMPLE items: O(SAMPLE log SAMPLE) however large the catalogue.
 */
export const Z_CUT = 2.5;
const SAMPLE = 2001;
const TIE = 1e-6;

export interface SimilarityCut {
  /** Smallest similarity that counts as a match (Infinity: nothing does). */
  min: number;
  /** Location of the bulk (the first quartile of the scores). */
  median: number;
  /** Robust standard deviation of the bulk (0 when the lower half ties). */
  spread: number;
}

const NOTHING: SimilarityCut = Object.freeze({ min: Infinity, median: 0, spread: 0 });

const rowsWithVector = new WeakMap<Float32Array, Uint8Array>();

/** 1 for each row of a row-major table whose vector is not all zeros (cached per table). */
export function hasVector(table: Float32Array, dim: number): Uint8Array {
  let out = rowsWithVector.get(table);
  if (out) return out;
  out = new Uint8Array(Math.floor(table.length / dim));
  for (let i = 0; i < out.length; i++) {
    for (let c = 0; c < dim; c++) {
      if (table[i * dim + c] !== 0) {
        out[i] = 1;
        break;
      }
    }
  }
  rowsWithVector.set(table, out);
  return out;
}

function median(sorted: Float64Array): number {
  const m = sorted.length >> 1;
  return sorted.length % 2 ? sorted[m]! : (sorted[m - 1]! + sorted[m]!) / 2;
}

/** The items the cut reads: an even sample of at most SAMPLE of the flagged ones, and how many are flagged. */
export interface CutSample {
  picked: Int32Array;
  n: number;
}

const samples = new WeakMap<Uint8Array, CutSample>();

/** The cut's sample of the items flagged in `withVector` (cached per flags). */
export function cutSample(withVector: Uint8Array): CutSample {
  let out = samples.get(withVector);
  if (out) return out;
  let n = 0;
  for (let i = 0; i < withVector.length; i++) n += withVector[i]!;
  const step = Math.max(1, n / SAMPLE);
  const picked: number[] = [];
  let seen = 0;
  let next = 0;
  for (let i = 0; i < withVector.length; i++) {
    if (!withVector[i]) continue;
    if (seen >= next) {
      picked.push(i);
      next += step;
    }
    seen++;
  }
  out = { picked: Int32Array.from(picked), n };
  samples.set(withVector, out);
  return out;
}

/** The match cut over `scores`, counting only the items flagged in `withVector`. */
export function similarityCut(scores: Float32Array | null, withVector: Uint8Array, z = Z_CUT): SimilarityCut {
  if (!scores) return NOTHING;
  const sample = cutSample(withVector);
  return cutOfSample(
    Array.from(sample.picked, (i) => scores[i]!),
    sample.n,
    z,
  );
}

/** The match cut from the scores of a cutSample's picked items (n: how many items the sample stands for). */
export function cutOfSample(picked: readonly number[], n: number, z = Z_CUT): SimilarityCut {
  if (n < 2) return NOTHING;
  const lower = Float64Array.from(picked)
    .sort()
    .subarray(0, Math.ceil(picked.length / 2));
  const mid = median(lower);
  const spread = 2 * 1.4826 * median(lower.map((s) => Math.abs(s - mid)).sort());
  const zEff = Math.min(z, Math.sqrt(n - 1) / 2);
  return { min: spread > TIE ? mid + zEff * spread : mid + TIE, median: mid, spread: spread > TIE ? spread : 0 };
}

/** How far out a score is, in robust deviations (Infinity above a tied bulk). */
export function zScore(cut: SimilarityCut, s: number): number {
  if (cut.spread > 0) return (s - cut.median) / cut.spread;
  return s > cut.median ? Infinity : 0;
}
