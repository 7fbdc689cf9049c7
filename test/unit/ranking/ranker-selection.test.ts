import { DEFAULT_RANKER } from '../../../src/ranking/default-ranker';
import { FEATURE_INDEX, NUM_FEATURES } from '../../../src/ranking/features';
import type { RankerModel } from '../../../src/ranking/ranker';
import {
  listConstantFeatures,
  listNdcg,
  safeChoice,
  selectRanker,
  surelyBetter,
  userRanges,
  withBlendBoost,
  type CandidateLists,
} from '../../../src/ranking/ranker-selection';

/** 80 users × 40 candidates (item k of each list is item k); positives are the last items, so ties broken by item id rank them last. */
function lists(feature: (label: number, noise: () => number) => number[]): CandidateLists {
  let s = 11;
  const rnd = (): number => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const rows: number[] = [];
  const labels: number[] = [];
  const users: number[] = [];
  const items: number[] = [];
  for (let u = 0; u < 80; u++)
    for (let k = 0; k < 40; k++) {
      const label = k >= 36 ? 1 : 0;
      rows.push(...feature(label, rnd));
      labels.push(label);
      users.push(u);
      items.push(k);
    }
  return {
    rows: Float32Array.from(rows),
    labels: Uint8Array.from(labels),
    rowUsers: Int32Array.from(users),
    rowItems: Int32Array.from(items),
  };
}

function row(values: Partial<Record<keyof typeof FEATURE_INDEX, number>>): number[] {
  const r = new Array<number>(NUM_FEATURES).fill(0);
  for (const [name, v] of Object.entries(values)) r[FEATURE_INDEX[name as keyof typeof FEATURE_INDEX]] = v;
  return r;
}

/** A "default" that looks only at the graph feature. */
const graphOnly: RankerModel = {
  ...DEFAULT_RANKER,
  mean: new Array<number>(NUM_FEATURES).fill(0),
  std: new Array<number>(NUM_FEATURES).fill(1),
  weights: row({ graph: 1 }),
  bias: 0,
};

