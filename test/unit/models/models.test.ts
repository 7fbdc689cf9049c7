import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../src/models/backend';
import { fitEase } from '../../../src/models/ease';
import { ItemKnn } from '../../../src/models/item-knn';
import { LightGcn } from '../../../src/models/lightgcn';
import { PROFILE_FLOOR } from '../../../src/models/play-profile';
import { spdInverse } from '../../../src/models/linalg';
import { createRng } from '../../../src/models/random';
import { spdInverseTf } from '../../../src/models/spd-inverse-tf';
import type { TrainData } from '../../../src/models/types';
import { toyTrainData } from '../../support/toy-train-data';

const toyData = (seed: number): TrainData =>
  toyTrainData(seed, {
    users: 24,
    social: [
      [0, 1, 2, 3],
      [1, 0, 3, 2],
    ],
  });

describe('models', () => {
  beforeAll(async () => {
    await initBackend({ preferred: 'cpu' });
  });

  it('LightGCN is deterministic for a seed, keeps tf.memory stable and exports plain arrays', async () => {
    const data = toyData(1);
    const before = tf.memory().numTensors;
    const opts = { layers: 2, dim: 8, epochs: 4, evalEvery: 2, batchSize: 32, socialWeight: 0.3, learningRate: 0.05 };
    const a = new LightGcn('lightgcn', opts);
    await a.fit(data, { seed: 5, log: () => undefined });
    expect(tf.memory().numTensors).toBe(before);
    const b = new LightGcn('lightgcn', opts);
    await b.fit(data, { seed: 5, log: () => undefined });
    const ea = a.embeddings();
    expect(ea.users).toBeInstanceOf(Float32Array);
    expect(ea.users.length).toBe(24 * 8);
    expect(ea.items.length).toBe(40 * 8);
    expect(Array.from(ea.items)).toEqual(Array.from(b.embeddings().items));
    const c = new LightGcn('lightgcn', opts);
    await c.fit(data, { seed: 6, log: () => undefined });
    expect(Array.from(c.embeddings().items)).not.toEqual(Array.from(ea.items));
    expect(a.score(Int32Array.of(0, 1)).length).toBe(80);
  });

  it('LightGCN on a plateau goes back to its best epoch before lowering the learning rate', async () => {
    const data = toyData(3);
    const before = tf.memory().numTensors;
    // Validation scripted to peak at the first evaluation; decay factor 0 freezes training after
    // the plateau, so the third evaluation must see exactly the first evaluation's parameters.
    const script = [0.5, 0.1, 0.1, 0.1];
    const seen: number[][] = [];
    const lines: string[] = [];
    const m = new LightGcn('lightgcn', {
      layers: 2,
      dim: 8,
      epochs: 10,
      evalEvery: 1,
      patience: 1,
      batchSize: 32,
      learningRate: 0.05,
      lrDecays: 1,
      lrDecayFactor: 0,
    });
    await m.fit(data, {
      seed: 1,
      log: (l) => lines.push(l),
      validate: (score) => {
        seen.push(Array.from(score(Int32Array.of(0, 5))));
        return script[seen.length - 1]!;
      },
    });
    expect(seen).toHaveLength(3);
    expect(lines.some((l) => l.includes('plateau at epoch 2'))).toBe(true);
    expect(seen[1]).not.toEqual(seen[0]);
    expect(seen[2]).toEqual(seen[0]);
    expect(Array.from(m.score(Int32Array.of(0, 5)))).toEqual(seen[0]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('LightGCN learns the block structure of a toy graph better than chance', async () => {
    const data = toyData(2);
    const m = new LightGcn('lightgcn', {
      layers: 2,
      dim: 8,
      epochs: 30,
      evalEvery: 30,
      batchSize: 64,
      learningRate: 0.05,
    });
    await m.fit(data, { seed: 1, log: () => undefined });
    const s = m.score(Int32Array.of(0));
    // User 0 belongs to block 0 (items 0–9): mean score there beats the other blocks.
    const mean = (a: number, b: number) => Array.from(s.slice(a, b)).reduce((x, y) => x + y, 0) / (b - a);
    expect(mean(0, 10)).toBeGreaterThan(mean(10, 40));
  });

  it('recursive block inverse matches the Cholesky inverse', () => {
    const n = 150;
    const rng = createRng(3);
    const x = Array.from({ length: n * 40 }, () => (rng.next() < 0.1 ? 1 : 0));
    const g = new Float64Array(n * n);
    for (let a = 0; a < n; a++)
      for (let b = 0; b < n; b++) {
        let s = 0;
        for (let u = 0; u < 40; u++) s += x[u * n + a]! * x[u * n + b]!;
        g[a * n + b] = s + (a === b ? 10 : 0);
      }
    const ref = spdInverse(g.slice(), n);
    const got = spdInverseTf(Float32Array.from(g), n, 32);
    for (let k = 0; k < n * n; k++) expect(Math.abs(got[k]! - ref[k]!)).toBeLessThan(1e-5);
  });

  it('EASE has a zero diagonal and item-kNN scores co-engaged items', async () => {
    const data = toyData(4);
    const ease = fitEase(data, { lambda: 5, minUsers: 2 });
    const m = ease.items.length;
    for (let c = 0; c < m; c++) expect(ease.weights[c * m + c]).toBe(0);
    const knn = new ItemKnn({ neighbours: 5 });
    await knn.fit(data, { seed: 1, log: () => undefined });
    const s = knn.score(Int32Array.of(1));
    const block = (a: number, b: number) => Array.from(s.slice(a, b)).reduce((x, y) => x + y, 0);
    expect(block(10, 20)).toBeGreaterThan(block(0, 10) + block(20, 40));
  });

  it("EASE's dropout penalises each item by p/(1−p) of its Gram diagonal, as EDLAE (0: plain EASE)", () => {
    const data = toyData(6);
    const lambda = 5;
    const dropout = 0.4;
    const fit = fitEase(data, { lambda, dropout, minUsers: 2 });
    const m = fit.items.length;
    const g = referenceGram(data, fit.position, m);
    for (let a = 0; a < m; a++) g[a * m + a]! += lambda + (dropout / (1 - dropout)) * g[a * m + a]!;
    expectEase(fit.weights, g, m);
    const plain = fitEase(data, { lambda, minUsers: 2 });
    expect(Array.from(fitEase(data, { lambda, dropout: 0, minUsers: 2 }).weights)).toEqual(Array.from(plain.weights));
    expect(Array.from(fit.weights)).not.toEqual(Array.from(plain.weights));
  });

  it("EASE's tags are extra rows of X, ln(1 + the item's assignments of the tag) each, scaled by tagWeight", () => {
    const base = toyData(7);
    const model = fitEase(base, { minUsers: 2 });
    const inModel = Array.from(model.items);
    const outside = base.itemUsers.offsets.findIndex(
      (o, i) => i < base.numItems && base.itemUsers.offsets[i + 1]! - o < 2,
    );
    expect(outside).toBeGreaterThanOrEqual(0);
    // Tag 0 on three model items, twice on the first; tag 1 on two others and on an item outside the model.
    const [a, b, c, d, e] = inModel;
    const data: TrainData = {
      ...base,
      itemTags: {
        item: Int32Array.of(a!, a!, b!, c!, d!, e!, outside),
        tag: Int32Array.of(0, 0, 0, 0, 1, 1, 1),
        numTags: 2,
      },
    };
    const lambda = 5;
    const tagWeight = 3;
    const fit = fitEase(data, { lambda, tagWeight, minUsers: 2 });
    const m = fit.items.length;
    const g = referenceGram(data, fit.position, m);
    const rows: [number, number][][] = [
      [
        [a!, Math.log(3)],
        [b!, Math.log(2)],
        [c!, Math.log(2)],
      ],
      [
        [d!, Math.log(2)],
        [e!, Math.log(2)],
      ],
    ];
    for (const row of rows)
      for (const [i, ti] of row)
        for (const [j, tj] of row) g[fit.position[i]! * m + fit.position[j]!]! += tagWeight * ti * tj;
    for (let k = 0; k < m; k++) g[k * m + k]! += lambda;
    expectEase(fit.weights, g, m);
    expect(Array.from(fitEase(data, { lambda, tagWeight: 0, minUsers: 2 }).weights)).toEqual(
      Array.from(fitEase(base, { lambda, minUsers: 2 }).weights),
    );
  });

  it("EASE's X holds each user's profile weights with gramGamma (the mean over all the user's items; 0: binary)", () => {
    const data = toyTrainData(8, { users: 24, weight: (k) => 0.5 + ((k * 7) % 5) * 0.6 });
    const lambda = 5;
    const gramGamma = 0.5;
    const fit = fitEase(data, { lambda, gramGamma, minUsers: 2 });
    const m = fit.items.length;
    const { offsets, targets, weights } = data.userItems;
    const g = new Float64Array(m * m);
    let outsideRows = 0;
    for (let u = 0; u < data.numUsers; u++) {
      const ks = Array.from({ length: offsets[u + 1]! - offsets[u]! }, (_, e) => offsets[u]! + e);
      const mean = ks.reduce((sum, k) => sum + weights[k]!, 0) / ks.length;
      const inModel = ks.filter((k) => fit.position[targets[k]!]! >= 0);
      if (inModel.length < ks.length) outsideRows++;
      const x = (k: number): number => Math.max(PROFILE_FLOOR, 1 + gramGamma * (weights[k]! - mean));
      for (const a of inModel)
        for (const b of inModel) g[fit.position[targets[a]!]! * m + fit.position[targets[b]!]!]! += x(a) * x(b);
    }
    // Some user's mean counts an item outside the model: the mean is over the user's items, not the model's.
    expect(outsideRows).toBeGreaterThan(0);
    for (let k = 0; k < m; k++) g[k * m + k]! += lambda;
    expectEase(fit.weights, g, m);
    const binary = referenceGram(data, fit.position, m);
    for (let k = 0; k < m; k++) binary[k * m + k]! += lambda;
    expectEase(fitEase(data, { lambda, gramGamma: 0, minUsers: 2 }).weights, binary, m);
    expect(Array.from(fit.weights)).not.toEqual(Array.from(fitEase(data, { lambda, minUsers: 2 }).weights));
  });

  it("EASE's popularity damping multiplies column j by its training users^−β (0: as fitted)", () => {
    const data = toyData(9);
    const plain = fitEase(data, { lambda: 5, minUsers: 2 });
    const damped = fitEase(data, { lambda: 5, popDamping: 0.3, minUsers: 2 });
    const m = plain.items.length;
    const users = (i: number): number => data.itemUsers.offsets[i + 1]! - data.itemUsers.offsets[i]!;
    expect(new Set(Array.from(plain.items, users)).size).toBeGreaterThan(1);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < m; j++) {
        const want = plain.weights[i * m + j]! * users(plain.items[j]!) ** -0.3;
        expect(damped.weights[i * m + j]).toBeCloseTo(want, 6);
      }
    expect(Array.from(fitEase(data, { lambda: 5, popDamping: 0, minUsers: 2 }).weights)).toEqual(
      Array.from(plain.weights),
    );
  });
});

/** XᵀX over the model items (position ≥ 0), in float64: the reference the fits are checked against. */
function referenceGram(data: TrainData, position: Int32Array, m: number): Float64Array {
  const g = new Float64Array(m * m);
  for (let u = 0; u < data.numUsers; u++) {
    const cols: number[] = [];
    for (let k = data.userItems.offsets[u]!; k < data.userItems.offsets[u + 1]!; k++) {
      const p = position[data.userItems.targets[k]!]!;
      if (p >= 0) cols.push(p);
    }
    for (const a of cols) for (const b of cols) g[a * m + b]! += 1;
  }
  return g;
}

/** B_ij = −P_ij / P_jj off the diagonal, 0 on it, for P = g⁻¹. */
function expectEase(weights: Float32Array, g: Float64Array, m: number): void {
  const p = spdInverse(g, m);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < m; j++) {
      const want = i === j ? 0 : -p[i * m + j]! / p[j * m + j]!;
      expect(Math.abs(weights[i * m + j]! - want)).toBeLessThan(1e-4);
    }
}
