/**
 * Catalogue-length scratch arrays lent to one feed at a time and taken back clean.
 *
 * A feed's signals are dense arrays indexed by item (co-engagement sums, friends' counts, the blend's
 * row sums, the candidate-only dot products): about fifteen of them, of which a feed writes a few
 * thousand entries. Allocated per feed they cost ~110 MB of fresh zeroed memory a feed at 100× LastFM
 * (1.76M media), and the collections that allocation set off were most of a cold feed there: an
 * in-process profile of 100 feeds on that snapshot read 156 ms a feed, 91 ms of it in the garbage
 * collector (docs/results.md, "Cold feeds without catalogue-length garbage"). Lent from a pool instead,
 * each array is zeroed on return at the entries it was written (`writtenAt`), or whole when its writer
 * did not say (safe by default).
 *
 *   const lease = itemScratch(data).lease();
 *   const sums = lease.floats();  … write sums[j] for j in touched …
 *   lease.writtenAt(sums, touched);
 *   lease.release();           // nothing of the feed may read `sums` after this
 *
 * A lease never released (an abandoned request) just leaves its arrays to the collector.
 */
type ItemArray = Float32Array | Int32Array | Uint8Array;
type Kind = 'floats' | 'ints' | 'bytes';

/**
 * Idle arrays kept per kind: two feeds' worth (a feed takes up to 11 float, 4 int and 2 byte arrays), so
 * a served feed finds its arrays ready (about 220 MB held at 1.76M items); more feeds at once allocate their own.
 */
export const SCRATCH_IDLE: Readonly<Record<Kind, number>> = Object.freeze({ floats: 22, ints: 8, bytes: 4 });

/**
 * Bytes held idle at most, whatever the counts allow: the counts' 220 MB at 1.76M items fit; a larger
 * catalogue keeps fewer arrays idle (its feeds allocate the rest) instead of holding counts × its length.
 */
export const SCRATCH_IDLE_BYTES = 256 * 2 ** 20;

/** Past this share of the catalogue a written array is zeroed whole (one memset beats a scatter). */
const DENSE_RESET_SHARE = 1 / 16;

export class ItemScratchPool {
  private readonly idle: Record<Kind, ItemArray[]> = { floats: [], ints: [], bytes: [] };
  private idleBytes = 0;

  constructor(
    readonly numItems: number,
    private readonly maxIdle: Readonly<Record<Kind, number>> = SCRATCH_IDLE,
    /** Past this share of the catalogue a declared array is zeroed whole (1: never; tests). */
    readonly denseShare = DENSE_RESET_SHARE,
    private readonly maxIdleBytes = SCRATCH_IDLE_BYTES,
  ) {}

  lease(): ScratchLease {
    return new ScratchLease(this);
  }

  /** The arrays held idle (every one of them zero: tests check it). */
  idleArrays(): readonly ItemArray[] {
    return [...this.idle.floats, ...this.idle.ints, ...this.idle.bytes];
  }

  take(kind: Kind): ItemArray {
    const held = this.idle[kind].pop();
    if (held) {
      this.idleBytes -= held.byteLength;
      return held;
    }
    const n = this.numItems;
    return kind === 'floats' ? new Float32Array(n) : kind === 'ints' ? new Int32Array(n) : new Uint8Array(n);
  }

  /** Takes back a zeroed array. */
  give(kind: Kind, array: ItemArray): void {
    if (this.idle[kind].length >= this.maxIdle[kind] || this.idleBytes + array.byteLength > this.maxIdleBytes) return;
    this.idle[kind].push(array);
    this.idleBytes += array.byteLength;
  }
}

interface Lent {
  kind: Kind;
  array: ItemArray;
  /** The index lists it was written at; null: unknown (zeroed whole). */
  written: ArrayLike<number>[] | null;
  /** Written at [0, prefix) as a list (besides `written`). */
  prefix: number;
}

export class ScratchLease {
  private lent: Lent[] = [];

  constructor(private readonly pool: ItemScratchPool) {}

  floats(): Float32Array {
    return this.lend('floats') as Float32Array;
  }

  ints(): Int32Array {
    return this.lend('ints') as Int32Array;
  }

  bytes(): Uint8Array {
    return this.lend('bytes') as Uint8Array;
  }

  /**
   * Declares that `array` (lent by this lease) is written at `indices` only (any number of calls, before
   * release): release zeroes those entries alone. The list is read at release, so it may still grow.
   */
  writtenAt(array: ItemArray, indices: ArrayLike<number>): void {
    const entry = this.entry(array);
    if (entry) (entry.written ??= []).push(indices);
  }

  /** Declares that `array` is used as a list, written at positions [0, end) only. */
  writtenBelow(array: ItemArray, end: number): void {
    const entry = this.entry(array);
    if (!entry) return;
    entry.written ??= [];
    entry.prefix = Math.max(entry.prefix, end);
  }

  /** Zeroes every lent array (its written entries, or all of it) and gives it back; the lease is then empty. */
  release(): void {
    const lent = this.lent;
    this.lent = [];
    const n = this.pool.numItems;
    for (const { kind, array, written, prefix } of lent) {
      const count = written ? written.reduce((s, w) => s + w.length, prefix) : n;
      if (!written || count > n * this.pool.denseShare) array.fill(0);
      else {
        array.fill(0, 0, prefix);
        for (const list of written) for (let k = 0; k < list.length; k++) array[list[k]!] = 0;
      }
      this.pool.give(kind, array);
    }
  }

  private lend(kind: Kind): ItemArray {
    const array = this.pool.take(kind);
    this.lent.push({ kind, array, written: null, prefix: 0 });
    return array;
  }

  private entry(array: ItemArray): Lent | undefined {
    return this.lent.find((l) => l.array === array);
  }
}

const pools = new WeakMap<object, ItemScratchPool>();

/** The pool of a snapshot's data (dropped with it); `given` installs one (tests). */
export function itemScratch(data: { numItems: number }, given?: ItemScratchPool): ItemScratchPool {
  let pool = given ?? pools.get(data);
  if (!pool) pool = new ItemScratchPool(data.numItems);
  pools.set(data, pool);
  return pool;
}
