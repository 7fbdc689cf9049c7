/**
 * Sentence pooling of token states (Reimers & Gurevych 2019, Sentence-BERT, §3): with token states
 * h_t and attention mask m_t ∈ {0, 1},
 *   mean           s = Σ_t m_t h_t / max(Σ_t m_t, 1e-9)      (the sentence-transformers default)
 *   mean_sqrt_len  s = Σ_t m_t h_t / √(Σ_t m_t)
 *   max            s_k = max_{t: m_t = 1} h_{t,k}            (padding set to −1e9 first)
 *   cls            s = h_0                                    (the [CLS] state)
 * Enabled modes are concatenated in that folder-independent order (cls, max, mean, mean_sqrt_len),
 * then the result is L2-normalised, s / max(‖s‖, 1e-12), as the Normalize module does.
 */
import * as tf from '@tensorflow/tfjs';
import type { PoolingMode } from './model-folder';

/** [B, L, H] states + [B·L] mask → [B, H·modes] unit rows. Does not dispose `states`. */
export function poolAndNormalize(states: tf.Tensor3D, mask: Float32Array, modes: readonly PoolingMode[]): tf.Tensor2D {
  const [batch, length] = states.shape;
  return tf.tidy(() => {
    const m = tf.tensor3d(mask, [batch, length, 1]);
    const count = tf.sum(m, 1); // [B, 1]
    const parts = modes.map((mode): tf.Tensor2D => {
      switch (mode) {
        case 'cls':
          return tf.squeeze(tf.slice(states, [0, 0, 0], [batch, 1, -1]), [1]) as tf.Tensor2D;
        case 'max':
          return tf.max(tf.add(tf.mul(states, m), tf.mul(tf.sub(m, 1), 1e9)), 1) as tf.Tensor2D;
        case 'mean':
          return tf.div(tf.sum(tf.mul(states, m), 1), tf.maximum(count, 1e-9)) as tf.Tensor2D;
        case 'mean_sqrt_len':
          return tf.div(tf.sum(tf.mul(states, m), 1), tf.sqrt(count)) as tf.Tensor2D;
      }
    });
    const pooled = parts.length === 1 ? parts[0]! : (tf.concat(parts, 1) as tf.Tensor2D);
    const norms = tf.maximum(tf.norm(pooled, 'euclidean', 1, true), 1e-12);
    return tf.div(pooled, norms) as tf.Tensor2D;
  });
}
