/** RestorableAdam: the checkpoint hooks train-loop calls for LightGCN and graph-text. */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../src/models/backend';
import { RestorableAdam } from '../../../src/models/restorable-adam';

const values = (v: tf.Variable): number[] => Array.from(v.dataSync());
const step = (adam: RestorableAdam, v: tf.Variable): void =>
  adam.minimize(() => tf.sum(tf.square(tf.sub(v, 3))) as tf.Scalar).dispose();

describe('RestorableAdam', () => {
  beforeAll(async () => {
    await initBackend({ preferred: 'cpu' });
  });

  it('restores the parameters of its last snapshot, after steps that moved them', () => {
    const v = tf.variable(tf.tensor1d([0, 1]));
    const adam = new RestorableAdam([v], 0.1, true);
    step(adam, v);
    adam.snapshot();
    const kept = values(v);
    step(adam, v);
    step(adam, v);
    expect(values(v)).not.toEqual(kept);
    adam.restore();
    expect(values(v)).toEqual(kept);
    adam.dispose();
    v.dispose();
  });

  it('keeps nothing when the loop cannot come back (keep false): restore leaves the parameters', () => {
    const v = tf.variable(tf.tensor1d([0, 1]));
    const adam = new RestorableAdam([v], 0.1, false);
    adam.snapshot();
    step(adam, v);
    const moved = values(v);
    adam.restore();
    expect(values(v)).toEqual(moved);
    adam.dispose();
    v.dispose();
  });

  it('a decay multiplies the rate: the next step moves the parameter by about the new rate', () => {
    // Under a gradient of constant sign Adam moves each parameter by about the learning rate (m̂/√v̂ ≈ ±1).
    const v = tf.variable(tf.tensor1d([0]));
    const adam = new RestorableAdam([v], 0.1, true);
    step(adam, v);
    step(adam, v);
    adam.decay(0.5);
    const before = values(v)[0]!;
    step(adam, v);
    expect(values(v)[0]! - before).toBeCloseTo(0.05, 4);
    adam.dispose();
    v.dispose();
  });

  it("hooks: train-loop's snapshot also keeps the model's copy, restore and decay reach the optimiser", () => {
    const v = tf.variable(tf.tensor1d([0]));
    const adam = new RestorableAdam([v], 0.1, true);
    const hooks = adam.hooks(() => copies.push(values(v)));
    const copies: number[][] = [];
    step(adam, v);
    step(adam, v);
    hooks.snapshot();
    expect(copies).toEqual([values(v)]);
    step(adam, v);
    hooks.restore();
    expect(values(v)).toEqual(copies[0]);
    hooks.decayLearningRate!(0.5);
    step(adam, v);
    step(adam, v);
    const before = values(v)[0]!;
    step(adam, v);
    expect(values(v)[0]! - before).toBeCloseTo(0.05, 3);
    adam.dispose();
    v.dispose();
  });
});
