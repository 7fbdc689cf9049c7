import * as tf from '@tensorflow/tfjs';
import { BadInputError } from '../../../src/domain/errors';
import { buildCsr, transposeCsr } from '../../../src/graph/csr';
import { initBackend } from '../../../src/models/backend';
import { LightGcn } from '../../../src/models/lightgcn';
import { COLD_SHARE_GRID, GraphText, infoNce, unitRows } from '../../../src/models/graph-text/graph-text';
import { matMul } from '../../../src/models/graph-text/matmul';
import {
  parseProjection,
  projectText,
  scaleProjection,
  serializeProjection,
} from '../../../src/models/graph-text/projection';
import { createTextTower } from '../../../src/models/graph-text/text-tower';
import { createRng } from '../../../src/models/random';
import type { TrainData } from '../../../src/models/types';

/**
 * Two tastes: users 0–11 engage with items 0–9 ("space" texts), users 12–23 with items 10–19
 * ("cooking" texts). Items 20–23 have no interactions (cold): 20, 21 are space texts, 22, 23 cooking.
 */
function twoTastes(seed: number): { data: TrainData; vectors: Float32Array[] } {
  const rng = createRng(seed);
  const nu = 24;
  const ni = 24;
  const u: number[] = [];
  const i: number[] = [];
  for (let user = 0; user < nu; user++) {
    const base = user < 12 ? 0 : 10;
    const picked = new Set<number>();
    while (picked.size < 5) picked.add(base + rng.int(10));
    for (const item of picked) {
      u.push(user);
      i.push(item);
    }
  }
  const userItems = buildCsr(nu, ni, Int32Array.from(u), Int32Array.from(i));
  userItems.weights.fill(1);
  const social = buildCsr(nu, nu, new Int32Array(0), new Int32Array(0));
  const topic = (item: number): number => (item < 10 || item === 20 || item === 21 ? 0 : 1);
  const vectors = Array.from({ length: ni }, (_, item) => {
    const v = new Float32Array(8);
    for (let c = 0; c < 8; c++) v[c] = 0.3 * (rng.next() - 0.5);
    v[topic(item)]! += 1;
    return v;
  });
  const itemTexts = Array.from({ length: ni }, (_, item) =>
    topic(item) === 0 ? `space film ${item}` : `cooking show ${item}`,
  );
  return {
    data: {
      numUsers: nu,
      numItems: ni,
      userItems,
      itemUsers: transposeCsr(userItems),
      social,
      itemTexts,
      itemTextVectors: vectors,
    },
    vectors,
  };
}

const OPTIONS = {
  gcn: {
    dim: 8,
    layers: 2,
    socialWeight: 0,
    learningRate: 0.05,
    reg: 1e-4,
    batchSize: 64,
    epochs: 30,
    patience: 100,
    evalEvery: 30,
    lrDecays: 0,
    lrDecayFactor: 0.5,
    negCandidates: 1,
  },
  hidden: 8,
  textDropout: 0.5,
  alignWeight: 0.1,
  temperature: 0.2,
  alignItems: 16,
  towerDecay: 1e-5,
  coldScale: 1,
  coldScaleGrid: [] as number[],
};

