/**
 * The ENGAGED edges a sequence of recorded events folds into, computed as cypher/interaction/record.cypher
 * does one event at a time: weight = 0.0 + each event's weight in arrival order (the same float sums),
 * count, counts by type (INTERACTION_TYPES order), firstAt = the first recorded event's time, lastAt = the
 * latest time. Column-wise typed arrays keyed by (user index, media index), so 9M pairs fit in a few
 * hundred MB; times are epoch milliseconds (validated times are whole milliseconds, so they round-trip).
 */
import { INTERACTION_TYPES } from '../../domain/entities';

const TYPES = INTERACTION_TYPES.length;

export interface EngagementRow {
  user: number;
  media: number;
  weight: number;
  count: number;
  /** Counts by type joined by the array delimiter. */
  counts: string;
  firstAt: string;
  lastAt: string;
}

export class EngagementTable {
  private readonly index = new Map<number, number>();
  private size = 0;
  private user = new Int32Array(1024);
  private media = new Int32Array(1024);
  private weight = new Float64Array(1024);
  private count = new Int32Array(1024);
  private counts = new Int32Array(1024 * TYPES);
  private first = new Float64Array(1024);
  private last = new Float64Array(1024);

  constructor(private readonly mediaCount: number) {}

  get pairs(): number {
    return this.size;
  }

  add(user: number, media: number, typeIndex: number, weight: number, atMs: number): void {
    const key = user * this.mediaCount + media;
    let k = this.index.get(key);
    if (k === undefined) {
      if (this.size === this.user.length) this.grow();
      k = this.size++;
      this.index.set(key, k);
      this.user[k] = user;
      this.media[k] = media;
      this.weight[k] = 0.0;
      this.first[k] = atMs;
      this.last[k] = atMs;
    } else if (atMs > this.last[k]!) {
      this.last[k] = atMs;
    }
    this.weight[k]! += weight;
    this.count[k]! += 1;
    this.counts[k * TYPES + typeIndex]! += 1;
  }

  /** The edges in the order their pairs were first seen (one row object, reused). */
  *rows(delimiter: string): Generator<EngagementRow> {
    const row: EngagementRow = { user: 0, media: 0, weight: 0, count: 0, counts: '', firstAt: '', lastAt: '' };
    for (let k = 0; k < this.size; k++) {
      let counts = String(this.counts[k * TYPES]);
      for (let t = 1; t < TYPES; t++) counts += delimiter + this.counts[k * TYPES + t];
      row.user = this.user[k]!;
      row.media = this.media[k]!;
      row.weight = this.weight[k]!;
      row.count = this.count[k]!;
      row.counts = counts;
      row.firstAt = new Date(this.first[k]!).toISOString();
      row.lastAt = new Date(this.last[k]!).toISOString();
      yield row;
    }
  }

  private grow(): void {
    const cap = this.user.length * 2;
    const more = <T extends Int32Array | Float64Array>(a: T, n = cap): T => {
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a);
      return b;
    };
    this.user = more(this.user);
    this.media = more(this.media);
    this.weight = more(this.weight);
    this.count = more(this.count);
    this.counts = more(this.counts, cap * TYPES);
    this.first = more(this.first);
    this.last = more(this.last);
  }
}
