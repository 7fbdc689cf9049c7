/**
 * Per-edge ops for attention (GAT) on wasm/cpu, with gradients that avoid unsortedSegmentSum.
 * Edges are in destination-sorted order (CSR rows = destinations), described by `EdgeList`.
 *   segmentSumByDst:  Y[i] = Σ_{e: dst(e)=i} M[e]          grad: dM = dY[dst]          (a plain gather)
 *   edgeSoftmax:      α_e = exp(s_e) / Σ_{e': dst(e')=dst(e)} exp(s_e')   (per head, column-wise)
 *                     grad: ds = α ⊙ (dα − (Σ_{same dst} α ⊙ dα)[dst])
 * Velickovic et al., "Graph Attention Networks", ICLR 2018, eq. (3). The softmax subtracts the
 * global per-head maximum for stability; it cancels in the ratio.
 */
import * as tf from '@tensorflow/tfjs';
import type { Csr } from '../graph/csr';

export interface EdgeList {
  rows: number;
  edges: number;
  /** Source node per edge (int32). */
  src: Int32Array;
  /** Destination per edge, non-decreasing (int32 tensor). */
  dst: tf.Tensor1D;
  /** 0..E−1, the identity gather for sparseSegmentSum. */
  arange: tf.Tensor1D;
  pad: number;
}

export function createEdgeList(csr: Csr): EdgeList {
  const dst = new Int32Array(csr.targets.length);
  for (let r = 0; r < csr.rows; r++) dst.fill(r, csr.offsets[r]!, csr.offsets[r + 1]!);
  const last = dst.length > 0 ? dst[dst.length - 1]! : -1;
  return {
    rows: csr.rows,
    edges: dst.length,
    src: csr.targets,
    dst: tf.tensor1d(dst, 'int32'),
    arange: tf.range(0, dst.length, 1, 'int32') as tf.Tensor1D,
    pad: csr.rows - last - 1,
  };
}

export function disposeEdgeList(e: EdgeList): void {
  tf.dispose([e.dst, e.arange]);
}

function rawSegmentSum(m: tf.Tensor2D, e: EdgeList): tf.Tensor2D {
  const y = tf.sparse.sparseSegmentSum(m, e.arange, e.dst) as tf.Tensor2D;
  if (e.pad === 0) return y;
  return tf.concat([y, tf.zeros([e.pad, m.shape[1]])], 0) as tf.Tensor2D;
}

type Grad = Parameters<typeof tf.customGrad>[0];

/** Y[i] = Σ over edges into i of M[e]; M is E × D in edge order. */
export function segmentSumByDst(m: tf.Tensor2D, e: EdgeList): tf.Tensor2D {
  const op = tf.customGrad(((input: tf.Tensor) => ({
    value: tf.tidy(() => rawSegmentSum(input as tf.Tensor2D, e)),
    gradFunc: (dy: tf.Tensor) => tf.gather(dy, e.dst),
  })) as unknown as Grad);
  return op(m) as tf.Tensor2D;
}

/** Softmax of edge scores S (E × H) over the incoming edges of each destination, per head. */
export function edgeSoftmax(s: tf.Tensor2D, e: EdgeList): tf.Tensor2D {
  const op = tf.customGrad(((input: tf.Tensor, save: (ts: tf.Tensor[]) => void) => {
    const alpha = tf.tidy(() => {
      const z = tf.exp(tf.sub(input, tf.max(input, 0, true))) as tf.Tensor2D;
      const den = rawSegmentSum(z, e);
      return tf.div(z, tf.gather(den, e.dst)) as tf.Tensor2D;
    });
    // The engine keeps only saved tensors alive until the backward pass.
    save([alpha]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) =>
      tf.tidy(() => {
        const a = saved[0]!;
        const ad = tf.mul(a, dy) as tf.Tensor2D;
        return tf.mul(a, tf.sub(dy, tf.gather(rawSegmentSum(ad, e), e.dst)));
      });
    return { value: alpha, gradFunc };
  }) as unknown as Grad);
  return op(s) as tf.Tensor2D;
}
