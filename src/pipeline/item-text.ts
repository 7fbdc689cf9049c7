/**
 * A snapshot's text vectors as one matrix in the projection's item order, each row unit length: what the
 * content matrix is when the items have no audio or visual vectors, so the snapshot holds the text
 * vectors once. Read as a map by id and copied into item order, the 100× world held them twice while the
 * snapshot was built (1.8 GB each; docs/results.md, "Snapshot memory at 100×").
 */
import type { ContentStore } from '../domain/ports';
import { norm } from '../domain/vectors';

export interface ItemTextVectors {
  /** Length of each vector (0 when no item has one). */
  dim: number;
  /** numItems × dim, row i item i's unit text vector (zeros where it has none). */
  rows: Float32Array;
  /** 1 where item i has a (non-zero) text vector. */
  has: Uint8Array;
  /**
   * Two 32-bit digests per item of the text hash its vector was computed from (0, 0: none or unknown):
   * a reload keeps the rows whose hash is unchanged instead of reading them again (readItemText).
   */
  digests?: Uint32Array;
}

/** The text vectors a snapshot holds already, to be kept where unchanged by the next one (readItemText). */
export interface HeldText {
  model: string;
  text: ItemTextVectors;
  itemIndex: ReadonlyMap<string, number>;
}

/**
 * A text hash's two 32-bit FNV-1a digests (different offsets); (0, 0) is kept for "unknown". Held per item
 * instead of the hash strings themselves (1.76M strings at 100× LastFM).
 */
function digestOf(hash: string, out: Uint32Array, at: number): void {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let k = 0; k < hash.length; k++) {
    const c = hash.charCodeAt(k);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193);
  }
  out[at] = a >>> 0 || 1;
  out[at + 1] = b >>> 0;
}

/** Builds ItemTextVectors by writing each vector into its row; vectors of another length than the first are skipped. */
class ItemTextBuilder {
  private dim = 0;
  private rows = new Float32Array(0);
  private readonly has: Uint8Array;
  private readonly digests: Uint32Array;

  constructor(private readonly numItems: number) {
    this.has = new Uint8Array(numItems);
    this.digests = new Uint32Array(2 * numItems);
  }

  put(i: number, v: ArrayLike<number>, hash?: string | null): void {
    if (!this.sized(v.length)) return;
    const n = norm(v);
    if (!(n > 0) || !Number.isFinite(n)) return;
    const at = i * this.dim;
    for (let c = 0; c < v.length; c++) this.rows[at + c] = v[c]! / n;
    this.has[i] = 1;
    if (hash) digestOf(hash, this.digests, 2 * i);
  }

  /** Row j of `held` (a unit vector already, with its digests) as row i. */
  keep(i: number, held: ItemTextVectors, j: number): void {
    if (!this.sized(held.dim)) return;
    this.rows.set(held.rows.subarray(j * held.dim, (j + 1) * held.dim), i * this.dim);
    this.has[i] = 1;
    this.digests[2 * i] = held.digests![2 * j]!;
    this.digests[2 * i + 1] = held.digests![2 * j + 1]!;
  }

  done(): ItemTextVectors {
    return { dim: this.dim, rows: this.rows, has: this.has, digests: this.digests };
  }

  /** Whether a vector of this length fits (the first one sets the length). */
  private sized(length: number): boolean {
    if (this.dim === 0 && length > 0) {
      this.dim = length;
      this.rows = new Float32Array(this.numItems * this.dim);
    }
    return length === this.dim && this.dim > 0;
  }
}

/** Item i's vector from `vectorOf(i)` (undefined: none), for numItems items. */
export function itemTextVectors(
  numItems: number,
  vectorOf: (i: number) => ArrayLike<number> | undefined,
): ItemTextVectors {
  const b = new ItemTextBuilder(numItems);
  for (let i = 0; i < numItems; i++) {
    const v = vectorOf(i);
    if (v) b.put(i, v);
  }
  return b.done();
}

/**
 * The stored text vectors of `model` for the items of `itemIndex` (id → row; the snapshot's interaction
 * graph's, not a map of its own: 1.76M entries at 100×), each written into its row as it is read (media
 * not listed are skipped).
 *
 * With `held` (the serving snapshot's own, same model) only the media's ids and text hashes are read: a
 * row whose hash is the one held is kept (a vector is a function of model and text: the embed job's own
 * cache key), and only new or changed vectors are read. At 100× LastFM the vectors are 1.76M × 256 floats
 * streamed from Neo4j at every reload (docs/results.md, "Scale").
 */
export async function readItemText(
  content: Pick<ContentStore, 'streamTextEmbeddings' | 'streamTextHashes' | 'streamTextEmbeddingsByIds'>,
  model: string,
  itemIndex: ReadonlyMap<string, number>,
  held?: HeldText,
): Promise<ItemTextVectors> {
  const b = new ItemTextBuilder(itemIndex.size);
  const put = (id: string, vector: ArrayLike<number>, hash: string | null): void => {
    const i = itemIndex.get(id);
    if (i !== undefined) b.put(i, vector, hash);
  };
  const kept = held && held.model === model && held.text.digests && held.text.dim > 0 ? held : undefined;
  if (!kept) {
    await content.streamTextEmbeddings(model, put);
    return b.done();
  }
  const digest = new Uint32Array(2);
  const read: string[] = [];
  // Item i keeps the held row from[i] (−1: none); `moved`: some item's row is not the one it held.
  const from = new Int32Array(itemIndex.size).fill(-1);
  let moved = kept.itemIndex.size !== itemIndex.size;
  let keptRows = 0;
  await content.streamTextHashes(model, (id, hash) => {
    const i = itemIndex.get(id);
    if (i === undefined) return;
    const j = kept.itemIndex.get(id);
    const was = kept.text.digests!;
    if (hash && j !== undefined && kept.text.has[j]) {
      digestOf(hash, digest, 0);
      if (was[2 * j] === digest[0] && was[2 * j + 1] === digest[1]) {
        from[i] = j;
        keptRows++;
        if (i !== j) moved = true;
        return;
      }
    }
    read.push(id);
  });
  // Nothing new, changed, gone or moved: the held rows themselves (never written after their load), so a
  // reload holds one text matrix, not two (1.8 GB at 100×).
  if (!moved && read.length === 0 && keptRows === countOnes(kept.text.has)) return kept.text;
  for (let i = 0; i < from.length; i++) if (from[i]! >= 0) b.keep(i, kept.text, from[i]!);
  // A vector rewritten since its hash was read comes with its new hash.
  await content.streamTextEmbeddingsByIds(model, read, put);
  return b.done();
}

function countOnes(a: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) n += a[i]!;
  return n;
}

/** Row i as a view (no copy), or undefined where item i has no vector. */
export function textRow(t: ItemTextVectors, i: number): Float32Array | undefined {
  return t.has[i] ? t.rows.subarray(i * t.dim, (i + 1) * t.dim) : undefined;
}
