/**
 * graph-text: LightGCN trained together with a text tower, so an item's graph-space vector can be
 * produced from its text alone (cold-start items, new uploads).
 *
 * Papers: LightGCN (He et al., SIGIR 2020) for the graph; DropoutNet (Volkovs et al., NeurIPS 2017):
 * drop an item's collaborative input during training so the scorer learns to rank from content;
 * CLCRec (Wei et al., MM 2021) and CLIP-style InfoNCE (Oord et al. 2018) to align the content view
 * with the collaborative view of the same item.
 *
 * E = LightGCN(E⁽⁰⁾) over users and items (social edges with weight β_s where the data has them);
 * p_i = f(t_i), f the text tower (text-tower.ts) on the item's unit text vector t_i. One optimiser, one
 * loss per batch of BPR triples (u, i, j):
 *   L = L_graph + L_text + α · L_align + β · L_score + λ · Σ ‖e⁰‖² / |B| + μ · (‖W₁‖² + ‖W₂‖²)
 *   L_graph = −(1/|B|) Σ ln σ(e_u·e_i − e_u·e_j)                      LightGCN's own BPR
 *   L_text  = −(1/|B|) Σ ln σ(ē_u·ĩ − ē_u·j̃)                          DropoutNet: each item's collaborative
 *             input dropped independently with probability ρ (textDropout): ĩ = p_i if dropped else ē_i
 *             (a dropped negative is drawn among items with training interactions). Text-vs-text pairs
 *             teach ranking new items among themselves; mixed pairs put p and e on one scale.
 *   L_align = ½ (CE_rows + CE_cols)( p̂_a · ê_bᵀ / τ )                  InfoNCE over up to A distinct
 *             positive items of the batch (x̂ = x/‖x‖, CE = cross-entropy, target the same item)
 *   L_score = mean_{(u,i) ∈ B, i warm} (ē_u·p_i − ē_u·ē_i)²          DropoutNet's score regression
 * ē is the graph seen through a stop-gradient (the alignment's and the score target's ē_i: the epoch's
 * starting vectors): the text objectives fit the tower to the graph and never move the graph, whose
 * only objective is LightGCN's (measured on movielens-tmdb: with the text losses also moving E, warm
 * validation NDCG@10 after 50 epochs was 0.1324 where LightGCN alone reads 0.1489).
 * Scoring: ŷ_ui = e_u · v_i with v_i = e_i when i has training interactions, else v_i = γ·p_i (its text
 * alone places it; γ blends new uploads into the full feed: see blendCold).
 * Early stopping and the best checkpoint follow validation NDCG@10 (train-loop).
 */
import * as tf from '@tensorflow/tfjs';
import { BadInputError } from '../../domain/errors';
import { hasEdge } from '../../graph/csr';
import { sampleHardNegatives, sampleNegatives, shuffledPairs } from '../bpr-sampler';
import { readOut, scoreEmbeddings } from '../embedding-scorer';
import { LIGHTGCN_DEFAULTS, lightGcnEncoder, type LightGcnOptions } from '../lightgcn';
import { createRng, type Rng } from '../random';
import { RestorableAdam } from '../restorable-adam';
import { gatherRows } from '../sparse-ops';
import { trainLoop, type TrainLoopResult } from '../train-loop';
import type { Embeddings, FitContext, Recommender, TrainData } from '../types';
import { matMul } from './matmul';
import { scaleProjection, unitVector, type TextProjection } from './projection';
import { createTextTower } from './text-tower';

export interface GraphTextOptions {
  /** The LightGCN part: config/models/lightgcn.json's options unless overridden. */
  gcn: LightGcnOptions;
  /** Hidden width of the text tower; 0 = a linear map. */
  hidden: number;
  /** ρ: share of BPR triples scored through the items' text instead of their graph vectors. */
  textDropout: number;
  /** α: weight of the InfoNCE alignment of p_i with e_i. */
  alignWeight: number;
  /** τ of the alignment. */
  temperature: number;
  /** A: distinct positive items per batch in the alignment (its logits are A × A). */
  alignItems: number;
  /** μ: L2 on the tower's weights. */
  towerDecay: number;
  /** β: weight of the score regression (e_u·p_i − e_u·ē_i)² that calibrates p to the graph's scale. */
  regressWeight: number;
  /**
   * γ, the blend of new uploads into the full feed: items placed by their text are scored as
   * e_u · (γ p_i). Text and graph vectors are aligned in direction (InfoNCE), not calibrated in scale,
   * so γ sets how strongly cold items compete with warm ones (ranking among cold items alone is unchanged).
   */
  coldScale: number;
  /** γ candidates chosen from by validation NDCG@10 after training (needs FitContext.validate); empty = coldScale as set.
   * 0 buries the items without training interactions (scored 0, as an untrained LightGCN vector nearly is):
   * on the warm protocol, where they are few and rarely relevant, that is what validation prefers. */
  coldScaleGrid: number[];
  /** Where validation reports cold shares (full-feed): γ makes the cold share of the top 20 reach this × their held-out share. */
  coldShareFloor: number;
}

