/**
 * BERT encoder forward pass in TensorFlow.js (Devlin et al. 2019, "BERT: Pre-training of Deep
 * Bidirectional Transformers"; the Transformer encoder of Vaswani et al. 2017).
 *   embeddings:  h⁰ = LN(E_word[id_t] + E_pos[t] + E_type[0])
 *   per layer:   A = softmax(Q Kᵀ / √d_h + M) V        per head, Q,K,V = h Wq,k,v + b
 *                h' = LN(h + A Wo + bo)
 *                h  = LN(h' + act(h' W1 + b1) W2 + b2)  act = GELU(x) = x Φ(x) (Hendrycks & Gimpel 2016)
 *   LN(x) = γ (x − μ) / √(σ² + ε) + β over the hidden axis (Ba et al. 2016, post-LN as in BERT);
 *   M is 0 for real tokens and −1e9 for padding, so padded keys receive no attention.
 * Dropout is off (inference). Weights are rearranged once at load so each step is one kernel: the
 * PyTorch [out, in] linear weights are transposed to [in, out] (a transposed operand is ~10× slower
 * in the wasm backend's matMul); 1/√d_h is folded into the Q weights; the position table absorbs
 * token type 0 (a single sentence has only type 0); K is laid out [dh, L] per head by its transpose,
 * so QKᵀ is a plain batched matMul. Sequences run as one [B·L, H] matrix, so every dense layer is
 * one matMul (XNNPACK's fully-connected path in the wasm backend).
 */
import * as tf from '@tensorflow/tfjs';
import { BadInputError } from '../../domain/errors';
import type { BertConfig } from './model-folder';
import type { Safetensors } from './safetensors';

interface LayerWeights {
  qW: tf.Tensor2D;
  qB: tf.Tensor1D;
  kW: tf.Tensor2D;
  kB: tf.Tensor1D;
  vW: tf.Tensor2D;
  vB: tf.Tensor1D;
  outW: tf.Tensor2D;
  outB: tf.Tensor1D;
  ln1G: tf.Tensor1D;
  ln1B: tf.Tensor1D;
  ffnInW: tf.Tensor2D;
  ffnInB: tf.Tensor1D;
  ffnOutW: tf.Tensor2D;
  ffnOutB: tf.Tensor1D;
  ln2G: tf.Tensor1D;
  ln2B: tf.Tensor1D;
}

export interface BertWeights {
  config: BertConfig;
  wordEmb: tf.Tensor2D;
  /** E_pos + E_type[0], [maxPositions, H]. */
  posTypeEmb: tf.Tensor2D;
  embLnG: tf.Tensor1D;
  embLnB: tf.Tensor1D;
  layers: LayerWeights[];
}

/** Finds a tensor under the names BERT checkpoints use (with or without a "bert." prefix; LayerNorm gamma/beta in old ones). */
function resolver(st: Safetensors): (name: string) => Float32Array {
  const prefix = st.infos.has('embeddings.word_embeddings.weight')
    ? ''
    : st.infos.has('bert.embeddings.word_embeddings.weight')
      ? 'bert.'
      : null;
  if (prefix === null) {
    throw new BadInputError(
      'model.safetensors',
      'model.safetensors has no embeddings.word_embeddings.weight: not a BERT checkpoint',
      [...st.infos.keys()].slice(0, 5),
    );
  }
  return (name) => {
    const full = prefix + name;
    if (st.infos.has(full)) return st.float32(full);
    const legacy = full.replace(/LayerNorm\.weight$/, 'LayerNorm.gamma').replace(/LayerNorm\.bias$/, 'LayerNorm.beta');
    return st.float32(st.infos.has(legacy) ? legacy : full);
  };
}

function checkSize(name: string, data: Float32Array, expected: number): Float32Array {
  if (data.length !== expected) {
    throw new BadInputError(
      'model.safetensors',
      `model.safetensors ${name} has ${data.length} values; config.json implies ${expected}`,
      name,
    );
  }
  return data;
}

/** PyTorch Linear weight [out, in] → row-major [in, out], optionally scaled. */
function transposed(data: Float32Array, out: number, inp: number, scale = 1): Float32Array {
  const t = new Float32Array(out * inp);
  for (let o = 0; o < out; o++) {
    const row = o * inp;
    for (let i = 0; i < inp; i++) t[i * out + o] = data[row + i]! * scale;
  }
  return t;
}

