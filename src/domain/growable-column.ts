/**
 * A typed-array column grown by doubling: streamed rows (the store's projection) and the pairs a model
 * keeps (item-kNN, sparse item–item rows) append to one of these instead of to JS arrays, which at 100×
 * LastFM held gigabytes of boxed numbers during a snapshot load (docs/results.md).
 */
export type NumberArray = Int32Array | Float32Array | Float64Array;

export class GrowableColumn<T extends NumberArray> {
  private size = 0;

  /** Starts in `data` (its length is the first capacity). */
  constructor(private data: T) {}

  get length(): number {
    return this.size;
  }

  push(v: number): void {
    if (this.size === this.data.length) this.reserve(this.size + 1);
    this.data[this.size++] = v;
  }

  /** Room for at least `n` values in all (capacity at least doubles). */
  reserve(n: number): void {
    if (n <= this.data.length) return;
    const bigger = new (this.data.constructor as new (n: number) => T)(Math.max(16, n, this.data.length * 2));
    bigger.set(this.data);
    this.data = bigger;
  }

  /** The values pushed so far, as a view (valid until the next push). */
  view(): T {
    return this.data.subarray(0, this.size) as T;
  }

  /** The values pushed so far, as a compact copy. */
  done(): T {
    return this.data.slice(0, this.size) as T;
  }
}