export const GRAPH_TEXT_DEFAULTS: Readonly<GraphTextOptions> = Object.freeze({
  gcn: LIGHTGCN_DEFAULTS,
  hidden: 256,
  textDropout: 0.5,
  alignWeight: 0.1,
  temperature: 0.2,
  alignItems: 256,
  towerDecay: 1e-5,
  regressWeight: 1,
  coldScale: 1,
  coldScaleGrid: [0, 0.25, 0.5, 1, 2, 4, 8],
  coldShareFloor: 0.5,
});

/** What a trained graph-text model serves: graph vectors, the tower, and which items it placed by text. */
export interface GraphTextState extends Embeddings {
  projection: TextProjection;
  /** 1 for items with no training interactions, whose vector is p_i. */
  textPlaced: Uint8Array;
}

export class GraphText implements Recommender {
  readonly name = 'graph-text';
  readonly settings: GraphTextOptions;
  private best: GraphTextState | undefined;
  lastRun: TrainLoopResult | undefined;

  constructor(options: Partial<GraphTextOptions> = {}) {
    this.settings = { ...GRAPH_TEXT_DEFAULTS, ...options, gcn: { ...LIGHTGCN_DEFAULTS, ...options.gcn } };
    if (!(this.settings.coldScale > 0))
      throw new BadInputError(
        'coldScale',
        `coldScale must be > 0 (got ${this.settings.coldScale})`,
        this.settings.coldScale,
      );
    for (const g of this.settings.coldScaleGrid)
      if (!(g >= 0)) throw new BadInputError('coldScaleGrid', `coldScaleGrid values must be ≥ 0 (got ${g})`, g);
    if (!(this.settings.coldShareFloor > 0))
      throw new BadInputError(
        'coldShareFloor',
        `coldShareFloor must be > 0 (got ${this.settings.coldShareFloor})`,
        this.settings.coldShareFloor,
      );
    if (!(this.settings.textDropout >= 0 && this.settings.textDropout <= 1))
      throw new BadInputError(
        'textDropout',
        `textDropout must be in [0, 1] (got ${this.settings.textDropout})`,
        this.settings.textDropout,
      );
    // exp(1/τ) must stay finite in float32 (infoNce skips the max-shift).
    if (!(this.settings.temperature >= 0.02))
      throw new BadInputError(
        'temperature',
        `temperature must be at least 0.02 (got ${this.settings.temperature})`,
        this.settings.temperature,
      );
  }

  async fit(data: TrainData, ctx: FitContext): Promise<void> {
    const vectors = data.itemTextVectors ?? (await this.encode(data.itemTexts, data.numItems, ctx));
    if (vectors.length !== data.numItems)
      throw new BadInputError(
        'itemTextVectors',
        `graph-text needs one text vector per item (got ${vectors.length} for ${data.numItems} items)`,
        vectors.length,
      );
    const inputDim = vectors.find((v) => v.length > 0)?.length ?? 0;
    if (inputDim === 0)
      throw new BadInputError('itemTexts', 'graph-text needs text vectors with at least one dimension (got none)', 0);
    const flat = new Float32Array(data.numItems * inputDim);
    vectors.forEach((v, i) => {
      if (v.length === inputDim) flat.set(unitVector(v), i * inputDim);
    });
    const rng = createRng(ctx.seed);
    const encoder = lightGcnEncoder(data, this.settings.gcn, rng);
    const tower = createTextTower(
      inputDim,
      this.settings.hidden,
      this.settings.gcn.dim,
      createRng(ctx.seed ^ 0x2545f491),
    );
    const text = tf.tensor2d(flat, [data.numItems, inputDim]);
    const textT = tf.transpose(text);
    try {
      const { best, run } = train(data, ctx, this.settings, { encoder, tower, text, textT });
      this.best = blendCold(best, this.settings, ctx);
      this.lastRun = run;
    } finally {
      encoder.dispose();
      tf.dispose(tower.variables);
      text.dispose();
      textT.dispose();
    }
  }

