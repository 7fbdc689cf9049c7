/**
 * EASE, "Embarrassingly Shallow Autoencoders for Sparse Data" (Steck, WWW 2019): a closed-form
 * linear item–item model
 *   B = argmin ‖X − XB‖² + λ‖B‖²  s.t. diag(B) = 0   ⇒   P = (XᵀX + λI)⁻¹,  B_ij = −P_ij / P_jj (i ≠ j)
 *   score(u, ·) = X_u · B
 * over training interactions X: binary, or with `gramGamma` > 0 each user's row holds the profile weights
 * graph-ease scores with (play-profile.ts), so stronger engagement counts more in the Gram. As in DESIGN.md's
 * reference numbers, only items with at least
 * `minUsers` training users enter the model (others score 0): rare items add n² cost and no signal.
 * Item tags may join X as extra rows (`tagWeight`: collective EASE, addTagRows).
 * Past `maxDenseMB` of peak tfjs memory (dense-limit.ts) the fit is refused up front with a CapacityError.
 */
import { checkDense, countModelItems, DEFAULT_MAX_DENSE_MB, DENSE_ALTERNATIVES, easeDenseBytes } from './dense-limit';
import { meanRowWeight, profileWeight } from './play-profile';
import { spdInverseTf } from './spd-inverse-tf';
import type { FitContext, Recommender, TrainData } from './types';

export interface EaseOptions {
  lambda: number;
  /** EDLAE's emphasised dropout (Steck, NeurIPS 2020): adds p/(1−p)·G_ii to each item's penalty; 0 is plain EASE. */
  dropout: number;
  /** Weight of the items' tags (TrainData.itemTags) as extra rows of X, collective EASE: see addTagRows; 0 leaves them out. */
  tagWeight: number;
  /**
   * γ of X's entries: 0 is binary X; above 0, X_ui = max(floor, 1 + γ·(w_ui − mean_u w)), the profile weight
   * (play-profile.ts) of the TrainData weight. On LastFM (graph-ease's EASE alone, λ 60, tag weight 1, seeds
   * 1–3) γ 0.5 read validation NDCG@10 0.1897 / 0.1871 / 0.1920 against binary X's 0.1854 / 0.1822 / 0.1899
   * (0.25: 0.1891, 1: 0.1840 on seed 1); on movielens-tmdb, seeds 1–2, 0.1924 / 0.1935 against 0.1930 / 0.1965
   * (docs/results.md, "Play counts in EASE's Gram").
   */
  gramGamma: number;
  /**
   * β of the popularity damping of B's columns, B_ij · n_j^−β (n_j: item j's training users; popularityDamping),
   * as RP3β damps its walk; 0 leaves B as fitted. EASE alone on LastFM seed 1 (λ 60, tag weight 1, γ 0.5):
   * validation NDCG@10 0.1897 undamped, 0.1919 / 0.1933 / 0.1951 / 0.1931 at β 0.05 / 0.1 / 0.15 / 0.2; on
   * movielens-tmdb seeds 1–2 (tag weight 3) 0.1930 / 0.1965 undamped, 0.1947 / 0.1966 at 0.1, 0.1950 / 0.1878
   * at 0.2 (docs/results.md, "Play counts in EASE's Gram").
   */
  popDamping: number;
  minUsers: number;
  /** Largest peak tfjs memory, MiB, the dense fit may take (default: wasm's 4 GiB heap less 512 MiB). */
  maxDenseMB: number;
}

export const EASE_DEFAULTS: Readonly<EaseOptions> = Object.freeze({
  lambda: 100,
  dropout: 0,
  tagWeight: 0,
  gramGamma: 0,
  popDamping: 0,
  minUsers: 2,
  maxDenseMB: DEFAULT_MAX_DENSE_MB,
});

/** Throws a CapacityError, before anything is allocated, when EASE on `data` would not fit `maxDenseMB`. */
export function checkEaseFits(
  data: Pick<TrainData, 'numItems' | 'itemUsers'>,
  options: Partial<EaseOptions> = {},
  model = 'ease',
): number {
  const settings = { ...EASE_DEFAULTS, ...options };
  const m = countModelItems(data, settings.minUsers);
  checkDense(model, m, easeDenseBytes(m), settings.maxDenseMB, DENSE_ALTERNATIVES);
  return m;
}

export interface EaseModel {
  /** Item index of each model column. */
  items: Int32Array;
  /** Position of each item in `items`, −1 when outside the model. */
  position: Int32Array;
  /** B, items.length² row-major. */
  weights: Float32Array;
}

