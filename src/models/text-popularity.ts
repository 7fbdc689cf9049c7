/**
 * Text-popularity baseline: how popular an item will be, predicted from its text alone, the same
 * ranking for every user. A diagnostic for cold-start models (issue 13): on MovieLens the held-out
 * positives of new items concentrate on a few well-known films, so part of what any text-reading model
 * gains over the (popularity-blind) content profile is popularity, not taste. Ridge regression
 * (Hoerl & Kennard 1970) over the warm items, from the unit text vector t̂_i (plus a bias) to
 *   y_i = ln(1 + |training users of i|):      w = (XᵀX + λI)⁻¹ Xᵀy,      score(u, j) = [t̂_j, 1] · w
 * (the bias is not regularised). Items without training interactions are not fitted, only scored.
 */
import { BadInputError } from '../domain/errors';
import { spdInverse } from './linalg';
import type { FitContext, Recommender, TrainData } from './types';

export interface TextPopularityOptions {
  /** λ of the ridge. */
  lambda: number;
}

export const TEXT_POPULARITY_DEFAULTS: Readonly<TextPopularityOptions> = Object.freeze({ lambda: 1 });

export class TextPopularity implements Recommender {
  readonly name = 'text-popularity';
  readonly settings: TextPopularityOptions;
  private predicted = new Float32Array(0);

  constructor(options: Partial<TextPopularityOptions> = {}) {
    this.settings = { ...TEXT_POPULARITY_DEFAULTS, ...options };
    if (!(this.settings.lambda > 0))
      throw new BadInputError('lambda', `lambda must be > 0 (got ${this.settings.lambda})`, this.settings.lambda);
  }

  async fit(data: TrainData, ctx: FitContext): Promise<void> {
    const vectors = data.itemTextVectors ?? (await encode(data, ctx));
    const d = vectors.find((v) => v.length > 0)?.length ?? 0;
    const n = d + 1;
    const row = (i: number): Float64Array => {
      const v = vectors[i]!;
      const x = new Float64Array(n);
      x[d] = 1;
      if (v.length !== d) return x;
      const norm = Math.hypot(...v);
      if (norm > 0) for (let c = 0; c < d; c++) x[c] = v[c]! / norm;
      return x;
    };
    const gram = new Float64Array(n * n);
    const xty = new Float64Array(n);
    let fitted = 0;
    for (let i = 0; i < data.numItems; i++) {
      const users = data.itemUsers.offsets[i + 1]! - data.itemUsers.offsets[i]!;
      if (users === 0) continue;
      const x = row(i);
      const y = Math.log1p(users);
      for (let r = 0; r < n; r++) {
        xty[r]! += x[r]! * y;
        for (let c = 0; c < n; c++) gram[r * n + c]! += x[r]! * x[c]!;
      }
      fitted++;
    }
    for (let r = 0; r < d; r++) gram[r * n + r]! += this.settings.lambda;
    gram[d * n + d]! += 1e-9;
    const inv = spdInverse(gram, n);
    const w = new Float64Array(n);
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) w[r]! += inv[r * n + c]! * xty[c]!;
    this.predicted = Float32Array.from({ length: data.numItems }, (_, i) =>
      row(i).reduce((s, x, k) => s + x * w[k]!, 0),
    );
    ctx.log(`text-popularity: ridge over ${fitted} items with training users, ${d}-dimensional text`);
  }

  score(users: Int32Array): Float32Array {
    const n = this.predicted.length;
    const out = new Float32Array(users.length * n);
    for (let r = 0; r < users.length; r++) out.set(this.predicted, r * n);
    return out;
  }
}

async function encode(data: TrainData, ctx: FitContext): Promise<Float32Array[]> {
  const texts = data.itemTexts;
  if (!texts || texts.length !== data.numItems)
    throw new BadInputError(
      'itemTexts',
      `text-popularity needs one text per item (got ${texts?.length ?? 0} for ${data.numItems} items)`,
      texts?.length,
    );
  if (!ctx.textEncoder)
    throw new BadInputError(
      'textEncoder',
      'text-popularity needs a text encoder (FitContext.textEncoder; the eval CLI passes EMBEDDING_KIND)',
    );
  return ctx.textEncoder.embed(texts);
}