  private async encode(texts: string[] | undefined, numItems: number, ctx: FitContext): Promise<Float32Array[]> {
    if (!texts || texts.length !== numItems)
      throw new BadInputError(
        'itemTexts',
        `graph-text needs one text per item (got ${texts?.length ?? 0} for ${numItems} items)`,
        texts?.length,
      );
    const encoder = ctx.textEncoder;
    if (!encoder)
      throw new BadInputError(
        'textEncoder',
        'graph-text needs text vectors (TrainData.itemTextVectors) or a text encoder (FitContext.textEncoder; the eval CLI passes EMBEDDING_KIND)',
      );
    const vectors = await encoder.embed(texts);
    ctx.log(`graph-text: ${texts.length} item texts through ${encoder.modelId}`);
    return vectors;
  }

  score(users: Int32Array): Float32Array {
    return scoreEmbeddings(this.state(), users);
  }

  embeddings(): Embeddings {
    return this.state();
  }

  textProjection(): { weights: TextProjection; textPlaced: number } {
    const s = this.state();
    return { weights: s.projection, textPlaced: s.textPlaced.reduce((n, x) => n + x, 0) };
  }

  /** Embeddings plus the tower's weights and the items placed by text. */
  state(): GraphTextState {
    if (!this.best) throw new BadInputError('model', 'graph-text is not fitted yet (call fit first)');
    return this.best;
  }
}

interface Parts {
  encoder: ReturnType<typeof lightGcnEncoder>;
  tower: ReturnType<typeof createTextTower>;
  /** numItems × inputDim unit text vectors. */
  text: tf.Tensor2D;
  /** Its transpose, computed once (matmul.ts). */
  textT: tf.Tensor2D;
}

