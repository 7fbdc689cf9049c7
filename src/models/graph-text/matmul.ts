/**
 * a·b with its gradients computed through explicit transposes: on the wasm backend a matMul with
 * transposeA or transposeB runs 5–10× slower than a transpose followed by a plain matMul (measured
 * 860 ms vs 208 ms for 384×3537 · 3537×64), and tfjs's own matMul gradient uses those flags.
 *   ∂L/∂a = ∂L/∂y · bᵀ,   ∂L/∂b = aᵀ · ∂L/∂y
 * `constantA` (with aᵀ precomputed) is for a fixed input such as the item text matrix: no gradient
 * flows to a, and aᵀ is not recomputed each step.
 */
import * as tf from '@tensorflow/tfjs';

export function matMul(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  const op = tf.customGrad(((x: tf.Tensor, w: tf.Tensor, save: tf.GradSaveFunc) => {
    save([x, w]);
    return {
      value: tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
        return [tf.matMul(dy as tf.Tensor2D, tf.transpose(ws)), tf.matMul(tf.transpose(xs), dy as tf.Tensor2D)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(a, b) as tf.Tensor2D;
}

/** a·b for a constant a (no gradient to it) with aᵀ given. */
export function matMulConstantA(a: tf.Tensor2D, aT: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  const op = tf.customGrad(((w: tf.Tensor) => ({
    value: tf.matMul(a, w as tf.Tensor2D),
    gradFunc: (dy: tf.Tensor) => tf.matMul(aT, dy as tf.Tensor2D),
  })) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(b) as tf.Tensor2D;
}