describe('graph-text', () => {
  beforeAll(async () => {
    await initBackend({ preferred: 'cpu' });
  });

  test("places cold items by their text alone: each taste ranks its own topic's new items first", async () => {
    const { data } = twoTastes(1);
    const before = tf.memory().numTensors;
    const m = new GraphText(OPTIONS);
    await m.fit(data, { seed: 3, log: () => undefined });
    expect(tf.memory().numTensors).toBe(before);
    const state = m.state();
    expect(Array.from(state.textPlaced.slice(20))).toEqual([1, 1, 1, 1]);
    expect(state.textPlaced.slice(0, 20).every((x) => x === 0)).toBe(true);
    const scores = m.score(Int32Array.of(0, 12));
    const n = data.numItems;
    const cold = (row: number, item: number): number => scores[row * n + item]!;
    // A space fan scores the space uploads above the cooking ones, and the cooking fan the reverse.
    expect(Math.min(cold(0, 20), cold(0, 21))).toBeGreaterThan(Math.max(cold(0, 22), cold(0, 23)));
    expect(Math.min(cold(1, 22), cold(1, 23))).toBeGreaterThan(Math.max(cold(1, 20), cold(1, 21)));
  });

  test('is deterministic for a seed, and the served vectors of cold items are projectText of their text', async () => {
    const { data, vectors } = twoTastes(2);
    const a = new GraphText({ ...OPTIONS, gcn: { ...OPTIONS.gcn, epochs: 4, evalEvery: 2 } });
    const b = new GraphText({ ...OPTIONS, gcn: { ...OPTIONS.gcn, epochs: 4, evalEvery: 2 } });
    await a.fit(data, { seed: 5, log: () => undefined });
    await b.fit(data, { seed: 5, log: () => undefined });
    expect(Array.from(a.embeddings().items)).toEqual(Array.from(b.embeddings().items));
    const s = a.state();
    const norm = Math.hypot(...vectors[22]!);
    const projected = projectText(
      s.projection,
      vectors[22]!.map((x) => x / norm),
    );
    const served = s.items.slice(22 * s.dim, 23 * s.dim);
    projected.forEach((x, c) => expect(x).toBeCloseTo(served[c]!, 4));
  });

  test('the text objectives never move the graph: users and warm items are the same whatever their weights', async () => {
    const { data } = twoTastes(5);
    const short = { ...OPTIONS, gcn: { ...OPTIONS.gcn, epochs: 3, evalEvery: 3 } };
    const a = new GraphText({ ...short, alignWeight: 0, regressWeight: 0 });
    const b = new GraphText({ ...short, alignWeight: 1, regressWeight: 5 });
    await a.fit(data, { seed: 2, log: () => undefined });
    await b.fit(data, { seed: 2, log: () => undefined });
    expect(Array.from(b.state().users)).toEqual(Array.from(a.state().users));
    expect(Array.from(b.state().items.slice(0, 20 * 8))).toEqual(Array.from(a.state().items.slice(0, 20 * 8)));
    expect(Array.from(b.state().items.slice(20 * 8))).not.toEqual(Array.from(a.state().items.slice(20 * 8)));
  });

  test('its graph is LightGCN alone, draw for draw: same seed, same user and warm item vectors', async () => {
    const { data } = twoTastes(8);
    const gcn = { ...OPTIONS.gcn, epochs: 4, evalEvery: 4, negCandidates: 3, lrDecays: 0 };
    const alone = new LightGcn('lightgcn', gcn);
    await alone.fit(data, { seed: 9, log: () => undefined });
    const joint = new GraphText({ ...OPTIONS, gcn });
    await joint.fit(data, { seed: 9, log: () => undefined });
    const a = alone.embeddings();
    const b = joint.state();
    b.users.forEach((x, k) => expect(x).toBeCloseTo(a.users[k]!, 5));
    b.items.slice(0, 20 * 8).forEach((x, k) => expect(x).toBeCloseTo(a.items[k]!, 5));
  });

  test('γ (coldScale) is chosen on validation from the grid and scales the cold items and the stored projection alike', async () => {
    const { data, vectors } = twoTastes(4);
    const opts = {
      ...OPTIONS,
      gcn: { ...OPTIONS.gcn, epochs: 2, evalEvery: 2 },
      coldScaleGrid: [0.25, 0.5, 1, 2, 4, 8],
    };
    const plain = new GraphText(opts);
    await plain.fit(data, { seed: 7, log: () => undefined });
    // One validation during training (text-placed items in, then buried), then one per γ: the scripted peak is at γ = 4.
    const script = [0.1, 0.1, 0.1, 0.2, 0.3, 0.4, 0.9, 0.1];
    let calls = 0;
    const lines: string[] = [];
    const tuned = new GraphText(opts);
    await tuned.fit(data, { seed: 7, log: (l) => lines.push(l), validate: () => script[calls++]! });
    expect(calls).toBe(8);
    expect(lines).toContain('graph-text: cold scale γ = 4');
    const a = plain.state();
    const b = tuned.state();
    for (let i = 0; i < data.numItems; i++) {
      const f = a.textPlaced[i] ? 4 : 1;
      for (let c = 0; c < a.dim; c++) expect(b.items[i * a.dim + c]).toBeCloseTo(f * a.items[i * a.dim + c]!, 5);
    }
    const t = vectors[21]!.map((x) => x / Math.hypot(...vectors[21]!));
    projectText(b.projection, t).forEach((x, c) => expect(x).toBeCloseTo(b.items[21 * b.dim + c]!, 4));
    expect(() => new GraphText({ coldScaleGrid: [1, -1] })).toThrow(/coldScaleGrid/);
    expect(() => new GraphText({ coldScale: 0 })).toThrow(/coldScale/);
  });

  test('γ = 0 in the grid buries the items without training interactions when validation prefers it (the warm protocol)', async () => {
    const { data } = twoTastes(4);
    const opts = { ...OPTIONS, gcn: { ...OPTIONS.gcn, epochs: 2, evalEvery: 2 }, coldScaleGrid: [0, 0.5, 1] };
    const script = [0.1, 0.1, 0.5, 0.4, 0.3];
    let calls = 0;
    const lines: string[] = [];
    const tuned = new GraphText(opts);
    // Early stopping sees the text-placed items in (γ = 1), then buried (γ = 0): the better of the two.
    const trainingScores: Float32Array[] = [];
    await tuned.fit(data, {
      seed: 7,
      log: (l) => lines.push(l),
      validate: (score) => {
        if (calls < 2) trainingScores.push(score(Int32Array.of(0)));
        return script[calls++]!;
      },
    });
    expect(lines).toContain('graph-text: cold scale γ = 0');
    const b = tuned.state();
    const placedItems = [...b.textPlaced.keys()].filter((i) => b.textPlaced[i]);
    expect(placedItems.some((i) => trainingScores[0]![i] !== 0)).toBe(true);
    expect(placedItems.every((i) => trainingScores[1]![i] === 0)).toBe(true);
    expect(b.textPlaced.some((x) => x === 1)).toBe(true);
    for (let i = 0; i < data.numItems; i++)
      if (b.textPlaced[i]) for (let c = 0; c < b.dim; c++) expect(Math.abs(b.items[i * b.dim + c]!)).toBe(0);
    expect(b.items.some((x) => x !== 0)).toBe(true);
  });

  test('with cold shares in validation (full-feed), γ is the smallest that lifts the cold share of the top K to coldShareFloor × their held-out share', async () => {
    const { data } = twoTastes(6);
    const opts = { ...OPTIONS, gcn: { ...OPTIONS.gcn, epochs: 2, evalEvery: 2 }, coldShareFloor: 0.5 };
    const base = new GraphText(opts);
    await base.fit(data, { seed: 4, log: () => undefined });
    const users = Int32Array.from({ length: 24 }, (_, u) => u);
    // Share of the 4 cold items (20–23) in each user's top 8 of the unengaged items.
    const coldShare = (scores: Float32Array): number => {
      let cold = 0;
      for (let r = 0; r < users.length; r++) {
        const engaged = new Set(
          Array.from(data.userItems.targets.subarray(data.userItems.offsets[r]!, data.userItems.offsets[r + 1]!)),
        );
        const order = Array.from({ length: 24 }, (_, i) => i)
          .filter((i) => !engaged.has(i))
          .sort((a, b) => scores[r * 24 + b]! - scores[r * 24 + a]! || a - b);
        cold += order.slice(0, 8).filter((i) => i >= 20).length;
      }
      return cold / (8 * users.length);
    };
    const metrics = (scorer: (u: Int32Array) => Float32Array) => ({
      'ndcg@10': 0,
      'cold-share@20': coldShare(scorer(users)),
      'cold-relevant-share': 0.6,
    });
    const lines: string[] = [];
    const tuned = new GraphText(opts);
    await tuned.fit(data, { seed: 4, log: (l) => lines.push(l), validate: () => 0, validateMetrics: metrics });
    const gamma = COLD_SHARE_GRID.find((g) =>
      lines.some((l) => l.startsWith(`graph-text: cold scale γ = ${g.toFixed(4)} `)),
    )!;
    expect(gamma).toBeGreaterThan(0);
    const at = (g: number): number => {
      const s = base.state();
      const items = s.items.map((x, k) => (s.textPlaced[Math.floor(k / s.dim)] ? x * g : x));
      return coldShare(scoreEmbeddingsPlain(s.users, items, s.dim, users));
    };
    expect(COLD_SHARE_GRID).toContain(gamma);
    expect(at(gamma)).toBeGreaterThanOrEqual(0.3);
    for (const g of COLD_SHARE_GRID.filter((x) => x < gamma)) expect(at(g)).toBeLessThan(0.3);
    expect(coldShare(tuned.score(users))).toBeCloseTo(at(gamma), 6);
  });

  test('reads text through FitContext.textEncoder when TrainData has no vectors, and says what is missing', async () => {
    const { data, vectors } = twoTastes(3);
    const { itemTextVectors: _v, ...noVectors } = data;
    const texts: string[][] = [];
    const m = new GraphText({ ...OPTIONS, gcn: { ...OPTIONS.gcn, epochs: 2, evalEvery: 2 } });
    await m.fit(noVectors, {
      seed: 1,
      log: () => undefined,
      textEncoder: { modelId: 'toy', embed: async (t) => (texts.push(t), vectors) },
    });
    expect(texts).toEqual([data.itemTexts]);
    await expect(new GraphText(OPTIONS).fit(noVectors, { seed: 1, log: () => undefined })).rejects.toThrow(
      BadInputError,
    );
    const { itemTexts: _t, ...noText } = noVectors;
    await expect(new GraphText(OPTIONS).fit(noText, { seed: 1, log: () => undefined })).rejects.toThrow(
      /one text per item/,
    );
    expect(() => new GraphText({ textDropout: 1.5 })).toThrow(BadInputError);
    expect(() => new GraphText({ temperature: 0.001 })).toThrow(/temperature/);
  });
});

