import { DEFAULT_RANKER } from '../../../src/ranking/default-ranker';
import { FEATURE_INDEX, FEATURE_NAMES, NUM_FEATURES } from '../../../src/ranking/features';
import {
  deserializeRanker,
  logLoss,
  parseRanker,
  scoreRows,
  serializeRanker,
  trainRanker,
} from '../../../src/ranking/ranker';
import { createRng } from '../../../src/models/random';

/** Positives have feature 3 high and feature 0 low; other features are noise. */
function toy(n: number, seed: number) {
  const rng = createRng(seed);
  const rows = new Float32Array(n * NUM_FEATURES);
  const labels = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    const y = r % 5 === 0 ? 1 : 0;
    labels[r] = y;
    for (let f = 0; f < NUM_FEATURES; f++) rows[r * NUM_FEATURES + f] = 10 * rng.next() + 100;
    rows[r * NUM_FEATURES + 3] = (y ? 2 : -2) + rng.next();
    rows[r * NUM_FEATURES + 0] = (y ? -1 : 1) * 50 + rng.next();
  }
  return { rows, labels };
}

describe('logistic fusion ranker', () => {
  it('learns a separable toy problem: every positive outranks every negative', () => {
    const { rows, labels } = toy(400, 1);
    const m = trainRanker(rows, labels, { epochs: 200 });
    expect(m.weights[3]).toBeGreaterThan(0);
    expect(m.weights[0]).toBeLessThan(0);
    const test = toy(200, 2);
    const s = scoreRows(m, test.rows);
    let minPos = Infinity;
    let maxNeg = -Infinity;
    test.labels.forEach((y, r) => (y ? (minPos = Math.min(minPos, s[r]!)) : (maxNeg = Math.max(maxNeg, s[r]!))));
    expect(minPos).toBeGreaterThan(maxNeg);
    expect(logLoss(m, test.rows, test.labels)).toBeLessThan(0.1);
  });
  it('keeps fallback weights for features that were constant in training', () => {
    const { rows, labels } = toy(200, 4);
    for (let r = 0; r < 200; r++) rows[r * NUM_FEATURES + 2] = 0; // no queries in training
    const m = trainRanker(rows, labels, { epochs: 50, fallback: DEFAULT_RANKER });
    expect(m.weights[2]).toBe(DEFAULT_RANKER.weights[2]);
    expect(m.std[2]).toBe(DEFAULT_RANKER.std[2]);
    expect(m.weights[3]).not.toBe(DEFAULT_RANKER.weights[3]);
  });
  it('reads a ranker stored before the blend feature: weight 0 for it, the same order as before', () => {
    const { rows, labels } = toy(100, 5);
    const m = trainRanker(rows, labels, { epochs: 20 });
    const old = {
      ...m,
      features: m.features.slice(0, -1),
      mean: m.mean.slice(0, -1),
      std: m.std.slice(0, -1),
      weights: m.weights.slice(0, -1),
    };
    const back = parseRanker(JSON.parse(JSON.stringify(old)));
    expect(back.features).toEqual([...FEATURE_NAMES]);
    expect(back.weights[FEATURE_INDEX.blend]).toBe(0);
    expect(back.std[FEATURE_INDEX.blend]).toBe(1);
    const without = { ...m, weights: m.weights.map((w, f) => (f === FEATURE_INDEX.blend ? 0 : w)) };
    expect(Array.from(scoreRows(back, rows))).toEqual(Array.from(scoreRows(without, rows)));
    // Not a prefix of today's features, or a feature never added: still refused.
    expect(() => parseRanker({ ...old, features: ['content', ...old.features.slice(1)] })).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'ranker.features' }),
    );
    expect(() =>
      parseRanker({ ...old, features: old.features.slice(0, -1), weights: old.weights.slice(0, -1) }),
    ).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });
  it('keeps its blend weights through JSON and refuses bad ones', () => {
    const { rows, labels } = toy(100, 6);
    const m = { ...trainRanker(rows, labels, { epochs: 5 }), blend: { walk: 0.5, graph: 6, social: 0.25 } };
    expect(deserializeRanker(serializeRanker(m)).blend).toEqual({ walk: 0.5, graph: 6, social: 0.25 });
    // A ranker stored before the blend had a social part reads it as 0.
    expect(parseRanker({ ...m, blend: { walk: 0.5, graph: 6 } }).blend).toEqual({ walk: 0.5, graph: 6, social: 0 });
    expect(() => parseRanker({ ...m, blend: { walk: -1, graph: 2 } })).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'ranker.blend' }),
    );
  });
  it('round-trips through JSON and rejects malformed models', () => {
    const { rows, labels } = toy(100, 3);
    const m = trainRanker(rows, labels, { epochs: 20 });
    const back = deserializeRanker(serializeRanker(m));
    expect(Array.from(scoreRows(back, rows))).toEqual(Array.from(scoreRows(m, rows)));
    expect(() => parseRanker({ ...m, weights: [1] })).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    expect(() => parseRanker({ ...m, kind: 'mlp' })).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    expect(() => trainRanker(rows, new Uint8Array(100), {})).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT' }),
    );
  });
});
