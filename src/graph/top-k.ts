/**
 * Bounded top-k selection: a min-heap of the k best (index, value) pairs seen, O(n log k) for n offers
 * and no allocation per offer. Ties are deterministic: the lower index wins. Used where a full sort of
 * every candidate would dominate (item-kNN's neighbour lists, the ranking's candidate lists).
 */
export class TopK {
  private readonly index: Int32Array;
  private readonly value: Float64Array;
  private size = 0;

  constructor(readonly k: number) {
    this.index = new Int32Array(Math.max(0, k));
    this.value = new Float64Array(Math.max(0, k));
  }

  get length(): number {
    return this.size;
  }

  /** Whether (value, index) would enter the heap now (cheap pre-check before costlier work). */
  admits(value: number, index: number): boolean {
    return this.size < this.k || weaker(this.value[0]!, this.index[0]!, value, index);
  }

  offer(value: number, index: number): void {
    if (this.k <= 0 || !this.admits(value, index)) return;
    const hv = this.value;
    const hi = this.index;
    if (this.size < this.k) {
      let c = this.size++;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (!weaker(value, index, hv[p]!, hi[p]!)) break;
        hv[c] = hv[p]!;
        hi[c] = hi[p]!;
        c = p;
      }
      hv[c] = value;
      hi[c] = index;
      return;
    }
    let c = 0;
    for (;;) {
      const l = 2 * c + 1;
      if (l >= this.size) break;
      const r = l + 1;
      const m = r < this.size && weaker(hv[r]!, hi[r]!, hv[l]!, hi[l]!) ? r : l;
      if (!weaker(hv[m]!, hi[m]!, value, index)) break;
      hv[c] = hv[m]!;
      hi[c] = hi[m]!;
      c = m;
    }
    hv[c] = value;
    hi[c] = index;
  }

  /** The kept pairs, best first (value descending, then index ascending); the heap is emptied. */
  drain(): { index: number; value: number }[] {
    const out: { index: number; value: number }[] = [];
    for (let t = 0; t < this.size; t++) out.push({ index: this.index[t]!, value: this.value[t]! });
    this.size = 0;
    return out.sort((a, b) => b.value - a.value || a.index - b.index);
  }
}

/** True when (va, ia) ranks below (vb, ib). */
function weaker(va: number, ia: number, vb: number, ib: number): boolean {
  return va < vb || (va === vb && ia > ib);
}