describe('text tower', () => {
  beforeAll(async () => {
    await initBackend({ preferred: 'cpu' });
  });

  test.each([0, 5])(
    'projectText (plain JS) equals the tfjs tower, hidden = %i; weights survive serialisation',
    (hidden) => {
      const tower = createTextTower(6, hidden, 3, createRng(1));
      // Non-zero biases, so they are exercised too.
      tower.variables.forEach((v, k) => tf.tidy(() => v.assign(tf.add(v, tf.fill(v.shape, 0.05 * (k + 1))))));
      const x = Float32Array.from([0.1, -0.4, 0.7, 0, 0.2, -0.3]);
      const viaTf = tf.tidy(() =>
        tower
          .apply(tf.tensor2d(x, [1, 6]))
          .dataSync()
          .slice(),
      );
      const p = tower.read();
      const viaJs = projectText(p, x);
      viaJs.forEach((y, c) => expect(y).toBeCloseTo(viaTf[c]!, 5));
      const back = parseProjection(serializeProjection(p));
      expect(Array.from(projectText(back, x))).toEqual(Array.from(viaJs));
      expect(() => projectText(p, new Float32Array(5))).toThrow(BadInputError);
      projectText(scaleProjection(p, 3), x).forEach((y, c) => expect(y).toBeCloseTo(3 * viaJs[c]!, 5));
      tf.dispose(tower.variables);
    },
  );

  test('a stored projection that does not fit is refused naming the field', () => {
    const p = JSON.parse(serializeProjection(createTextTower(4, 0, 2, createRng(2)).read())) as Record<string, unknown>;
    expect(() => parseProjection(JSON.stringify({ ...p, w1: [1, 2] }))).toThrow(/projection\.w1 must hold 8 numbers/);
    expect(() => parseProjection(JSON.stringify({ ...p, dim: -1 }))).toThrow(/projection\.dim/);
  });

  test('matMul and infoNce have the gradients of their plain formulas', () => {
    const a = tf.tensor2d([
      [1, 2],
      [3, 4],
      [0.5, -1],
    ]);
    const b = tf.tensor2d([
      [0.2, -0.1, 0.4],
      [0.3, 0.5, -0.2],
    ]);
    const fast = tf.grads((x, y) => tf.sum(tf.square(matMul(x as tf.Tensor2D, y as tf.Tensor2D))))([a, b]);
    const plain = tf.grads((x, y) => tf.sum(tf.square(tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D))))([a, b]);
    fast.forEach((g, k) =>
      expect(Array.from(g.dataSync())).toEqual(Array.from(plain[k]!.dataSync()).map((v) => expect.closeTo(v, 5))),
    );
    // InfoNCE: lower when rows match their partners than when they are shuffled.
    const c = tf.tensor2d([
      [1, 0],
      [0, 1],
      [0.7, 0.7],
    ]);
    const matched = infoNce(c, c, 0.5).dataSync()[0]!;
    const shuffled = infoNce(c, tf.gather(c, [1, 2, 0]) as tf.Tensor2D, 0.5).dataSync()[0]!;
    expect(matched).toBeLessThan(shuffled);
    const probs = [0, 1, 2].map(
      (k) => Math.exp(1 / 0.5) / [0, 1, 2].reduce((s, j) => s + Math.exp(cos(c, k, j) / 0.5), 0),
    );
    expect(matched).toBeCloseTo(-probs.reduce((s, p) => s + Math.log(p), 0) / 3, 4);
    tf.dispose([a, b, c, ...fast, ...plain]);
  });

  test('a zero row (a tower output all cut by its ReLU) leaves InfoNCE and its gradients finite', () => {
    const a = tf.tensor2d([
      [0, 0],
      [0.3, 0.9],
      [0.7, -0.2],
    ]);
    const b = tf.tensor2d([
      [0.5, 0.1],
      [0.2, 0.8],
      [0.6, -0.4],
    ]);
    const [ga, gb] = tf.grads((x, y) => infoNce(x as tf.Tensor2D, y as tf.Tensor2D, 0.5))([a, b]);
    expect(Number.isFinite(infoNce(a, b, 0.5).dataSync()[0]!)).toBe(true);
    for (const g of [ga!, gb!]) expect(Array.from(g.dataSync()).every(Number.isFinite)).toBe(true);
    expect(Array.from(ga!.dataSync()).slice(0, 2)).toEqual([0, 0]);
    // Other rows: each over its length, as before.
    expect(Array.from(unitRows(a).dataSync()).slice(2)).toEqual(
      [0.3, 0.9]
        .map((v) => expect.closeTo(v / Math.hypot(0.3, 0.9), 6))
        .concat([0.7, -0.2].map((v) => expect.closeTo(v / Math.hypot(0.7, -0.2), 6))),
    );
    tf.dispose([a, b, ga!, gb!]);
  });
});

function cos(t: tf.Tensor2D, i: number, j: number): number {
  const v = t.arraySync();
  const x = v[i]!;
  const y = v[j]!;
  return (x[0]! * y[0]! + x[1]! * y[1]!) / (Math.hypot(x[0]!, x[1]!) * Math.hypot(y[0]!, y[1]!));
}

function scoreEmbeddingsPlain(u: Float32Array, items: Float32Array, d: number, users: Int32Array): Float32Array {
  const n = items.length / d;
  const out = new Float32Array(users.length * n);
  users.forEach((user, r) => {
    for (let i = 0; i < n; i++) for (let c = 0; c < d; c++) out[r * n + i]! += u[user * d + c]! * items[i * d + c]!;
  });
  return out;
}
