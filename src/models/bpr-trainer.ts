/**
 * BPR training of a graph encoder (Rendle et al., UAI 2009), shared by LightGCN, BPR-MF and GAT:
 *   L = −(1/|B|) Σ ln σ(e_u·e_i − e_u·e_j) + λ · (‖e⁰_u‖² + ‖e⁰_i‖² + ‖e⁰_j‖²) / |B|
 * where e = encoder output over nodes [users..., items...] and e⁰ the ego (input) embeddings.
 * The encoder runs on the full graph every step (graphs here fit in memory); rows are picked with
 * gatherRows so no gradient goes through unsortedSegmentSum. The best checkpoint (by validation
 * NDCG@10) is kept as plain Float32Arrays.
 */
import * as tf from '@tensorflow/tfjs';
import { sampleHardNegatives, sampleNegatives, shuffledPairs } from './bpr-sampler';
import { readOut, scoreEmbeddings } from './embedding-scorer';
import { createRng } from './random';
import { RestorableAdam } from './restorable-adam';
import { gatherRows } from './sparse-ops';
import { trainLoop } from './train-loop';
import type { TrainLoopOptions, TrainLoopResult } from './train-loop';
import type { Embeddings, FitContext, TrainData } from './types';

export interface BprOptions extends TrainLoopOptions, Partial<BprScheduleOptions> {
  dim: number;
  learningRate: number;
  reg: number;
  batchSize: number;
}

/** Schedule and sampling options the BPR-trained encoders (LightGCN, BPR-MF, GAT) share. */
export interface BprScheduleOptions {
  /** Plateaus answered by going back to the best epoch at a lower learning rate (train-loop). */
  lrDecays: number;
  lrDecayFactor: number;
  /** Dynamic negative sampling: uniform draws per positive, the best-scored kept (1 = uniform BPR). */
  negCandidates: number;
}

export const BPR_SCHEDULE_DEFAULTS: Readonly<BprScheduleOptions> = Object.freeze({
  lrDecays: 0,
  lrDecayFactor: 0.5,
  negCandidates: 1,
});

export interface BprEncoder {
  /** Ego embedding table, n × dim (users then items). */
  ego: tf.Variable<tf.Rank.R2>;
  /** Full-graph forward pass returning n × dim output embeddings (called inside tidy/minimize). */
  forward(): tf.Tensor2D;
  /** Trainable variables besides `ego`, restored with it when the learning rate decays. */
  params?: tf.Variable[];
}

export function trainBpr(
  name: string,
  data: TrainData,
  ctx: FitContext,
  options: BprOptions,
  encoder: BprEncoder,
): { best: Embeddings; run: TrainLoopResult } {
  const nu = data.numUsers;
  const rng = createRng(ctx.seed ^ 0x5bd1e995);
  const adam = new RestorableAdam([encoder.ego, ...(encoder.params ?? [])], options.learningRate, !!options.lrDecays);
  let best: Embeddings | undefined;
  const current = (): Embeddings => {
    const all = readOut(() => encoder.forward());
    return { dim: options.dim, users: all.slice(0, nu * options.dim), items: all.slice(nu * options.dim) };
  };
  try {
    const run = trainLoop(name, options, {
      log: ctx.log,
      epoch: () => {
        const { users, items } = shuffledPairs(data.userItems, rng);
        const candidates = options.negCandidates ?? 1;
        // Hard negatives are scored with the embeddings as they stand at the start of the epoch.
        const scoring = candidates > 1 ? current() : undefined;
        let total = 0;
        let batches = 0;
        for (let b = 0; b < users.length; b += options.batchSize) {
          const bu = users.subarray(b, b + options.batchSize);
          const bp = items.subarray(b, b + options.batchSize);
          const bn = scoring
            ? sampleHardNegatives(data.userItems, bu, rng, candidates, scoring)
            : sampleNegatives(data.userItems, bu, rng);
          const m = bu.length;
          const idx = new Int32Array(3 * m);
          idx.set(bu, 0);
          for (let k = 0; k < m; k++) {
            idx[m + k] = nu + bp[k]!;
            idx[2 * m + k] = nu + bn[k]!;
          }
          const loss = adam.minimize(() => {
            const rows = gatherRows(encoder.forward(), idx);
            const u = tf.slice(rows, [0, 0], [m, options.dim]);
            const p = tf.slice(rows, [m, 0], [m, options.dim]);
            const q = tf.slice(rows, [2 * m, 0], [m, options.dim]);
            const diff = tf.sub(tf.sum(tf.mul(u, p), 1), tf.sum(tf.mul(u, q), 1));
            const bpr = tf.mean(tf.softplus(tf.neg(diff)));
            const l2 = tf.div(tf.sum(tf.square(gatherRows(encoder.ego, idx))), m);
            return tf.add(bpr, tf.mul(l2, options.reg)) as tf.Scalar;
          });
          total += loss.dataSync()[0]!;
          loss.dispose();
          batches++;
        }
        return total / Math.max(1, batches);
      },
      validate: () => {
        if (!ctx.validate) return undefined;
        const emb = current();
        return ctx.validate((u) => scoreEmbeddings(emb, u));
      },
      ...adam.hooks(() => (best = current())),
    });
    return { best: best ?? current(), run };
  } finally {
    adam.dispose();
  }
}