function train(
  data: TrainData,
  ctx: FitContext,
  options: GraphTextOptions,
  parts: Parts,
): { best: GraphTextState; run: TrainLoopResult } {
  const { encoder, tower, text, textT } = parts;
  const g = options.gcn;
  const nu = data.numUsers;
  const d = g.dim;
  const warm = warmItems(data);
  const textPlaced = Uint8Array.from({ length: data.numItems }, (_, i) =>
    data.itemUsers.offsets[i + 1]! > data.itemUsers.offsets[i]! ? 0 : 1,
  );
  // The graph's draws (pair order, negatives) come from LightGCN's own stream, as trainBpr draws them,
  // and the text's (dropout, text negatives) from another: the graph trains exactly as LightGCN alone.
  const rng = createRng(ctx.seed ^ 0x5bd1e995);
  const textRng = createRng(ctx.seed ^ 0x2c1b3c6d);
  const adam = new RestorableAdam([encoder.ego, ...tower.variables], g.learningRate, !!g.lrDecays);
  let best: GraphTextState | undefined;
  /** The graph's own embeddings (every item by e_i). */
  const graphOnly = (): Embeddings => {
    const all = readOut(() => encoder.forward());
    return { dim: d, users: all.slice(0, nu * d), items: all.slice(nu * d) };
  };
  /** What is scored: text-placed items by p_i. */
  const current = (graph = graphOnly()): GraphTextState => {
    const projected = readOut(() => tower.apply(text, textT));
    const items = graph.items.slice();
    for (let i = 0; i < data.numItems; i++) if (textPlaced[i]) items.set(projected.subarray(i * d, (i + 1) * d), i * d);
    return { dim: d, users: graph.users, items, projection: tower.read(), textPlaced };
  };
  try {
    const run = trainLoop('graph-text', g, {
      log: ctx.log,
      epoch: () => {
        const { users, items } = shuffledPairs(data.userItems, rng);
        // The epoch's starting point, graph vectors only: a text-placed item is neither a hard negative of the graph path nor a target.
        const scoring =
          g.negCandidates > 1 || options.regressWeight > 0 || options.alignWeight > 0 ? graphOnly() : undefined;
        let total = 0;
        let batches = 0;
        for (let b = 0; b < users.length; b += g.batchSize) {
          const bu = users.subarray(b, b + g.batchSize);
          const bp = items.subarray(b, b + g.batchSize);
          const bn =
            scoring && g.negCandidates > 1
              ? sampleHardNegatives(data.userItems, bu, rng, g.negCandidates, scoring)
              : sampleNegatives(data.userItems, bu, rng);
          const m = bu.length;
          // Each item of a triple independently: mixed pairs (text vs graph) calibrate the two scales.
          const dropPos = new Float32Array(m);
          const dropNeg = new Float32Array(m);
          const textNeg = bn.slice();
          for (let k = 0; k < m; k++) {
            if (textRng.next() < options.textDropout) dropPos[k] = 1;
            if (textRng.next() >= options.textDropout) continue;
            dropNeg[k] = 1;
            textNeg[k] = warmNegative(data, bu[k]!, warm, textRng);
          }
          const align = distinct(bp, options.alignItems);
          const idx = new Int32Array(3 * m);
          idx.set(bu, 0);
          for (let k = 0; k < m; k++) {
            idx[m + k] = nu + bp[k]!;
            idx[2 * m + k] = nu + bn[k]!;
          }
          const pairItems = new Int32Array(2 * m);
          pairItems.set(bp, 0);
          pairItems.set(textNeg, m);
          const target =
            scoring && options.regressWeight > 0 ? regressionTargets(scoring, textPlaced, bu, pairItems) : undefined;
          const loss = adam.minimize(() => {
            const e = encoder.forward();
            const rows = gatherRows(e, idx);
            const u = tf.slice(rows, [0, 0], [m, d]);
            // The tower runs once per batch over the catalogue (fewer rows than the batch's 2m items).
            const all = tower.apply(text, textT);
            const projected = gatherRows(all, pairItems);
            const bpr = (a: tf.Tensor2D, pos: tf.Tensor2D, neg: tf.Tensor2D): tf.Scalar =>
              tf.mean(tf.softplus(tf.neg(tf.sub(tf.sum(tf.mul(a, pos), 1), tf.sum(tf.mul(a, neg), 1))))) as tf.Scalar;
            // LightGCN's own objective: the only loss that moves the graph.
            let total = bpr(u, tf.slice(rows, [m, 0], [m, d]), tf.slice(rows, [2 * m, 0], [m, d]));
            // The text losses see the graph through a stop-gradient (measured: letting them move it
            // held warm validation NDCG@10 at 0.1324 after 50 epochs where LightGCN alone reads 0.1489).
            const fixed = stopGradient(rows);
            const us = tf.slice(fixed, [0, 0], [m, d]);
            const mix = (offset: number, dropped: Float32Array): tf.Tensor2D => {
              const drop = tf.tensor2d(dropped, [m, 1]);
              return tf.add(
                tf.mul(tf.slice(fixed, [offset * m, 0], [m, d]), tf.sub(1, drop)),
                tf.mul(tf.slice(projected, [(offset - 1) * m, 0], [m, d]), drop),
              ) as tf.Tensor2D;
            };
            total = tf.add(total, bpr(us, mix(1, dropPos), mix(2, dropNeg)));
            if (target) {
              // DropoutNet's objective: e_u·p_i reproduces the graph's own score e_u·e_i (warm items only).
              const uu = tf.concat([us, us], 0);
              const err = tf.sub(tf.sum(tf.mul(uu, projected), 1), tf.tensor1d(target.score));
              total = tf.add(
                total,
                tf.mul(
                  tf.div(tf.sum(tf.mul(tf.square(err), tf.tensor1d(target.mask))), Math.max(1, target.count)),
                  options.regressWeight,
                ),
              );
            }
            if (options.alignWeight > 0 && align.length > 1) {
              // Against the epoch-start graph vectors, a constant: the text view moves to the graph, not the
              // reverse (through e/‖e‖ the loss's gradient grows as ‖e‖ shrinks and, in Adam's moments, would
              // drown BPR's: measured, item norms 0.11 instead of 0.46 after 10 epochs).
              const ea = tf.tensor2d(rowsOf(scoring!.items, d, align), [align.length, d]);
              const pa = gatherRows(all, align);
              total = tf.add(total, tf.mul(infoNce(pa, ea, options.temperature), options.alignWeight));
            }
            const l2 = tf.div(tf.sum(tf.square(gatherRows(encoder.ego, idx))), m);
            total = tf.add(total, tf.mul(l2, g.reg));
            if (options.towerDecay > 0) total = tf.add(total, tf.mul(tower.squaredWeights(), options.towerDecay));
            return total;
          });
          total += loss.dataSync()[0]!;
          loss.dispose();
          batches++;
        }
        return total / Math.max(1, batches);
      },
      validate: () => {
        if (!ctx.validate) return undefined;
        const state = current();
        const placed = ctx.validate((u) => scoreEmbeddings(state, u));
        if (!state.textPlaced.some((x) => x === 1)) return placed;
        // Early stopping follows the better of text-placed items in (γ = 1) and buried (γ = 0, what
        // blendCold may choose): on the warm protocol, text-placed items at γ = 1 pulled validation down
        // and stopped training at another epoch than LightGCN alone (movielens-tmdb seed 1: test N@10
        // 0.1800 vs 0.1841). On an all-cold ranking γ = 0 ties every item, so γ = 1 decides there.
        const buried = scaleCold(state, 0);
        return Math.max(
          placed,
          ctx.validate((u) => scoreEmbeddings(buried, u)),
        );
      },
      ...adam.hooks(() => (best = current())),
    });
    return { best: best ?? current(), run };
  } finally {
    adam.dispose();
  }
}

