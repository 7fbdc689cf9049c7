import { rp3Rows } from '../../../src/models/rp3-rows';
import { itemSet, sparseItemItem } from '../../../src/models/sparse-item-item';
import { buildCsr } from '../../../src/graph/csr';
import { PROFILE_FLOOR, PROFILE_GAMMA } from '../../../src/models/play-profile';
import {
  BLEND_DEFAULTS,
  BLEND_PARTS,
  blendParts,
  blendSignal,
  combineBlend,
  graphShare,
  profileSums,
  validBlendWeights,
} from '../../../src/ranking/blend';
import { tuneBlend } from '../../../src/ranking/blend-tuning';
import { computeFeatures, FEATURE_INDEX, NUM_FEATURES } from '../../../src/ranking/features';
import { rankForUser, requestSignals } from '../../../src/ranking/rank-for-user';
import { DEFAULT_RANKER } from '../../../src/ranking/default-ranker';
import type { CandidateLists } from '../../../src/ranking/ranker-selection';
import { userStateFromData } from '../../../src/ranking/user-state';
import { tinyData, tinyTrain } from './fixtures';

const rms = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((s, x) => s + x * x, 0) / v.length);

describe('the blend feature (graph-ease’s per-user blend over the item graphs)', () => {
  const co = Float32Array.from([4, 0, 2, 0, 1]);
  const walk = Float32Array.from([0, 0.3, 0.1, 0, 0]);
  const graph = Float32Array.from([0.5, -0.2, 0.1, 0.9, 0]);

  test('each component is divided by its own RMS: rescaling one changes nothing', () => {
    const a = combineBlend(co, walk, graph, { walk: 1, graph: 3, social: 0 });
    const b = combineBlend(
      co.map((x) => 1000 * x),
      walk.map((x) => 0.01 * x),
      graph.map((x) => 7 * x),
      { walk: 1, graph: 3, social: 0 },
    );
    for (let i = 0; i < co.length; i++) expect(b.scores[i]).toBeCloseTo(a.scores[i]!, 4);
    expect(a.scores[3]).toBeCloseTo((3 * 0.9) / rms(graph), 5);
    expect(a.scores[0]).toBeCloseTo(4 / rms(co) + (3 * 0.5) / rms(graph), 5);
  });

  test('the RMS is taken over the blend items when given, and every item is scored', () => {
    const items = Int32Array.from([0, 2, 3]);
    const s = combineBlend(co, walk, graph, { walk: 0, graph: 3, social: 0 }, items);
    const over = (v: Float32Array) => rms(Array.from(items, (i) => v[i]!));
    expect(s.scores[0]).toBeCloseTo(4 / over(co) + (3 * 0.5) / over(graph), 5);
    // Item 1 is outside the blend items: scored by its graph part, at the same scale.
    expect(s.scores[1]).toBeCloseTo((3 * -0.2) / over(graph), 5);
  });

  test('a weight of 0 drops a component; an absent or all-zero one adds nothing', () => {
    const coOnly = combineBlend(co, walk, graph, { walk: 0, graph: 0, social: 0 });
    for (let i = 0; i < co.length; i++) expect(coOnly.scores[i]).toBeCloseTo(co[i]! / rms(co), 6);
    const noGraph = combineBlend(co, new Float32Array(5), null, BLEND_DEFAULTS);
    expect(Array.from(noGraph.scores)).toEqual(Array.from(coOnly.scores));
    expect(noGraph.scale).toEqual({ ease: 1 / rms(co), walk: 0, graph: 0, social: 0 });
  });

  test('parts are the unweighted z-scores; the graph share explains the graph reason', () => {
    const s = combineBlend(co, walk, graph, { walk: 2, graph: 3, social: 0 });
    const p = blendParts(s, [0, 3]);
    expect(p[0]).toBeCloseTo(4 / rms(co), 6);
    expect(p[1]).toBe(0);
    expect(p[BLEND_PARTS + 2]).toBeCloseTo(0.9 / rms(graph), 6);
    expect(p[0]! + 2 * p[1]! + 3 * p[2]!).toBeCloseTo(s.scores[0]!, 5);
    expect(graphShare(s, 3)).toBe(1);
    expect(graphShare(s, 4)).toBe(0);
    const share = graphShare(s, 0);
    expect(share).toBeGreaterThan(0);
    expect(share).toBeLessThan(1);
  });

  test("profile sums weigh each item's row by graph-ease's play-count profile, signs kept", () => {
    // Item 0 → {1: 2, 2: −1}; item 1 → {2: 4}; item 3 → {0: 1}.
    const g = buildCsr(
      4,
      4,
      Int32Array.from([0, 0, 1, 3]),
      Int32Array.from([1, 2, 2, 0]),
      Float32Array.from([2, -1, 4, 1]),
    );
    // Weights 3, 1 and a dislike (−2, left out): mean 2, x̃ = 1 + ½·(w − 2) = 1.5 and 0.5.
    const sums = profileSums(4, g, { items: [0, 1, 3], weights: [3, 1, -2] });
    expect(Array.from(sums)).toEqual([0, 1.5 * 2, 1.5 * -1 + 0.5 * 4, 0]);
    // A weight far below the mean is floored, not negative.
    const floored = profileSums(4, g, { items: [0, 1], weights: [20, 1] });
    expect(floored[2]).toBeCloseTo(-(1 + PROFILE_GAMMA * 9.5) + PROFILE_FLOOR * 4, 5);
  });

  test("the blend reads EASE's signed rows where the data has them, the co-engagement graph without", () => {
    const train = tinyTrain();
    const walkRows = rp3Rows(train, { minUsers: 1 });
    const signed = buildCsr(8, 8, Int32Array.from([0, 0]), Int32Array.from([1, 5]), Float32Array.from([1, -1]));
    const plain = tinyData({ walk: walkRows });
    const withEase = tinyData({ walk: walkRows, easeSigned: signed });
    const state = userStateFromData(plain, 0);
    const a = blendSignal(plain, state, null, { walk: 0, graph: 0, social: 0 })!;
    const b = blendSignal(withEase, state, null, { walk: 0, graph: 0, social: 0 })!;
    expect(Array.from(a.ease)).toEqual(Array.from(profileSums(8, plain.coEngagement!, state)));
    expect(Array.from(b.ease)).toEqual(Array.from(profileSums(8, signed, state)));
    expect(b.ease[5]).toBeLessThan(0);
    expect(blendSignal(tinyData(), state, null, BLEND_DEFAULTS)).toBeNull();
  });

  test("a candidate-only blend's item–item scales, from the items reached, are the catalogue pass's", () => {
    const train = tinyTrain();
    const walkRows = rp3Rows(train, { minUsers: 1 });
    // EASE's rows (items 0 and 1, the user's) reach items 1, 5 and 6; only 1 and 5 are blend items.
    const signed = buildCsr(
      8,
      8,
      Int32Array.from([0, 0, 1]),
      Int32Array.from([1, 5, 6]),
      Float32Array.from([1, -1, 2]),
    );
    const blendItems = Int32Array.from([0, 1, 2, 3, 4, 5]);
    const data = tinyData({ walk: walkRows, easeSigned: signed, blendItems });
    const state = userStateFromData(data, 0);
    const full = blendSignal(data, state, null, { walk: 1, graph: 0, social: 0 })!;
    const part = blendSignal(data, state, null, { walk: 1, graph: 0, social: 0 }, { graphScale: undefined })!;
    expect(part.ease[6]).not.toBe(0); // reached, but not a blend item: not in the scale
    expect(part.scale.ease).toBeCloseTo(full.scale.ease, 6);
    expect(part.scale.walk).toBeCloseTo(full.scale.walk, 6);
    expect(part.scale.walk).toBeGreaterThan(0);
    expect(Array.from(part.scores).every((x) => x === 0)).toBe(true); // left for fillCandidates
  });

  test("the social part is the friends' counts, scaled by their RMS over the blend items like the others", () => {
    const count = Float32Array.from([0, 2, 0, 1, 0]);
    const social = { count, items: Int32Array.from([1, 3]) };
    const items = Int32Array.from([0, 1, 2, 3]);
    const over = (v: Float32Array) => rms(Array.from(items, (i) => v[i]!));
    const s = combineBlend(co, walk, graph, { walk: 0, graph: 0, social: 0.5 }, items, social);
    expect(s.scale.social).toBeCloseTo(1 / over(count), 6);
    expect(s.scores[1]).toBeCloseTo((0.5 * 2) / over(count), 5);
    expect(s.scores[3]).toBeCloseTo((0.5 * 1) / over(count), 5);
    const p = blendParts(s, [1]);
    expect(p[3]).toBeCloseTo(2 / over(count), 6);
    // Weight 0 or no friends: the blend without it.
    const off = combineBlend(co, walk, graph, { walk: 0, graph: 0, social: 0 }, items, social);
    const none = combineBlend(co, walk, graph, { walk: 0, graph: 0, social: 0.5 }, items, null);
    expect(Array.from(off.scores)).toEqual(Array.from(none.scores));
    expect(s.scores[1]).not.toBeCloseTo(off.scores[1]!, 3);
  });

  test("a request's blend counts the user's friends' items, as graph-ease's social row does", () => {
    const train = tinyTrain();
    const walkRows = rp3Rows(train, { minUsers: 1 });
    const blendItems = Int32Array.from([0, 1, 2, 3, 4, 5]);
    const data = tinyData({ walk: walkRows, blendItems });
    const state = userStateFromData(data, 0);
    const weights = { walk: 0, graph: 0, social: 1 };
    const s = requestSignals(data, { user: 0, state, k: 0 }, { blend: weights });
    // The social part is socialScores' count: one per friend who engaged the item.
    expect(Array.from(s.blend!.social!)).toEqual(Array.from(s.social.count));
    expect(s.social.count.some((x) => x > 0)).toBe(true);
    expect(Array.from(s.social.items).sort()).toEqual([...s.social.friends.keys()].sort());
    const full = blendSignal(data, state, null, weights, undefined, undefined, s.social)!;
    const part = blendSignal(data, state, null, weights, { graphScale: undefined }, undefined, s.social)!;
    expect(part.scale.social).toBeCloseTo(full.scale.social, 6);
    expect(full.scale.social).toBeCloseTo(1 / rms(Array.from(blendItems, (i) => s.social.count[i]!)), 6);
  });

  test('stored weights must be finite and ≥ 0; social may be absent (rankers stored before it)', () => {
    expect(validBlendWeights({ walk: 0, graph: 6 })).toBe(true);
    expect(validBlendWeights({ walk: 0, graph: 6, social: 0.25 })).toBe(true);
    expect(validBlendWeights({ walk: 0, graph: 6, social: -0.1 })).toBe(false);
    expect(validBlendWeights({ walk: 0, graph: 6, social: NaN })).toBe(false);
    expect(validBlendWeights({ walk: -1, graph: 1 })).toBe(false);
    expect(validBlendWeights({ walk: 1, graph: Infinity })).toBe(false);
    expect(validBlendWeights({ walk: 1 })).toBe(false);
    expect(validBlendWeights(null)).toBe(false);
  });
});

