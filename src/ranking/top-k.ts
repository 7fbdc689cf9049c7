/** Top-k selection with a bounded min-heap: O(n log k), deterministic ties (lower index wins). */

export interface Scored {
  item: number;
  score: number;
}

/** The k best entries of `scores` (descending) among indices accepted by `accept`; NaN and −∞ never rank. */
export function topKOf(
  scores: ArrayLike<number>,
  k: number,
  accept?: (i: number) => boolean,
  minScore = -Infinity,
): Scored[] {
  if (k <= 0) return [];
  const hi = new Int32Array(k);
  const hv = new Float64Array(k);
  let size = 0;
  const weaker = (va: number, ia: number, vb: number, ib: number) => va < vb || (va === vb && ia > ib);
  for (let j = 0; j < scores.length; j++) {
    const v = scores[j]!;
    if (!(v > minScore) || v === -Infinity) continue;
    if (size === k && !weaker(hv[0]!, hi[0]!, v, j)) continue;
    if (accept && !accept(j)) continue;
    if (size < k) {
      let c = size++;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (!weaker(v, j, hv[p]!, hi[p]!)) break;
        hv[c] = hv[p]!;
        hi[c] = hi[p]!;
        c = p;
      }
      hv[c] = v;
      hi[c] = j;
    } else {
      let c = 0;
      for (;;) {
        const l = 2 * c + 1;
        if (l >= size) break;
        const r = l + 1;
        const m = r < size && weaker(hv[r]!, hi[r]!, hv[l]!, hi[l]!) ? r : l;
        if (!weaker(hv[m]!, hi[m]!, v, j)) break;
        hv[c] = hv[m]!;
        hi[c] = hi[m]!;
        c = m;
      }
      hv[c] = v;
      hi[c] = j;
    }
  }
  const out: Scored[] = [];
  for (let t = 0; t < size; t++) out.push({ item: hi[t]!, score: hv[t]! });
  return out.sort((a, b) => b.score - a.score || a.item - b.item);
}

/** Dot product of `vector` with every row of a row-major table. */
export function dotAll(table: Float32Array, dim: number, vector: ArrayLike<number>, out?: Float32Array): Float32Array {
  const n = Math.floor(table.length / dim);
  const res = out ?? new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    const base = i * dim;
    for (let c = 0; c < dim; c++) s += table[base + c]! * vector[c]!;
    res[i] = s;
  }
  return res;
}
