/**
 * LightGCN (He et al., SIGIR 2020) over the joint user–item graph, plus social user–user edges
 * (as in social LightGCN variants, e.g. Wu et al. 2019 "DiffNet" use of the social graph).
 *   E⁽ᵏ⁺¹⁾ = Â·E⁽ᵏ⁾ + β·Ŝ·E⁽ᵏ⁾,   Â = D^{-1/2} A D^{-1/2} (bipartite),  Ŝ = D_s^{-1/2} S D_s^{-1/2} (users)
 *   E = (1/(K+1)) Σ_k E⁽ᵏ⁾,   ŷ_ui = e_u · e_i
 * trained with BPR, L = −Σ ln σ(ŷ_ui − ŷ_uj) / |B| + λ · (‖e⁰_u‖² + ‖e⁰_i‖² + ‖e⁰_j‖²) / |B|
 * (L2 on the ego embeddings E⁽⁰⁾, as RecBole). With K = 0 layers and β = 0 this is exactly BPR-MF
 * (Rendle et al., UAI 2009), which is how the bpr-mf model is defined.
 */
import * as tf from '@tensorflow/tfjs';
import { buildCsr } from '../graph/csr';
import { BPR_SCHEDULE_DEFAULTS, trainBpr } from './bpr-trainer';
import type { BprScheduleOptions } from './bpr-trainer';
import { scoreEmbeddings, variableFrom, xavierUniform } from './embedding-scorer';
import { createRng, type Rng } from './random';
import { createAdjacency, disposeAdjacency, invSqrtDegrees, propagate } from './sparse-ops';
import type { SparseAdjacency } from './sparse-ops';
import type { TrainLoopResult } from './train-loop';
import type { Embeddings, FitContext, Recommender, TrainData } from './types';
import { trainFingerprint } from './train-fingerprint';

export interface LightGcnOptions extends BprScheduleOptions {
  dim: number;
  layers: number;
  /** β, weight of the social propagation; 0 disables it. */
  socialWeight: number;
  learningRate: number;
  /** λ on ego embeddings. */
  reg: number;
  batchSize: number;
  epochs: number;
  patience: number;
  evalEvery: number;
}

export const LIGHTGCN_DEFAULTS: Readonly<LightGcnOptions> = Object.freeze({
  dim: 64,
  layers: 3,
  socialWeight: 0,
  learningRate: 0.005,
  reg: 1e-4,
  batchSize: 4096,
  epochs: 400,
  patience: 4,
  evalEvery: 5,
  ...BPR_SCHEDULE_DEFAULTS,
});

/** Key of trained embeddings in an EmbeddingCache: dataset, seed, the training data itself, options, stopping. */
export function lightGcnCacheKey(
  data: TrainData,
  settings: LightGcnOptions,
  ctx: Pick<FitContext, 'dataset' | 'seed' | 'validate'>,
): string {
  const stopping = ctx.validate ? 'early-stop' : 'fixed';
  return `lightgcn|${ctx.dataset ?? 'data'}|seed ${ctx.seed}|${data.numUsers}x${data.numItems}|${trainFingerprint(data)}|${JSON.stringify({ ...settings })}|${stopping}`;
}

export class LightGcn implements Recommender {
  readonly settings: LightGcnOptions;
  private best: Embeddings | undefined;
  lastRun: TrainLoopResult | undefined;

  constructor(
    readonly name: string,
    options: Partial<LightGcnOptions> = {},
  ) {
    this.settings = { ...LIGHTGCN_DEFAULTS, ...options };
  }

  async fit(data: TrainData, ctx: FitContext): Promise<void> {
    const settings = this.settings;
    // Only evaluation runs pass a cache: the jobs never hash their training data for it.
    const cacheKey = ctx.embeddingCache ? lightGcnCacheKey(data, settings, ctx) : '';
    const cached = ctx.embeddingCache?.get(cacheKey);
    if (cached) {
      ctx.log(`${this.name}: reusing embeddings trained earlier for this split and configuration`);
      this.best = cached;
      return;
    }
    const { ego, forward, dispose } = lightGcnEncoder(data, settings, createRng(ctx.seed));
    try {
      const { best, run } = trainBpr(this.name, data, ctx, settings, { ego, forward });
      this.best = best;
      this.lastRun = run;
      ctx.embeddingCache?.set(cacheKey, best);
    } finally {
      dispose();
    }
  }

