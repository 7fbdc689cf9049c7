/**
 * Adam over a model's variables with train-loop's checkpoint hooks: the best parameters kept
 * (only where the loop can come back to them: `keep`, i.e. learning-rate decays are on), restored,
 * and the rate cut on a plateau.
 */
import * as tf from '@tensorflow/tfjs';
import type { TrainLoopHooks } from './train-loop';

export class RestorableAdam {
  private adam: tf.Optimizer;
  private best: Float32Array[] | undefined;

  constructor(
    private readonly variables: readonly tf.Variable[],
    private learningRate: number,
    private readonly keep: boolean,
  ) {
    this.adam = tf.train.adam(learningRate);
  }

  /** One optimiser step on `loss`; returns the loss (the caller disposes it). */
  minimize(loss: () => tf.Scalar): tf.Scalar {
    return this.adam.minimize(loss, true)!;
  }

  /** Keeps the current parameters as the best checkpoint. */
  snapshot(): void {
    if (this.keep) this.best = this.variables.map((v) => v.dataSync().slice() as Float32Array);
  }

  /** Puts the best checkpoint back, where one was kept. */
  restore(): void {
    const best = this.best;
    if (!best) return;
    this.variables.forEach((v, k) => tf.tidy(() => v.assign(tf.tensor(best[k]!, v.shape))));
  }

  /** A fresh Adam at the lower rate: its moments belonged to the abandoned trajectory. */
  decay(factor: number): void {
    this.adam.dispose();
    this.learningRate *= factor;
    this.adam = tf.train.adam(this.learningRate);
  }

  /** train-loop's checkpoint hooks over this optimiser; `onSnapshot` keeps the model's own best copy. */
  hooks(onSnapshot: () => void): Pick<TrainLoopHooks, 'snapshot' | 'restore' | 'decayLearningRate'> {
    return {
      snapshot: () => {
        onSnapshot();
        this.snapshot();
      },
      restore: () => this.restore(),
      decayLearningRate: (factor) => this.decay(factor),
    };
  }

  dispose(): void {
    this.adam.dispose();
  }
}