/**
 * The trained state with γ applied to the text-placed items and baked into the projection (what is
 * served). γ, the documented blend of new uploads into the full feed:
 * - where validation reports the cold items' shares (the full-feed protocol), the smallest γ at which
 *   the cold items' share of the validation top 20 reaches coldShareFloor × their share of the held-out
 *   positives (COLD_SHARE_GRID; none reaching it: the γ of the largest share): new uploads not buried,
 *   at the least cost to accuracy
 *   (measured on movielens-tmdb seed 1: NDCG@10 falls as γ rises past its best, ~0.5);
 * - else, with validation, the coldScaleGrid value with the best validation NDCG@10;
 * - else coldScale as configured (the jobs: the value the full-feed runs settled at).
 */
/** γ = 2^(k/4), 1/4 … 64: the candidates of the share rule. */
export const COLD_SHARE_GRID: readonly number[] = Array.from({ length: 33 }, (_, k) => 2 ** ((k - 8) / 4));

function blendCold(state: GraphTextState, options: GraphTextOptions, ctx: FitContext): GraphTextState {
  if (!state.textPlaced.some((x) => x === 1)) return state;
  const metricsAt = (g: number): Record<string, number> => {
    const scaled = scaleCold(state, g);
    return ctx.validateMetrics!((u) => scoreEmbeddings(scaled, u));
  };
  const relevantShare = ctx.validateMetrics ? metricsAt(options.coldScale)['cold-relevant-share'] : undefined;
  let gamma = options.coldScale;
  if (relevantShare !== undefined && relevantShare > 0) {
    const target = options.coldShareFloor * relevantShare;
    const share = (g: number): number => {
      const m = metricsAt(g);
      ctx.log(
        `graph-text: cold scale γ ${g.toFixed(3)} · valid cold share@20 ${m['cold-share@20']!.toFixed(3)} (target ${target.toFixed(3)}) · ndcg@10 ${m['ndcg@10']!.toFixed(4)}`,
      );
      return m['cold-share@20']!;
    };
    // A log grid, smallest first (the share need not grow with γ where scores are negative).
    const grid = COLD_SHARE_GRID;
    const shares = grid.map(share);
    const first = shares.findIndex((x) => x >= target);
    gamma = grid[first >= 0 ? first : shares.indexOf(Math.max(...shares))]!;
    ctx.log(
      `graph-text: cold scale γ = ${gamma.toFixed(4)} (cold share of the top 20 ≥ ${options.coldShareFloor} × their ${relevantShare.toFixed(3)} share of held-out positives)`,
    );
  } else if (ctx.validate && options.coldScaleGrid.length > 0) {
    let best = -Infinity;
    for (const g of options.coldScaleGrid) {
      const scaled = scaleCold(state, g);
      const v = ctx.validate((u) => scoreEmbeddings(scaled, u));
      ctx.log(`graph-text: cold scale γ ${g} · valid ndcg@10 ${v.toFixed(4)}`);
      if (v > best) [best, gamma] = [v, g];
    }
    ctx.log(`graph-text: cold scale γ = ${gamma}`);
  }
  return scaleCold(state, gamma);
}

function scaleCold(state: GraphTextState, gamma: number): GraphTextState {
  if (gamma === 1) return state;
  const { dim, textPlaced } = state;
  const items = state.items.slice();
  for (let i = 0; i < textPlaced.length; i++)
    if (textPlaced[i]) for (let c = 0; c < dim; c++) items[i * dim + c]! *= gamma;
  return { ...state, items, projection: scaleProjection(state.projection, gamma) };
}