  score(users: Int32Array): Float32Array {
    return scoreEmbeddings(this.best!, users);
  }

  embeddings(): Embeddings {
    return this.best!;
  }
}

export interface LightGcnEncoder {
  /** E⁽⁰⁾, n × dim over nodes [users..., items...]. */
  ego: tf.Variable<tf.Rank.R2>;
  /** E = (1/(K+1)) Σ_k E⁽ᵏ⁾ over the whole graph (call inside tidy/minimize). */
  forward: () => tf.Tensor2D;
  /** Frees the ego table and the adjacency tensors. */
  dispose: () => void;
}

/**
 * LightGCN's encoder over the training graph (the formula above), Xavier-initialised from `rng`;
 * shared with models that train it under more than BPR (graph-text).
 */
export function lightGcnEncoder(
  data: TrainData,
  options: Pick<LightGcnOptions, 'dim' | 'layers' | 'socialWeight'>,
  rng: Rng,
): LightGcnEncoder {
  const n = data.numUsers + data.numItems;
  const adjs: { adj: SparseAdjacency; scale: number }[] = [];
  if (options.layers > 0) {
    const joint = jointGraph(data);
    const norm = invSqrtDegrees(joint);
    adjs.push({ adj: createAdjacency(joint, norm, norm), scale: 1 });
    if (options.socialWeight > 0 && data.social.targets.length > 0) {
      const social = buildCsr(n, n, rowIds(data.social), data.social.targets);
      const sn = invSqrtDegrees(social);
      adjs.push({ adj: createAdjacency(social, sn, sn), scale: options.socialWeight });
    }
  }
  const ego: tf.Variable<tf.Rank.R2> = variableFrom(
    tf.tensor2d(xavierUniform(n, options.dim, rng.next), [n, options.dim]),
  );
  const forward = (): tf.Tensor2D => {
    let cur: tf.Tensor2D = ego;
    let acc: tf.Tensor2D = ego;
    for (let k = 0; k < options.layers; k++) {
      let next: tf.Tensor2D | undefined;
      for (const { adj, scale } of adjs) {
        const p = propagate(cur, adj);
        const term: tf.Tensor2D = scale === 1 ? p : tf.mul(p, scale);
        next = next ? tf.add<tf.Tensor2D>(next, term) : term;
      }
      cur = next!;
      acc = tf.add<tf.Tensor2D>(acc, cur);
    }
    return options.layers > 0 ? tf.div<tf.Tensor2D>(acc, options.layers + 1) : acc;
  };
  const dispose = (): void => {
    ego.dispose();
    for (const { adj } of adjs) disposeAdjacency(adj);
  };
  return { ego, forward, dispose };
}

/** Symmetric user–item CSR over nodes [users..., items...]. */
export function jointGraph(data: TrainData): ReturnType<typeof buildCsr> {
  const nu = data.numUsers;
  const n = nu + data.numItems;
  const e = data.userItems.targets.length;
  const src = new Int32Array(2 * e);
  const dst = new Int32Array(2 * e);
  const rows = rowIds(data.userItems);
  for (let k = 0; k < e; k++) {
    src[k] = rows[k]!;
    dst[k] = nu + data.userItems.targets[k]!;
    src[e + k] = dst[k]!;
    dst[e + k] = src[k]!;
  }
  const g = buildCsr(n, n, src, dst);
  g.weights.fill(1);
  return g;
}

function rowIds(csr: { rows: number; offsets: Int32Array; targets: Int32Array }): Int32Array {
  const out = new Int32Array(csr.targets.length);
  for (let r = 0; r < csr.rows; r++) out.fill(r, csr.offsets[r]!, csr.offsets[r + 1]!);
  return out;
}
