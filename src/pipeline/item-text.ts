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
}

/** Builds ItemTextVectors by writing each vector into its row; vectors of another length than the first are skipped. */
class ItemTextBuilder {
  private dim = 0;
  private rows = new Float32Array(0);
  private readonly has: Uint8Array;

  constructor(private readonly numItems: number) {
    this.has = new Uint8Array(numItems);
  }

  put(i: number, v: ArrayLike<number>): void {
    if (this.dim === 0 && v.length > 0) {
      this.dim = v.length;
      this.rows = new Float32Array(this.numItems * this.dim);
    }
    if (v.length !== this.dim || this.dim === 0) return;
    const n = norm(v);
    if (!(n > 0) || !Number.isFinite(n)) return;
    const at = i * this.dim;
    for (let c = 0; c < v.length; c++) this.rows[at + c] = v[c]! / n;
    this.has[i] = 1;
  }

  done(): ItemTextVectors {
    return { dim: this.dim, rows: this.rows, has: this.has };
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
 */
export async function readItemText(
  content: Pick<ContentStore, 'streamTextEmbeddings'>,
  model: string,
  itemIndex: ReadonlyMap<string, number>,
): Promise<ItemTextVectors> {
  const b = new ItemTextBuilder(itemIndex.size);
  await content.streamTextEmbeddings(model, (id, vector) => {
    const i = itemIndex.get(id);
    if (i !== undefined) b.put(i, vector);
  });
  return b.done();
}

/** Row i as a view (no copy), or undefined where item i has no vector. */
export function textRow(t: ItemTextVectors, i: number): Float32Array | undefined {
  return t.has[i] ? t.rows.subarray(i * t.dim, (i + 1) * t.dim) : undefined;
}