/**
 * Each row over its length; an all-zero row stays zero, with a zero gradient. x / (‖x‖ + ε) gave a NaN
 * gradient there (tf.norm's is x / ‖x‖), so one zero row (say a text tower's output all cut by its ReLU)
 * would turn every weight NaN. The embeddings job once failed so in CI, writing NaN vectors
 * (test/e2e/cold-start-graph.e2e.test.ts; it passed when rerun), and this is the one way found for the loss
 * to give NaN. tf.step(s) masks the zero rows and has a zero gradient.
 */
export function unitRows(x: tf.Tensor2D): tf.Tensor2D {
  const s = tf.sum(tf.square(x), 1, true);
  return tf.mul(x, tf.mul(tf.rsqrt(tf.maximum(s, 1e-16)), tf.step(s))) as tf.Tensor2D;
}

/**
 * Symmetric InfoNCE between two views of the same rows (row k of a matches row k of b):
 *   ½ · mean_k [ (lse_j s_kj − s_kk) + (lse_j s_jk − s_kk) ],   s = â · b̂ᵀ / τ
 * written with the row-wise diagonal (no A × A one-hot mask, no transposed logits).
 */
export function infoNce(a: tf.Tensor2D, b: tf.Tensor2D, temperature: number): tf.Scalar {
  return tf.tidy(() => {
    const an = unitRows(a);
    const bn = unitRows(b);
    const logits = tf.div(matMul(an, tf.transpose(bn)), temperature);
    const diag = tf.div(tf.sum(tf.mul(an, bn), 1), temperature);
    // Cosines are in [−1, 1], so exp(s) ≤ e^{1/τ}: no max-shift needed (tf.logSumExp is slow on wasm).
    const e = tf.exp(logits);
    const rows = tf.sub(tf.log(tf.sum(e, 1)), diag);
    const cols = tf.sub(tf.log(tf.sum(e, 0)), diag);
    return tf.div(tf.sum(tf.add(rows, cols)), 2 * a.shape[0]) as tf.Scalar;
  });
}

/**
 * Score-regression targets for the 2m (user, item) pairs of a batch (positives then negatives): the
 * epoch-start score e_u·e_i, masked to items with training interactions (a text-placed item's vector is
 * the tower's own output, no target).
 */
function regressionTargets(
  s: Embeddings,
  textPlaced: Uint8Array,
  users: Int32Array,
  items: Int32Array,
): { score: Float32Array; mask: Float32Array; count: number } {
  const m = users.length;
  const d = s.dim;
  const score = new Float32Array(2 * m);
  const mask = new Float32Array(2 * m);
  let count = 0;
  for (let k = 0; k < 2 * m; k++) {
    const i = items[k]!;
    if (textPlaced[i]) continue;
    const uo = users[k % m]! * d;
    let dot = 0;
    for (let c = 0; c < d; c++) dot += s.users[uo + c]! * s.items[i * d + c]!;
    score[k] = dot;
    mask[k] = 1;
    count++;
  }
  return { score, mask, count };
}

/** x forward, no gradient back (tfjs has no stopGradient op). */
function stopGradient(x: tf.Tensor2D): tf.Tensor2D {
  const op = tf.customGrad(((input: tf.Tensor) => ({
    value: tf.clone(input),
    gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
  })) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x) as tf.Tensor2D;
}

/** Rows `idx` of a row-major table. */
function rowsOf(table: Float32Array, d: number, idx: Int32Array): Float32Array {
  const out = new Float32Array(idx.length * d);
  idx.forEach((i, r) => out.set(table.subarray(i * d, (i + 1) * d), r * d));
  return out;
}

/** Items with at least one training interaction. */
function warmItems(data: TrainData): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < data.numItems; i++) if (data.itemUsers.offsets[i + 1]! > data.itemUsers.offsets[i]!) out.push(i);
  return Int32Array.from(out);
}

/** A uniform negative among the warm items that u has not engaged with (a text-path negative). */
function warmNegative(data: TrainData, u: number, warm: Int32Array, rng: Rng): number {
  for (let tries = 0; tries < 64; tries++) {
    const j = warm[rng.int(warm.length)]!;
    if (!hasEdge(data.userItems, u, j)) return j;
  }
  return sampleNegatives(data.userItems, Int32Array.of(u), rng)[0]!;
}

/** The first `max` distinct values, in order. */
function distinct(values: Int32Array, max: number): Int32Array {
  const seen = new Set<number>();
  for (const v of values) {
    if (seen.size >= max) break;
    seen.add(v);
  }
  return Int32Array.from(seen);
}
