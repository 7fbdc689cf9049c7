/**
 * Content-profile baseline (the classic content-based recommender, e.g. Lops, de Gemmis & Semeraro,
 * "Content-based Recommender Systems", 2011): each item is the unit vector of its metadata text
 * (TrainData.itemTexts: title and description, never user-generated text) under the configured
 * encoder; a user's profile is the mean of their training items' vectors, and
 *   score(u, j) = cos(p_u, v_j) = (p_u / ‖p_u‖) · v_j        p_u = (1 / |I_u|) Σ_{i ∈ I_u} v_i
 * It needs no interactions on j, so it can place new uploads (the cold-items protocol).
 */
import { BadInputError } from '../domain/errors';
import type { FitContext, Recommender, TrainData } from './types';

export class ContentProfile implements Recommender {
  readonly name = 'content';
  private dim = 0;
  private numItems = 0;
  /** numItems × dim, unit rows (zero for text with no signal). */
  private items = new Float32Array(0);
  /** numUsers × dim, unit rows (zero for a user with no training items). */
  private profiles = new Float32Array(0);

  async fit(data: TrainData, ctx: FitContext): Promise<void> {
    const texts = data.itemTexts;
    if (!texts || texts.length !== data.numItems) {
      throw new BadInputError(
        'itemTexts',
        `the content model needs one text per item (got ${texts?.length ?? 0} for ${data.numItems} items)`,
        texts?.length,
      );
    }
    const encoder = ctx.textEncoder;
    if (!encoder)
      throw new BadInputError(
        'textEncoder',
        'the content model needs a text encoder (FitContext.textEncoder; the eval CLI passes the configured EMBEDDING_KIND)',
      );
    const vectors = await encoder.embed(texts);
    ctx.log(`content: ${texts.length} item texts through ${encoder.modelId}`);
    this.dim = vectors[0]?.length ?? 0;
    this.numItems = data.numItems;
    this.items = new Float32Array(this.numItems * this.dim);
    vectors.forEach((v, i) => this.items.set(unit(v), i * this.dim));
    this.profiles = new Float32Array(data.numUsers * this.dim);
    const { offsets, targets } = data.userItems;
    for (let u = 0; u < data.numUsers; u++) {
      const p = this.profiles.subarray(u * this.dim, (u + 1) * this.dim);
      for (let k = offsets[u]!; k < offsets[u + 1]!; k++) {
        const row = this.items.subarray(targets[k]! * this.dim, (targets[k]! + 1) * this.dim);
        for (let d = 0; d < this.dim; d++) p[d]! += row[d]!;
      }
      p.set(unit(p)); // the mean's direction: cosine ignores the 1/|I_u|
    }
  }

  score(users: Int32Array): Float32Array {
    const { dim, numItems: n } = this;
    const out = new Float32Array(users.length * n);
    for (let r = 0; r < users.length; r++) {
      const p = this.profiles.subarray(users[r]! * dim, (users[r]! + 1) * dim);
      for (let j = 0; j < n; j++) {
        let s = 0;
        const off = j * dim;
        for (let d = 0; d < dim; d++) s += p[d]! * this.items[off + d]!;
        out[r * n + j] = s;
      }
    }
    return out;
  }
}

function unit(v: Float32Array): Float32Array {
  let norm = 0;
  for (let d = 0; d < v.length; d++) norm += v[d]! * v[d]!;
  norm = Math.sqrt(norm);
  return norm > 0 ? v.map((x) => x / norm) : new Float32Array(v.length);
}
