import * as tf from '@tensorflow/tfjs';
import { buildCsr } from '../../../src/graph/csr';
import { initBackend } from '../../../src/models/backend';
import { createAdjacency, disposeAdjacency, gatherRows, propagate } from '../../../src/models/sparse-ops';
import type * as EdgeOps from '../../../src/models/edge-ops';

// rows = destinations: 0 ← {1, 2}, 2 ← {0}, 3 ← {0, 1, 3}; row 1 and 4 empty (4 is a trailing empty row).
const n = 5;
const csr = buildCsr(n, n, Int32Array.of(0, 0, 2, 3, 3, 3), Int32Array.of(1, 2, 0, 0, 1, 3));
const pre = Float32Array.of(0.5, 2, 1, 3, 1);
const post = Float32Array.of(1, 1, 0.25, 2, 1);
const dense = (): number[][] => {
  const m = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let r = 0; r < n; r++)
    for (let k = csr.offsets[r]!; k < csr.offsets[r + 1]!; k++)
      m[r]![csr.targets[k]!] = post[r]! * pre[csr.targets[k]!]!;
  return m;
};

describe('sparse ops', () => {
  beforeAll(async () => {
    await initBackend({ preferred: 'cpu' });
  });

  it('propagate forward equals the dense product and pads trailing empty rows', () => {
    const adj = createAdjacency(csr, pre, post);
    const xv = Array.from({ length: n * 3 }, (_, k) => Math.sin(k + 1));
    const y = tf.tidy(() => propagate(tf.tensor2d(xv, [n, 3]), adj));
    expect(y.shape).toEqual([n, 3]);
    const expected = tf.tidy(() => tf.matMul(tf.tensor2d(dense()), tf.tensor2d(xv, [n, 3])));
    const got = y.dataSync();
    const exp = expected.dataSync();
    for (let k = 0; k < got.length; k++) expect(got[k]).toBeCloseTo(exp[k]!, 5);
    tf.dispose([y, expected]);
    disposeAdjacency(adj);
  });

  it('propagate gradient equals the dense transpose product and finite differences', () => {
    const adj = createAdjacency(csr, pre, post);
    const xv = Array.from({ length: n * 2 }, (_, k) => Math.cos(k));
    const wv = Array.from({ length: n * 2 }, (_, k) => (k % 3) - 1 + 0.1 * k);
    // f(x) = Σ w ⊙ tanh(A x) is non-linear so the finite-difference check is meaningful.
    const f = (x: tf.Tensor) => tf.sum(tf.mul(tf.tensor2d(wv, [n, 2]), tf.tanh(propagate(x as tf.Tensor2D, adj))));
    const fDense = (x: tf.Tensor) =>
      tf.sum(tf.mul(tf.tensor2d(wv, [n, 2]), tf.tanh(tf.matMul(tf.tensor2d(dense()), x as tf.Tensor2D))));
    const x = tf.tensor2d(xv, [n, 2]);
    const g = tf.grad(f)(x).dataSync();
    const gd = tf.grad(fDense)(x).dataSync();
    for (let k = 0; k < g.length; k++) expect(g[k]).toBeCloseTo(gd[k]!, 5);
    const eps = 5e-3;
    for (let k = 0; k < xv.length; k++) {
      const plus = xv.slice();
      const minus = xv.slice();
      plus[k]! += eps;
      minus[k]! -= eps;
      const fd =
        (tf.tidy(() => f(tf.tensor2d(plus, [n, 2]))).dataSync()[0]! -
          tf.tidy(() => f(tf.tensor2d(minus, [n, 2]))).dataSync()[0]!) /
        (2 * eps);
      expect(Math.abs(g[k]! - fd)).toBeLessThan(2e-3);
    }
    x.dispose();
    disposeAdjacency(adj);
  });

  it('gatherRows gradient accumulates repeated indices', () => {
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8], [4, 2]);
    const idx = Int32Array.of(2, 0, 2, 1);
    const y = gatherRows(x, idx);
    expect(Array.from(y.dataSync())).toEqual([5, 6, 1, 2, 5, 6, 3, 4]);
    const g = tf.grad((t: tf.Tensor) =>
      tf.sum(tf.mul(gatherRows(t as tf.Tensor2D, idx), tf.tensor2d([1, 1, 2, 2, 3, 3, 4, 4], [4, 2]))),
    )(x);
    // Row 2 gathered at positions 0 and 2 → 1 + 3; row 0 → 2; row 1 → 4; row 3 never → 0.
    expect(Array.from(g.dataSync())).toEqual([2, 2, 4, 4, 4, 4, 0, 0]);
    tf.dispose([x, y, g]);
  });

  it('does not leak tensors across repeated forward + backward passes', () => {
    const adj = createAdjacency(csr, pre, post);
    const x = tf.variable(tf.ones([n, 4])) as tf.Variable<tf.Rank.R2>;
    const opt = tf.train.sgd(0.1);
    const step = () =>
      opt.minimize(() => tf.sum(tf.square(propagate(gatherRows(x, Int32Array.of(0, 1, 2, 3, 4)), adj))) as tf.Scalar);
    step();
    const before = tf.memory().numTensors;
    for (let k = 0; k < 5; k++) step();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x]);
    opt.dispose();
    disposeAdjacency(adj);
  });
});

describe('edge ops', () => {
  beforeAll(async () => {
    await initBackend({ preferred: 'cpu' });
  });

  it('edgeSoftmax normalises per destination and head, with a correct gradient', () => {
    const { createEdgeList, disposeEdgeList, edgeSoftmax, segmentSumByDst } = jest.requireActual(
      '../../../src/models/edge-ops',
    ) as typeof EdgeOps;
    const e = createEdgeList(csr); // destinations per edge: 0,0,2,3,3,3
    const dstOf = [0, 0, 2, 3, 3, 3];
    const sv = Array.from({ length: 12 }, (_, k) => Math.sin(3 * k));
    const a = tf.tidy(() => edgeSoftmax(tf.tensor2d(sv, [6, 2]), e)).arraySync();
    for (let h = 0; h < 2; h++) {
      for (const d of [0, 2, 3]) {
        const idx = dstOf.map((x, k) => (x === d ? k : -1)).filter((k) => k >= 0);
        const den = idx.reduce((s, k) => s + Math.exp(sv[k * 2 + h]!), 0);
        for (const k of idx) expect(a[k]![h]).toBeCloseTo(Math.exp(sv[k * 2 + h]!) / den, 6);
      }
    }
    const wv = Array.from({ length: 10 }, (_, k) => k - 4.5);
    const f = (s: tf.Tensor) =>
      tf.sum(tf.mul(tf.tensor2d(wv, [5, 2]), tf.square(segmentSumByDst(edgeSoftmax(s as tf.Tensor2D, e), e))));
    const g = tf
      .grad(f)(tf.tensor2d(sv, [6, 2]))
      .dataSync();
    const eps = 5e-3;
    for (let k = 0; k < sv.length; k++) {
      const p = sv.slice();
      const m = sv.slice();
      p[k]! += eps;
      m[k]! -= eps;
      const fd =
        (tf.tidy(() => f(tf.tensor2d(p, [6, 2]))).dataSync()[0]! -
          tf.tidy(() => f(tf.tensor2d(m, [6, 2]))).dataSync()[0]!) /
        (2 * eps);
      expect(Math.abs(g[k]! - fd)).toBeLessThan(2e-3);
    }
    disposeEdgeList(e);
  });
});