/** Fits B on the training data (requires an initialised tfjs backend); refuses (CapacityError) past maxDenseMB. */
export function fitEase(data: TrainData, options: Partial<EaseOptions> = {}, model = 'ease'): EaseModel {
  const settings = { ...EASE_DEFAULTS, ...options };
  checkEaseFits(data, settings, model);
  const position = new Int32Array(data.numItems).fill(-1);
  const list: number[] = [];
  for (let i = 0; i < data.numItems; i++) {
    if (data.itemUsers.offsets[i + 1]! - data.itemUsers.offsets[i]! >= settings.minUsers) {
      position[i] = list.length;
      list.push(i);
    }
  }
  const m = list.length;
  const g = gram(data, position, m, settings.gramGamma);
  if (settings.tagWeight > 0) addTagRows(g, m, position, data, settings.tagWeight);
  const odds = settings.dropout / (1 - settings.dropout);
  for (let a = 0; a < m; a++) g[a * m + a]! += settings.lambda + odds * g[a * m + a]!;
  const p = spdInverseTf(g, m);
  for (let j = 0; j < m; j++) {
    const inv = -1 / p[j * m + j]!;
    // P is symmetric, so row j scaled equals column j scaled: B[i][j] = −P[i][j]/P[j][j] = −P[j][i]/P[j][j].
    for (let i = 0; i < m; i++) p[i * m + j] = p[i * m + j]! * inv;
  }
  for (let j = 0; j < m; j++) p[j * m + j] = 0;
  const items = Int32Array.from(list);
  if (settings.popDamping > 0) {
    const damp = popularityDamping(data, items, settings.popDamping);
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) p[i * m + j] = p[i * m + j]! * damp[j]!;
  }
  return { items, position, weights: p };
}

/** n_j^−β for each model item j (n_j: its training users): the factor EASE's column j is damped by. */
export function popularityDamping(data: Pick<TrainData, 'itemUsers'>, items: Int32Array, beta: number): Float32Array {
  const { offsets } = data.itemUsers;
  return Float32Array.from(items, (i) => Math.max(1, offsets[i + 1]! - offsets[i]!) ** -beta);
}

/** XᵀX over the model items (`position`): X binary where gamma is 0, else the users' profile weights. */
function gram(data: TrainData, position: Int32Array, m: number, gamma: number): Float32Array {
  const g = new Float32Array(m * m);
  const cols: number[] = [];
  const x: number[] = [];
  const { offsets, targets, weights } = data.userItems;
  for (let u = 0; u < data.numUsers; u++) {
    cols.length = 0;
    x.length = 0;
    const o0 = offsets[u]!;
    const o1 = offsets[u + 1]!;
    const mean = gamma > 0 ? meanRowWeight(data.userItems, u) : 0;
    for (let k = o0; k < o1; k++) {
      const p = position[targets[k]!]!;
      if (p < 0) continue;
      cols.push(p);
      x.push(gamma > 0 ? profileWeight(weights[k]!, mean, gamma) : 1);
    }
    for (let a = 0; a < cols.length; a++) {
      const row = cols[a]! * m;
      const xa = x[a]!;
      for (let b = 0; b < cols.length; b++) g[row + cols[b]!]! += xa * x[b]!;
    }
  }
  return g;
}

/**
 * Collective EASE's side rows: each tag is one more row of X over the model items, t_i = ln(1 + the number
 * of the item's assignments of that tag), and adds weight · t tᵀ to the m × m Gram g. Log counts because on
 * LastFM seed 1 (EASE, dropout 0.5, λ 60, validation NDCG@10) they read 0.1886 against 0.1861 for a binary
 * t, 0.1799–0.1849 for a binary t scaled by 1/√|tag| or 1/|tag|^¼, 0.1881 for √count and 0.1769 for counts.
 */
function addTagRows(g: Float32Array, m: number, position: Int32Array, data: TrainData, weight: number): void {
  const tags = data.itemTags;
  if (!tags) return;
  const byTag = Array.from({ length: tags.numTags }, () => new Map<number, number>());
  for (let k = 0; k < tags.item.length; k++) {
    const p = position[tags.item[k]!]!;
    const counts = byTag[tags.tag[k]!]!;
    if (p >= 0) counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  for (const counts of byTag) {
    const cols = [...counts.keys()];
    const t = cols.map((c) => Math.log1p(counts.get(c)!));
    for (let x = 0; x < cols.length; x++) {
      const row = cols[x]! * m;
      const tx = weight * t[x]!;
      for (let y = 0; y < cols.length; y++) g[row + cols[y]!]! += tx * t[y]!;
    }
  }
}

/** Adds X_u·B for each user into out (rows of numItems). */
export function easeScores(
  model: EaseModel,
  data: Pick<TrainData, 'userItems' | 'numItems'>,
  users: Int32Array,
  out: Float32Array,
  scale = 1,
): void {
  const m = model.items.length;
  const n = data.numItems;
  for (let r = 0; r < users.length; r++) {
    const u = users[r]!;
    const base = r * n;
    for (let k = data.userItems.offsets[u]!; k < data.userItems.offsets[u + 1]!; k++) {
      const p = model.position[data.userItems.targets[k]!]!;
      if (p < 0) continue;
      const row = p * m;
      for (let c = 0; c < m; c++) out[base + model.items[c]!]! += scale * model.weights[row + c]!;
    }
  }
}

export class Ease implements Recommender {
  readonly name = 'ease';
  private model: EaseModel | undefined;
  private data: TrainData | undefined;

  constructor(private readonly options: Partial<EaseOptions> = {}) {}

  async fit(data: TrainData, ctx: FitContext): Promise<void> {
    const t = Date.now();
    this.data = data;
    this.model = fitEase(data, this.options);
    ctx.log(`ease: ${this.model.items.length} items, fitted in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }

  score(users: Int32Array): Float32Array {
    const out = new Float32Array(users.length * this.data!.numItems);
    easeScores(this.model!, this.data!, users, out);
    return out;
  }
}