/** Uploads the checkpoint's weights to the active tfjs backend in the layout the forward pass wants. */
export function loadBertWeights(st: Safetensors, config: BertConfig): BertWeights {
  const get = resolver(st);
  const H = config.hiddenSize;
  const I = config.intermediateSize;
  const vec = (name: string, n: number): tf.Tensor1D => tf.tensor1d(checkSize(name, get(name), n));
  const dense = (name: string, out: number, inp: number, scale = 1): Float32Array =>
    transposed(checkSize(`${name}.weight`, get(`${name}.weight`), out * inp), out, inp, scale);

  const word = checkSize(
    'embeddings.word_embeddings.weight',
    get('embeddings.word_embeddings.weight'),
    config.vocabSize * H,
  );
  const pos = checkSize(
    'embeddings.position_embeddings.weight',
    get('embeddings.position_embeddings.weight'),
    config.maxPositions * H,
  );
  const type = checkSize(
    'embeddings.token_type_embeddings.weight',
    get('embeddings.token_type_embeddings.weight'),
    config.typeVocabSize * H,
  );
  const posType = new Float32Array(pos.length);
  for (let i = 0; i < pos.length; i++) posType[i] = pos[i]! + type[i % H]!;

  const scale = 1 / Math.sqrt(H / config.numHeads);
  const layers: LayerWeights[] = [];
  for (let l = 0; l < config.numLayers; l++) {
    const p = `encoder.layer.${l}.`;
    const bias = (name: string, scaleBy = 1): tf.Tensor1D =>
      tf.tensor1d(checkSize(name, get(name), H).map((x) => x * scaleBy));
    layers.push({
      qW: tf.tensor2d(dense(`${p}attention.self.query`, H, H, scale), [H, H]),
      qB: bias(`${p}attention.self.query.bias`, scale),
      kW: tf.tensor2d(dense(`${p}attention.self.key`, H, H), [H, H]),
      kB: bias(`${p}attention.self.key.bias`),
      vW: tf.tensor2d(dense(`${p}attention.self.value`, H, H), [H, H]),
      vB: bias(`${p}attention.self.value.bias`),
      outW: tf.tensor2d(dense(`${p}attention.output.dense`, H, H), [H, H]),
      outB: vec(`${p}attention.output.dense.bias`, H),
      ln1G: vec(`${p}attention.output.LayerNorm.weight`, H),
      ln1B: vec(`${p}attention.output.LayerNorm.bias`, H),
      ffnInW: tf.tensor2d(dense(`${p}intermediate.dense`, I, H), [H, I]),
      ffnInB: vec(`${p}intermediate.dense.bias`, I),
      ffnOutW: tf.tensor2d(dense(`${p}output.dense`, H, I), [I, H]),
      ffnOutB: vec(`${p}output.dense.bias`, H),
      ln2G: vec(`${p}output.LayerNorm.weight`, H),
      ln2B: vec(`${p}output.LayerNorm.bias`, H),
    });
  }
  return {
    config,
    wordEmb: tf.tensor2d(Float32Array.from(word), [config.vocabSize, H]),
    posTypeEmb: tf.tensor2d(posType, [config.maxPositions, H]),
    embLnG: vec('embeddings.LayerNorm.weight', H),
    embLnB: vec('embeddings.LayerNorm.bias', H),
    layers,
  };
}

export function disposeBertWeights(weights: BertWeights): void {
  const all: tf.Tensor[] = [weights.wordEmb, weights.posTypeEmb, weights.embLnG, weights.embLnB];
  for (const layer of weights.layers) all.push(...Object.values(layer));
  tf.dispose(all);
}

function layerNorm(x: tf.Tensor2D, gamma: tf.Tensor1D, beta: tf.Tensor1D, eps: number): tf.Tensor2D {
  const mean = tf.mean(x, -1, true);
  const centred = tf.sub(x, mean);
  const variance = tf.mean(tf.square(centred), -1, true);
  return tf.add(tf.mul(tf.mul(centred, tf.rsqrt(tf.add(variance, eps))), gamma), beta);
}

/** x W + b as one fused kernel. */
function linear(x: tf.Tensor2D, weight: tf.Tensor2D, bias: tf.Tensor1D): tf.Tensor2D {
  return tf.fused.matMul({ a: x, b: weight, bias }) as tf.Tensor2D;
}

const SQRT1_2 = Math.SQRT1_2;
const GELU_TANH_C = Math.sqrt(2 / Math.PI);

function activate(x: tf.Tensor2D, kind: BertConfig['activation']): tf.Tensor2D {
  switch (kind) {
    case 'gelu': // exact: x · ½(1 + erf(x/√2))
      return tf.mul(x, tf.mul(tf.add(tf.erf(tf.mul(x, SQRT1_2)), 1), 0.5));
    case 'gelu_tanh': // ½x(1 + tanh(√(2/π)(x + 0.044715x³)))
      return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), GELU_TANH_C)), 1));
    case 'relu':
      return tf.relu(x);
  }
}

