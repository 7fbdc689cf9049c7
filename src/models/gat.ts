/**
 * GAT variant of the graph encoder: multi-head attention over neighbours on the joint user–item +
 * social graph (users attend over engaged media and friends, media over their audience).
 * Velickovic et al., "Graph Attention Networks", ICLR 2018, with LightGCN's simplification
 * (no feature transform or non-linearity between layers, layer outputs averaged; He et al. 2020):
 *   s_ij^h = LeakyReLU(a_src^h · x_j^h + a_dst^h · x_i^h),   α_ij^h = softmax_{j ∈ N(i)} s_ij^h
 *   x_i^{(k+1),h} = Σ_{j ∈ N(i)} α_ij^h x_j^{(k),h},   E = mean_k X^{(k)}
 * with heads h splitting the embedding into H slices. Trained with BPR like LightGCN.
 */
import * as tf from '@tensorflow/tfjs';
import { buildCsr } from '../graph/csr';
import { BPR_SCHEDULE_DEFAULTS, trainBpr } from './bpr-trainer';
import type { BprScheduleOptions } from './bpr-trainer';
import { createEdgeList, disposeEdgeList, edgeSoftmax, segmentSumByDst } from './edge-ops';
import { scoreEmbeddings, variableFrom, xavierUniform } from './embedding-scorer';
import { jointGraph } from './lightgcn';
import { createRng } from './random';
import { disposeGatherPlan, gatherRows, planGather } from './sparse-ops';
import type { TrainLoopResult } from './train-loop';
import type { Embeddings, FitContext, Recommender, TrainData } from './types';

export interface GatOptions extends BprScheduleOptions {
  dim: number;
  layers: number;
  heads: number;
  /** Include user–user social edges in the attention neighbourhoods. */
  social: boolean;
  learningRate: number;
  reg: number;
  batchSize: number;
  epochs: number;
  patience: number;
  evalEvery: number;
}

export const GAT_DEFAULTS: Readonly<GatOptions> = Object.freeze({
  dim: 64,
  layers: 2,
  heads: 4,
  social: true,
  learningRate: 0.02,
  reg: 1e-4,
  batchSize: 4096,
  epochs: 60,
  patience: 3,
  evalEvery: 5,
  ...BPR_SCHEDULE_DEFAULTS,
});

export class Gat implements Recommender {
  readonly name = 'gat';
  readonly settings: GatOptions;
  private best: Embeddings | undefined;
  lastRun: TrainLoopResult | undefined;

  constructor(options: Partial<GatOptions> = {}) {
    this.settings = { ...GAT_DEFAULTS, ...options };
    if (this.settings.dim % this.settings.heads !== 0)
      throw new Error(`dim ${this.settings.dim} must be divisible by heads ${this.settings.heads}`);
  }

  async fit(data: TrainData, ctx: FitContext): Promise<void> {
    const settings = this.settings;
    const nu = data.numUsers;
    const n = nu + data.numItems;
    const rng = createRng(ctx.seed);
    const joint = jointGraph(data);
    let graph = joint;
    if (settings.social && data.social.targets.length > 0) {
      // Append social edges (rows = destinations) to the joint graph's edge list.
      const src: number[] = [];
      const dst: number[] = [];
      for (let r = 0; r < n; r++)
        for (let k = joint.offsets[r]!; k < joint.offsets[r + 1]!; k++) {
          dst.push(r);
          src.push(joint.targets[k]!);
        }
      for (let u = 0; u < nu; u++)
        for (let k = data.social.offsets[u]!; k < data.social.offsets[u + 1]!; k++) {
          dst.push(u);
          src.push(data.social.targets[k]!);
        }
      graph = buildCsr(n, n, Int32Array.from(dst), Int32Array.from(src));
    }
    const edges = createEdgeList(graph);
    const dstIdx = new Int32Array(edges.edges);
    for (let r = 0; r < n; r++) dstIdx.fill(r, graph.offsets[r]!, graph.offsets[r + 1]!);
    const srcPlan = planGather(edges.src, n);
    const dstPlan = planGather(dstIdx, n);
    const dh = settings.dim / settings.heads;
    // Block mask so a_src / a_dst of head h only see that head's slice of the embedding.
    const maskValues = new Float32Array(settings.dim * settings.heads);
    for (let d = 0; d < settings.dim; d++) maskValues[d * settings.heads + Math.floor(d / dh)] = 1;
    const mask = tf.tensor2d(maskValues, [settings.dim, settings.heads]);
    const ego: tf.Variable<tf.Rank.R2> = variableFrom(
      tf.tensor2d(xavierUniform(n, settings.dim, rng.next), [n, settings.dim]),
    );
    const attn = Array.from({ length: settings.layers }, () => ({
      src: variableFrom(
        tf.tensor2d(xavierUniform(settings.dim, settings.heads, rng.next), [settings.dim, settings.heads]),
      ),
      dst: variableFrom(
        tf.tensor2d(xavierUniform(settings.dim, settings.heads, rng.next), [settings.dim, settings.heads]),
      ),
    }));
    const forward = (): tf.Tensor2D => {
      let cur: tf.Tensor2D = ego;
      let acc: tf.Tensor2D = ego;
      for (const a of attn) {
        const sSrc = tf.matMul(cur, tf.mul(a.src, mask)) as tf.Tensor2D;
        const sDst = tf.matMul(cur, tf.mul(a.dst, mask)) as tf.Tensor2D;
        const scores = tf.leakyRelu(tf.add(gatherRows(sSrc, srcPlan), gatherRows(sDst, dstPlan)), 0.2) as tf.Tensor2D;
        const alpha = edgeSoftmax(scores, edges);
        const msgs = tf.reshape(
          tf.mul(tf.reshape(gatherRows(cur, srcPlan), [edges.edges, settings.heads, dh]), tf.expandDims(alpha, 2)),
          [edges.edges, settings.dim],
        ) as tf.Tensor2D;
        cur = segmentSumByDst(msgs, edges);
        acc = tf.add<tf.Tensor2D>(acc, cur);
      }
      return tf.div<tf.Tensor2D>(acc, settings.layers + 1);
    };
    try {
      const { best, run } = trainBpr(this.name, data, ctx, settings, {
        ego,
        forward,
        params: attn.flatMap((a) => [a.src, a.dst]),
      });
      this.best = best;
      this.lastRun = run;
    } finally {
      tf.dispose([ego, mask, ...attn.flatMap((a) => [a.src, a.dst])]);
      disposeEdgeList(edges);
      disposeGatherPlan(srcPlan);
      disposeGatherPlan(dstPlan);
    }
  }

  score(users: Int32Array): Float32Array {
    return scoreEmbeddings(this.best!, users);
  }

  embeddings(): Embeddings {
    return this.best!;
  }
}