describe('the walk graph and the request signals', () => {
  test('RP3β rows by item index are sparseItemItem’s RP3β rows, over items with ≥ 2 users', () => {
    const train = tinyTrain();
    const rows = rp3Rows(train, { minUsers: 1, neighbours: 5, beta: 0.5 });
    const { items, position } = itemSet(train, 1);
    const ref = sparseItemItem(train, items, position, 5, 0.5);
    for (let p = 0; p < items.length; p++) {
      const i = items[p]!;
      const got = Array.from(rows.targets.subarray(rows.offsets[i]!, rows.offsets[i + 1]!));
      const want = Array.from(ref.rp3.targets.subarray(ref.rp3.offsets[p]!, ref.rp3.offsets[p + 1]!), (q) => items[q]!);
      expect(got.sort()).toEqual(want.sort());
    }
    // Items 0, 1 and 3 have two users each: with minUsers 2 the walk joins only them.
    const two = rp3Rows(train);
    expect(new Set(Array.from(two.targets))).toEqual(new Set([0, 1, 3]));
    for (const i of [2, 4, 5, 6, 7]) expect(two.offsets[i + 1]! - two.offsets[i]!).toBe(0);
  });

  test('with a walk graph the feature row carries the blend; without one it is 0', () => {
    const train = tinyTrain();
    const withWalk = tinyData({ walk: rp3Rows(train, { minUsers: 1 }) });
    const state = userStateFromData(withWalk, 0);
    const s = requestSignals(withWalk, { user: 0, state, k: 0 });
    expect(s.blend).not.toBeNull();
    expect(s.blend!.walk!.some((x) => x > 0)).toBe(true);
    const plain = requestSignals(tinyData(), { user: 0, state, k: 0 });
    expect(plain.blend).toBeNull();
    const items = [1, 2, 3];
    const rows = computeFeatures(withWalk, s, items);
    items.forEach((i, r) => expect(rows[r * NUM_FEATURES + FEATURE_INDEX.blend]).toBe(s.blend!.scores[i]));
    const none = computeFeatures(tinyData(), plain, items);
    items.forEach((_, r) => expect(none[r * NUM_FEATURES + FEATURE_INDEX.blend]).toBe(0));
    const feed = rankForUser(withWalk, DEFAULT_RANKER, { user: 0, state, k: 5 }, { withReasons: false });
    expect(feed.length).toBeGreaterThan(0);
  });

  test("the blend's graph part scores with the user's stored vector; the online vector without one", () => {
    const train = tinyTrain();
    const data = tinyData({ walk: rp3Rows(train, { minUsers: 1 }) });
    const g = data.graph!;
    const scoresOf = (v: ArrayLike<number>) =>
      Array.from({ length: data.numItems }, (_, i) => g.items[i * 2]! * v[0]! + g.items[i * 2 + 1]! * v[1]!);
    // User 1's stored vector (0.6, 0.6) points between the x and y items; its history (items 0–2) along x.
    const state = userStateFromData(data, 1);
    const s = requestSignals(data, { user: 1, state, k: 0 });
    const stored = scoresOf([Math.SQRT1_2, Math.SQRT1_2]);
    s.blend!.graph!.forEach((x, i) => expect(x).toBeCloseTo(stored[i]!, 5));
    expect(Array.from(s.blend!.graph!)).not.toEqual(Array.from(s.graph!));
    // The same history from a user the graph job has not embedded: the online vector stands in.
    const fresh = requestSignals(data, { user: null, state: { ...state, user: null }, k: 0 });
    expect(fresh.graph).not.toBeNull();
    expect(Array.from(fresh.blend!.graph!)).toEqual(Array.from(fresh.graph!));
  });

  test('a ranker’s own blend weights are the ones it ranks with', () => {
    const train = tinyTrain();
    const data = tinyData({ walk: rp3Rows(train, { minUsers: 1 }) });
    const state = userStateFromData(data, 1);
    // A ranker that reads only the blend: with the graph weighted heavily it follows the graph.
    const weights = new Array<number>(NUM_FEATURES).fill(0);
    weights[FEATURE_INDEX.blend] = 1;
    const only = { ...DEFAULT_RANKER, weights, mean: weights.map(() => 0), std: weights.map(() => 1), bias: 0 };
    const rank = (graph: number) =>
      rankForUser(
        data,
        { ...only, blend: { walk: 0, graph, social: 0 } },
        { user: 1, state, k: 8 },
        { withReasons: false },
      ).map((r) => r.item);
    expect(rank(0)).not.toEqual(rank(100));
    // Its reasons: the blend's graph share as GRAPH, the rest as CO_ENGAGEMENT, shares summing to 1.
    const model = { ...only, blend: { walk: 1, graph: 3, social: 0 } };
    const explained = rankForUser(data, model, { user: 1, state, k: 8 });
    const blend = requestSignals(data, { user: 1, state, k: 0 }, { blend: model.blend }).blend!;
    const backed = explained.filter((r) => blend.scores[r.item]! > 0);
    expect(backed.length).toBeGreaterThanOrEqual(2);
    const kinds = new Set(backed.flatMap((r) => r.reasons.map((x) => x.kind)));
    expect(kinds).toEqual(new Set(['graph', 'coEngagement']));
    for (const r of explained) expect(r.reasons.reduce((t, x) => t + x.weight, 0)).toBeCloseTo(1, 6);
    // With the friends' count weighed, the part of the blend it accounts for reads as SOCIAL.
    const friendly = { ...only, blend: { walk: 0, graph: 0, social: 5 } };
    const zero = userStateFromData(data, 0);
    const signals = requestSignals(data, { user: 0, state: zero, k: 0 }, { blend: friendly.blend });
    const byFriends = rankForUser(data, friendly, { user: 0, state: zero, k: 8 }).filter(
      (r) => signals.social.count[r.item]! > 0 && signals.blend!.scores[r.item]! > 0,
    );
    expect(byFriends.length).toBeGreaterThan(0);
    for (const r of byFriends) expect(r.reasons.map((x) => x.kind)).toContain('social');
  });
});