/**
 * On the wasm backend, sequences from this length on take attention head by head. That backend runs
 * a batched matMul (both operands with a batch axis) in a plain loop, but a 2-D matMul through
 * XNNPACK; and its Slice/Unpack kernels copy the whole input per slice, so the heads are cut from
 * one download instead. Measured on the 2-core machine, QKᵀ of 12 heads: B=8, L=256: 548 ms batched,
 * 112 ms per head; B=16, L=128: 202 vs 53; B=48, L=42: 85 vs 77; B=64, L=25: 46 vs 64 (per-op
 * overhead wins below ~40 tokens).
 */
export const PER_HEAD_MIN_LENGTH = 40;

function heads2d(t: tf.Tensor3D): tf.Tensor2D[] {
  const [n, rows, cols] = t.shape;
  const data = t.dataSync() as Float32Array;
  return Array.from({ length: n }, (_, i) =>
    tf.tensor2d(data.subarray(i * rows * cols, (i + 1) * rows * cols), [rows, cols]),
  );
}

/** softmax(Q Kᵀ + M) V for [B·nh, L, dh] heads (K given as [B·nh, dh, L]), batched or head by head. */
function attention(
  q: tf.Tensor3D,
  kT: tf.Tensor3D,
  v: tf.Tensor3D,
  maskBias: tf.Tensor3D,
  length: number,
): tf.Tensor3D {
  if (length < PER_HEAD_MIN_LENGTH || tf.getBackend() !== 'wasm')
    return tf.matMul(tf.softmax(tf.add(tf.matMul(q, kT), maskBias)), v);
  const [qs, ks, vs, ms] = [q, kT, v, maskBias].map(heads2d) as [
    tf.Tensor2D[],
    tf.Tensor2D[],
    tf.Tensor2D[],
    tf.Tensor2D[],
  ];
  return tf.stack(
    qs.map((qh, i) => tf.matMul(tf.softmax(tf.add(tf.matMul(qh, ks[i]!), ms[i]!)), vs[i]!)),
  ) as tf.Tensor3D;
}

/**
 * Last hidden states [B, L, H] for `ids` (B sequences padded to L, row-major) under `mask` (1 for real
 * tokens, 0 for padding). The caller owns (and disposes) the result; every intermediate is freed here.
 */
export function bertForward(
  weights: BertWeights,
  ids: Int32Array,
  mask: Float32Array,
  batch: number,
  length: number,
): tf.Tensor3D {
  const { hiddenSize: H, numHeads: nh, layerNormEps: eps } = weights.config;
  const dh = H / nh;
  if (length > weights.config.maxPositions)
    throw new BadInputError(
      'length',
      `sequence length ${length} exceeds max_position_embeddings ${weights.config.maxPositions}`,
      length,
    );
  return tf.tidy(() => {
    const tokens = tf.gather(weights.wordEmb, tf.tensor1d(ids, 'int32')).reshape([batch, length, H]);
    const positions = tf.slice(weights.posTypeEmb, [0, 0], [length, H]);
    let h = layerNorm(
      tf.add(tokens, positions).reshape([batch * length, H]) as tf.Tensor2D,
      weights.embLnG,
      weights.embLnB,
      eps,
    );
    // [B·nh, 1, L] additive mask, broadcast over query rows.
    const maskBias = tf
      .mul(tf.sub(1, tf.tensor3d(mask, [batch, 1, length])), -1e9)
      .tile([1, nh, 1])
      .reshape([batch * nh, 1, length]) as tf.Tensor3D;
    const heads = (t: tf.Tensor2D, perm: number[]): tf.Tensor3D => {
      const split = t.reshape([batch, length, nh, dh]).transpose(perm);
      return split.reshape([batch * nh, split.shape[2]!, split.shape[3]!]) as tf.Tensor3D;
    };
    for (const w of weights.layers) {
      const next = tf.tidy(() => {
        const q = heads(linear(h, w.qW, w.qB), [0, 2, 1, 3]); // [B·nh, L, dh]
        const kT = heads(linear(h, w.kW, w.kB), [0, 2, 3, 1]); // [B·nh, dh, L]
        const v = heads(linear(h, w.vW, w.vB), [0, 2, 1, 3]);
        const context = attention(q, kT, v, maskBias, length)
          .reshape([batch, nh, length, dh])
          .transpose([0, 2, 1, 3])
          .reshape([batch * length, H]) as tf.Tensor2D;
        const attended = layerNorm(tf.add(linear(context, w.outW, w.outB), h), w.ln1G, w.ln1B, eps);
        const inner = activate(linear(attended, w.ffnInW, w.ffnInB), weights.config.activation);
        return layerNorm(tf.add(linear(inner, w.ffnOutW, w.ffnOutB), attended), w.ln2G, w.ln2B, eps);
      });
      h.dispose(); // the previous layer's states, no longer needed: keeps peak memory at one layer
      h = next;
    }
    return h.reshape([batch, length, H]) as tf.Tensor3D;
  });
}
