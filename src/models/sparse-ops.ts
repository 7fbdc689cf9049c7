/**
 * Sparse message passing for tfjs on every backend.
 *
 * Why custom ops: on wasm and cpu, tf.gather's gradient goes through unsortedSegmentSum (missing on
 * wasm, O(N·E) on cpu) and ScatterNd / SparseSegmentSum have no registered gradients. So
 *   propagate:   Y = diag(post) · S · diag(pre) · X        (S binary, rows = destinations)
 * runs forward as sparseSegmentSum over destination-sorted edges, and its gradient
 *   dX = diag(pre) · Sᵀ · diag(post) · dY
 * as sparseSegmentSum over source-sorted edges, wrapped in tf.customGrad. Edge weights that factorise
 * as w_ij = post_i · pre_j (e.g. GCN's 1/√(d_i d_j), Kipf & Welling 2017) are applied by row scaling.
 *   gatherRows:  Y = X[idx]   with gradient dX = segment-sum of dY by idx (sorted once per call).
 * sparseSegmentSum's output has (last segment id + 1) rows, so outputs are padded to full size.
 */
import * as tf from '@tensorflow/tfjs';
import type { Csr } from '../graph/csr';
import { transposeCsr } from '../graph/csr';

interface SortedEdges {
  /** Row of the input gathered by each edge. */
  indices: tf.Tensor1D;
  /** Output row of each edge, non-decreasing. */
  segments: tf.Tensor1D;
  /** Output rows missing after the last segment id. */
  pad: number;
}

export interface SparseAdjacency {
  /** Output rows (destinations). */
  rows: number;
  /** Input rows (sources). */
  cols: number;
  edges: number;
  fwd: SortedEdges;
  bwd: SortedEdges;
  pre: tf.Tensor2D | null;
  post: tf.Tensor2D | null;
}

/**
 * Builds the op's edge lists from a CSR whose rows are destinations and targets sources
 * (for a symmetric graph, any CSR of it). pre/post are per-node scales (length cols / rows).
 */
export function createAdjacency(csr: Csr, pre?: Float32Array, post?: Float32Array): SparseAdjacency {
  const back = transposeCsr(csr);
  return {
    rows: csr.rows,
    cols: csr.cols,
    edges: csr.targets.length,
    fwd: sortedEdges(csr),
    bwd: sortedEdges(back),
    pre: pre ? tf.tensor2d(pre, [pre.length, 1]) : null,
    post: post ? tf.tensor2d(post, [post.length, 1]) : null,
  };
}

export function disposeAdjacency(adj: SparseAdjacency): void {
  tf.dispose([adj.fwd.indices, adj.fwd.segments, adj.bwd.indices, adj.bwd.segments]);
  if (adj.pre) adj.pre.dispose();
  if (adj.post) adj.post.dispose();
}

function sortedEdges(csr: Csr): SortedEdges {
  const seg = new Int32Array(csr.targets.length);
  for (let r = 0; r < csr.rows; r++) seg.fill(r, csr.offsets[r]!, csr.offsets[r + 1]!);
  const last = seg.length > 0 ? seg[seg.length - 1]! : -1;
  return { indices: tf.tensor1d(csr.targets, 'int32'), segments: tf.tensor1d(seg, 'int32'), pad: csr.rows - last - 1 };
}

/** Sum of x rows over sorted edges, padded to full height. */
function segmentSum(x: tf.Tensor2D, e: SortedEdges): tf.Tensor2D {
  if (e.indices.size === 0) return tf.zeros([e.pad, x.shape[1]]);
  const y = tf.sparse.sparseSegmentSum(x, e.indices, e.segments) as tf.Tensor2D;
  if (e.pad === 0) return y;
  const out = tf.concat([y, tf.zeros([e.pad, x.shape[1]])], 0) as tf.Tensor2D;
  y.dispose();
  return out;
}

/** Y = diag(post)·S·diag(pre)·X with a custom gradient (see file comment). */
export function propagate(x: tf.Tensor2D, adj: SparseAdjacency): tf.Tensor2D {
  const op = tf.customGrad(((input: tf.Tensor) => {
    const xs = input as tf.Tensor2D;
    const value = tf.tidy(() => {
      const scaled = adj.pre ? tf.mul(xs, adj.pre) : xs;
      const y = segmentSum(scaled as tf.Tensor2D, adj.fwd);
      return (adj.post ? tf.mul(y, adj.post) : y) as tf.Tensor2D;
    });
    const gradFunc = (dy: tf.Tensor) =>
      tf.tidy(() => {
        const scaled = adj.post ? tf.mul(dy, adj.post) : dy;
        const dx = segmentSum(scaled as tf.Tensor2D, adj.bwd);
        return adj.pre ? tf.mul(dx, adj.pre) : dx;
      });
    return { value, gradFunc };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x) as tf.Tensor2D;
}

/** Backward-pass plan of a fixed gather index: positions sorted by index, reusable across steps. */
export interface GatherPlan {
  idx: Int32Array;
  /** Table rows. */
  rows: number;
  edges: SortedEdges;
}

/** Precomputes the sorted segment-sum of a gather index that stays fixed (e.g. edge sources). */
export function planGather(idx: Int32Array, rows: number): GatherPlan {
  const order = Int32Array.from({ length: idx.length }, (_, k) => k).sort((a, b) => idx[a]! - idx[b]! || a - b);
  const sortedIdx = Int32Array.from(order, (k) => idx[k]!);
  const last = sortedIdx.length > 0 ? sortedIdx[sortedIdx.length - 1]! : -1;
  return {
    idx,
    rows,
    edges: { indices: tf.tensor1d(order, 'int32'), segments: tf.tensor1d(sortedIdx, 'int32'), pad: rows - last - 1 },
  };
}

export function disposeGatherPlan(plan: GatherPlan): void {
  tf.dispose([plan.edges.indices, plan.edges.segments]);
}

/**
 * Rows of a table, Y = X[idx], whose gradient is a sorted segment sum (no unsortedSegmentSum).
 * `idx` is a plain Int32Array (sorted for the backward pass in JS), or a GatherPlan prepared once.
 */
export function gatherRows(x: tf.Tensor2D, idx: Int32Array | GatherPlan): tf.Tensor2D {
  const n = x.shape[0];
  const fixed = idx instanceof Int32Array ? undefined : idx;
  const index = fixed ? fixed.idx : (idx as Int32Array);
  const op = tf.customGrad(((input: tf.Tensor) => {
    const value = tf.gather(input, index);
    const gradFunc = (dy: tf.Tensor) =>
      tf.tidy(() => {
        if (fixed) return segmentSum(dy as tf.Tensor2D, fixed.edges);
        const plan = planGather(index, n);
        const out = segmentSum(dy as tf.Tensor2D, plan.edges);
        disposeGatherPlan(plan);
        return out;
      });
    return { value, gradFunc };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x) as tf.Tensor2D;
}

/** 1/√d for each row degree (0 for isolated nodes): the symmetric GCN normalisation factors. */
export function invSqrtDegrees(csr: Csr): Float32Array {
  const out = new Float32Array(csr.rows);
  for (let i = 0; i < csr.rows; i++) {
    const d = csr.offsets[i + 1]! - csr.offsets[i]!;
    out[i] = d > 0 ? 1 / Math.sqrt(d) : 0;
  }
  return out;
}