describe('tuning the blend weights on held-out lists', () => {
  /** 60 users × 30 candidates; the positives (last 3 items) stand out on the walk part (and the social part by `socialLift`). */
  function lists(socialLift = 0): { lists: CandidateLists; parts: Float32Array } {
    let s = 5;
    const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
    const parts: number[] = [];
    const labels: number[] = [];
    const users: number[] = [];
    const items: number[] = [];
    for (let u = 0; u < 60; u++)
      for (let k = 0; k < 30; k++) {
        const label = k >= 27 ? 1 : 0;
        parts.push(3 * rnd(), label + 0.5 * rnd(), 3 * rnd(), socialLift * label + 0.5 * rnd());
        labels.push(label);
        users.push(u);
        items.push(k);
      }
    return {
      lists: {
        rows: new Float32Array(labels.length * NUM_FEATURES),
        labels: Uint8Array.from(labels),
        rowUsers: Int32Array.from(users),
        rowItems: Int32Array.from(items),
      },
      parts: Float32Array.from(parts),
    };
  }

  test('picks the weights that rank the positives first and writes the blend column with them', () => {
    const { lists: l, parts } = lists();
    const t = tuneBlend(l, parts, 1, { walk: [0, 1, 2], graph: [0, 3], social: [0] });
    expect(t.weights).toEqual({ walk: 2, graph: 0, social: 0 });
    expect(t.ndcg).toBeGreaterThan(t.defaultNdcg);
    expect(t.crossFitted).toBeLessThanOrEqual(t.ndcg + 1e-12);
    expect(t.crossFitted).toBeGreaterThan(t.defaultNdcg);
    const b = FEATURE_INDEX.blend;
    expect(l.rows[5 * NUM_FEATURES + b]).toBeCloseTo(parts[20]! + 2 * parts[21]!, 5);
  });

  test('a social part that separates the positives is weighed', () => {
    const { lists: l, parts } = lists(1);
    const t = tuneBlend(l, parts, 1, { walk: [0, 1], graph: [0], social: [0, 0.5, 1] });
    expect(t.weights.social).toBeGreaterThan(0);
    const b = FEATURE_INDEX.blend;
    const w = t.weights;
    expect(l.rows[5 * NUM_FEATURES + b]).toBeCloseTo(parts[20]! + w.walk * parts[21]! + w.social * parts[23]!, 5);
    const { lists: flat, parts: noSocial } = lists(0);
    expect(tuneBlend(flat, noSocial, 1, { walk: [0, 1], graph: [0], social: [0, 0.5, 1] }).weights.social).toBe(0);
  });

  test('no signal at all: the defaults stay', () => {
    const { lists: l } = lists();
    const t = tuneBlend(l, new Float32Array(l.labels.length * BLEND_PARTS), 1);
    expect(t.weights).toEqual(BLEND_DEFAULTS);
  });
});