describe('safe selection of the served ranker', () => {
  test('list NDCG@10, ties broken by item id whatever the row order', () => {
    expect(listNdcg([3, 2, 1], [1, 0, 0], [7, 8, 9])).toBeCloseTo(1);
    expect(listNdcg([1, 2, 3], [1, 0, 0], [7, 8, 9])).toBeCloseTo(1 / Math.log2(4));
    expect(listNdcg([1, 1, 1], [1, 0, 0], [9, 8, 7])).toBeCloseTo(1 / Math.log2(4));
    expect(listNdcg([1, 1, 1], [0, 0, 1], [9, 8, 7])).toBeCloseTo(1);
    expect(listNdcg([1, 2], [0, 0], [1, 2])).toBeUndefined();
  });

  test("a feature that ties within each list does not borrow the candidates' row order", () => {
    // socialCount is 0 for even users, 1 for odd ones: it varies, but never within a list. The positives
    // are each list's first rows, with its highest item ids: by item id they rank last (NDCG@10 0), by
    // row order first (1).
    const data = lists((_, noise) => row({ graph: noise() }));
    data.labels = Uint8Array.from(data.labels, (_, r) => (r % 40 < 4 ? 1 : 0));
    data.rowItems = Int32Array.from(data.rowItems, (k) => 39 - k);
    for (let r = 0; r < data.labels.length; r++)
      data.rows[r * NUM_FEATURES + FEATURE_INDEX.socialCount] = data.rowUsers[r]! % 2;
    const sel = selectRanker(data, { seed: 1, negativesPerUser: 20, fallback: graphOnly, train: { epochs: 0 } });
    expect(sel.ndcg['feature:socialCount']).toBe(0);
  });

  test('a ranker that learned nothing is not served: the best single feature is', () => {
    const data = lists((label, noise) => row({ graph: noise(), pagerank: label + 0.8 * noise(), recency: noise() }));
    const sel = selectRanker(data, { seed: 1, negativesPerUser: 20, fallback: graphOnly, train: { epochs: 0 } });
    expect(sel.chosen).toBe('feature:pagerank');
    expect(sel.ndcg['feature:pagerank']!).toBeGreaterThan(sel.ndcg.trained!);
    expect(sel.ndcg['feature:pagerank']!).toBeGreaterThan(sel.ndcg.default!);
    expect(sel.model.weights[FEATURE_INDEX.pagerank]).toBe(1);
    expect(sel.model.meta?.selection).toEqual({ chosen: 'feature:pagerank', ndcg: sel.ndcg });
  });

  test('a challenger is surely better when its mean gain passes margin standard errors of the paired differences', () => {
    const reference = new Map([0, 40, 80, 120].map((start) => [start, 0.5]));
    // Differences 0.1, −0.1, 0.2, −0.1: mean 0.025, standard deviation 0.15, standard error 0.075.
    const noisy = new Map([
      [0, 0.6],
      [40, 0.4],
      [80, 0.7],
      [120, 0.4],
    ]);
    expect(surelyBetter(noisy, reference, 0)).toBe(true);
    expect(surelyBetter(noisy, reference, 0.3)).toBe(true);
    expect(surelyBetter(noisy, reference, 0.4)).toBe(false);
    expect(surelyBetter(reference, noisy, 0)).toBe(false);
    // The same small gain on every list is sure at any margin.
    expect(surelyBetter(new Map([...reference].map(([k, v]) => [k, v + 0.01])), reference, 10)).toBe(true);
    expect(surelyBetter(reference, reference, 0)).toBe(false);
  });

  test('with a margin the trained ranker is left only for an option surely better than it', () => {
    // pagerank orders positives first in some lists, not in others: its gain varies from list to list.
    const data = lists((label, noise) => row({ graph: noise(), pagerank: label + 2 * noise(), recency: noise() }));
    const settings = { seed: 1, negativesPerUser: 20, fallback: graphOnly, train: { epochs: 0 } };
    const free = selectRanker(data, settings);
    expect(free.chosen).toBe('feature:pagerank');
    // pagerank alone is far ahead of the untrained ranker over 80 lists: still chosen at 2 standard errors…
    expect(selectRanker(data, { ...settings, margin: 2 }).chosen).toBe('feature:pagerank');
    // …but not at a margin no gain on these lists can pass; the scores reported are the same.
    const strict = selectRanker(data, { ...settings, margin: 1e6 });
    expect(strict.chosen).toBe('trained');
    expect(strict.ndcg).toEqual(free.ndcg);
  });

  test('with the best feature as the reference, an option must be surely better than that feature', () => {
    // pagerank alone is far ahead of the untrained ranker: at a margin nothing passes it is served, not
    // the trained ranker the default reference would keep.
    const ahead = lists((label, noise) => row({ graph: noise(), pagerank: label + 2 * noise(), recency: noise() }));
    const settings = { seed: 1, negativesPerUser: 20, fallback: graphOnly, train: { epochs: 0 }, margin: 1e6 };
    expect(selectRanker(ahead, settings).chosen).toBe('trained');
    expect(selectRanker(ahead, { ...settings, reference: 'best-feature' }).chosen).toBe('feature:pagerank');
    // A trained ranker that combines two signals is surely better than either alone, and still served.
    const both = lists((label, noise) => {
      const a = label ? 1 : noise() < 0.5 ? 1 : 0;
      const b = label ? 1 : a ? 0 : 1;
      return row({ graph: a + 0.05 * noise(), coEngagement: b + 0.05 * noise() });
    });
    const trained = { seed: 1, negativesPerUser: 20, fallback: graphOnly, train: {}, margin: 1 };
    expect(selectRanker(both, { ...trained, reference: 'best-feature' }).chosen).toBe('trained');
  });

  test('a feature scored elsewhere (cross-fitted, as the tuned blend) is judged by that score', () => {
    const data = lists((label, noise) => row({ graph: noise(), pagerank: label + 0.8 * noise(), recency: noise() }));
    const settings = { seed: 1, negativesPerUser: 20, fallback: graphOnly, train: { epochs: 0 } };
    const sel = selectRanker(data, { ...settings, featureScores: { 'feature:pagerank': new Map([[0, 0.01]]) } });
    expect(sel.ndcg['feature:pagerank']).toBe(0.01);
    expect(sel.chosen).not.toBe('feature:pagerank');
  });

  test('a trained ranker that combines signals beats each alone and is served, refitted on everyone', () => {
    // Positives need both signals: either alone ties positives with half the negatives.
    const data = lists((label, noise) => {
      const a = label ? 1 : noise() < 0.5 ? 1 : 0;
      const b = label ? 1 : a ? 0 : 1;
      return row({ graph: a + 0.05 * noise(), coEngagement: b + 0.05 * noise() });
    });
    const sel = selectRanker(data, { seed: 1, negativesPerUser: 20, fallback: graphOnly, train: {}, ablate: true });
    expect(sel.chosen).toBe('trained');
    // The ablation: either signal removed costs the ranker; a noise-free constant feature is not listed.
    expect(sel.ablation!.graph!).toBeLessThan(sel.ndcg.trained!);
    expect(sel.ablation!.coEngagement!).toBeLessThan(sel.ndcg.trained!);
    expect(Object.keys(sel.ablation!).sort()).toEqual(['coEngagement', 'graph']);
    for (const [label, v] of Object.entries(sel.ndcg))
      if (!label.startsWith('trained')) expect(sel.ndcg.trained!).toBeGreaterThan(v);
    expect(sel.ndcg['trained-centred']).toBeLessThanOrEqual(sel.ndcg.trained!); // a tie keeps the uncentred
    expect(sel.model.weights[FEATURE_INDEX.graph]!).toBeGreaterThan(0);
    expect(sel.model.weights[FEATURE_INDEX.coEngagement]!).toBeGreaterThan(0);
  });

  test('the trained rankers are also judged with their blend weight boosted, from the same fits', () => {
    const data = lists((label, noise) =>
      row({ blend: label + 2 * noise(), graph: label + 3 * noise(), coEngagement: noise() }),
    );
    const base = { seed: 1, negativesPerUser: 20, fallback: graphOnly, train: {} };
    const plain = selectRanker(data, base);
    const sel = selectRanker(data, { ...base, blendBoosts: [2] });
    // ×1 options are the same fits as without boosts; each trained ranker gains a ×2 option.
    expect(sel.ndcg.trained).toBe(plain.ndcg.trained);
    expect(sel.ndcg['trained-centred']).toBe(plain.ndcg['trained-centred']);
    expect(Object.keys(sel.ndcg).filter((k) => k.includes('×'))).toEqual([
      'trained, blend ×2',
      'trained-centred, blend ×2',
    ]);
    expect(sel.ndcg['trained, blend ×2']).not.toBe(sel.ndcg.trained);
    // Here the fit weighs the two noisy signals well: doubling the blend ranks worse, and is not served.
    expect(sel.ndcg['trained, blend ×2']).toBeLessThan(sel.ndcg.trained!);
    expect(sel.chosen).toBe(plain.chosen);
    // A boosted ranker is the fit with only its blend weight multiplied.
    const twice = withBlendBoost(plain.model, 2);
    const b = FEATURE_INDEX.blend;
    twice.weights.forEach((w, f) => expect(w).toBe(f === b ? 2 * plain.model.weights[f]! : plain.model.weights[f]));
    expect(twice.meta?.blendBoost).toBe(2);
    expect(withBlendBoost(plain.model, 1)).toBe(plain.model);
  });

  test('a feature constant within every list is not fitted: it keeps the fallback’s weight and orders nothing', () => {
    // kindPreference differs between users (odd users hold more positives) but never within a list.
    const data = lists((label, noise) => row({ graph: label + 0.8 * noise(), coEngagement: noise() }));
    data.labels = Uint8Array.from(data.labels, (y, r) => (data.rowUsers[r]! % 2 === 0 && r % 40 === 36 ? 0 : y));
    for (let r = 0; r < data.labels.length; r++)
      data.rows[r * NUM_FEATURES + FEATURE_INDEX.kindPreference] = data.rowUsers[r]! % 2 ? 0.4 : -0.4;
    expect(listConstantFeatures(data, userRanges(data))).toContain(FEATURE_INDEX.kindPreference);
    expect(listConstantFeatures(data, userRanges(data))).not.toContain(FEATURE_INDEX.graph);
    const sel = selectRanker(data, { seed: 1, negativesPerUser: 20, fallback: DEFAULT_RANKER, train: {} });
    expect(sel.chosen.startsWith('trained')).toBe(true);
    const k = FEATURE_INDEX.kindPreference;
    expect(sel.model.weights[k]).toBe(DEFAULT_RANKER.weights[k]);
    expect(sel.model.std[k]).toBe(DEFAULT_RANKER.std[k]);
    expect(sel.model.weights[FEATURE_INDEX.graph]!).toBeGreaterThan(0);
  });

  describe('safeChoice (the rule of this selection and of fused)', () => {
    /** Per-list values keyed by list. */
    const lists = (values: number[]) => new Map(values.map((v, k) => [k, v]));

    test('an option replaces the reference only with a higher mean and a gain past the margin', () => {
      const reference = { mean: 0.5, lists: lists([0.5, 0.5, 0.5, 0.5]) };
      // Gains 0.1, −0.1, 0.2, −0.1 (mean 0.025, standard error 0.075): sure at margin 0.3, not at 0.4.
      const noisy = { mean: 0.525, lists: lists([0.6, 0.4, 0.7, 0.4]) };
      // A steady gain of 0.01 on every user: sure at any margin.
      const steady = { mean: 0.51, lists: lists([0.51, 0.51, 0.51, 0.51]) };
      expect(safeChoice([reference, noisy], 0, 0.3)).toBe(1);
      expect(safeChoice([reference, noisy], 0, 0.4)).toBe(0);
      expect(safeChoice([noisy, reference, steady], 1, 1)).toBe(2);
      // The highest mean among those that pass: noisy passes at 0.3 and is above steady.
      expect(safeChoice([steady, reference, noisy], 1, 0.3)).toBe(2);
      // A lower mean never wins, however steady; equal means keep the reference.
      expect(safeChoice([reference, { mean: 0.5, lists: lists([0.5, 0.5, 0.5, 0.5]) }], 0, 0)).toBe(0);
    });

    test('without per-user lists the highest mean wins, ties the reference', () => {
      expect(safeChoice([{ mean: 0.2 }, { mean: 0.3 }, { mean: 0.25 }], 0, 1e6)).toBe(1);
      expect(safeChoice([{ mean: 0.3 }, { mean: 0.3 }], 1, 1)).toBe(1);
    });
  });
});
