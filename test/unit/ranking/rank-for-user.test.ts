import { defaultRanker } from '../../../src/ranking/default-ranker';
import { featureStats } from '../../../src/ranking/feature-stats';
import type { RankerModel } from '../../../src/ranking/ranker';
import { rankForUser as rank, type RankRequest } from '../../../src/ranking/rank-for-user';
import type { RankingData } from '../../../src/ranking/ranking-data';
import { emptyUserState, foldInteraction, onlineVectors, userStateFromData } from '../../../src/ranking/user-state';
import { tinyData } from './fixtures';

// As served: the default weights over features standardised on the data's own candidates.
const models = new WeakMap<RankingData, RankerModel>();
const model = (data: RankingData): RankerModel => {
  let m = models.get(data);
  if (!m) models.set(data, (m = defaultRanker(featureStats(data))));
  return m;
};
const rankForUser = (data: RankingData, _: unknown, request: RankRequest) => rank(data, model(data), request);

describe('foldInteraction and the online vector', () => {
  it('a new engagement drops the item from the feed and moves the online vector towards it', () => {
    const data = tinyData();
    const state = userStateFromData(data, 0);
    const before = rankForUser(data, model, { user: 0, state, k: 8 });
    expect(before.map((r) => r.item)).toContain(4);
    const v0 = onlineVectors(data, state).graph!;
    const next = foldInteraction(state, 4, 5, Date.now());
    expect(next.items[0]).toBe(4);
    expect(state.engaged.has(4)).toBe(false); // pure: the old state is unchanged
    const after = rankForUser(data, model, { user: 0, state: next, k: 8 });
    expect(after.map((r) => r.item)).not.toContain(4);
    const v1 = onlineVectors(data, next).graph!;
    const item4 = [0, 1];
    const cos = (v: Float32Array) => (v[0]! * item4[0]! + v[1]! * item4[1]!) / Math.hypot(v[0]!, v[1]!);
    expect(cos(v1)).toBeGreaterThan(cos(v0));
    // Content profile moves too (item 4 is jazz).
    expect(onlineVectors(data, next).content![1]!).toBeGreaterThan(onlineVectors(data, state).content![1]!);
  });
  it('folding an engaged item again adds weight and moves it to the front', () => {
    const s = foldInteraction(foldInteraction(emptyUserState(1), 2, 1, 10), 3, 1, 20);
    const t = foldInteraction(s, 2, 2, 30);
    expect(t.items).toEqual([2, 3]);
    expect(t.weights).toEqual([3, 1]);
  });
  it('a negative engagement excludes the item without pulling the profile', () => {
    const data = tinyData();
    const s = foldInteraction(emptyUserState(null), 5, -1, 0);
    expect(s.engaged.has(5)).toBe(true);
    expect(onlineVectors(data, s).graph).toBeNull();
  });
});

describe('rankForUser', () => {
  it('returns k unique, unengaged items with descending scores and reasons', () => {
    const data = tinyData();
    const state = userStateFromData(data, 0);
    const out = rankForUser(data, model, { user: 0, state, k: 4 });
    expect(out).toHaveLength(4);
    expect(new Set(out.map((r) => r.item)).size).toBe(4);
    for (const r of out) expect(state.engaged.has(r.item)).toBe(false);
    for (let i = 1; i < out.length; i++) expect(out[i]!.score).toBeLessThanOrEqual(out[i - 1]!.score);
    for (const r of out) expect(r.reasons.length).toBeGreaterThan(0);
  });
  it('explains social proof with the friends who engaged', () => {
    const data = tinyData();
    const out = rankForUser(data, model, { user: 0, state: userStateFromData(data, 0), k: 8 });
    const item2 = out.find((r) => r.item === 2)!;
    const social = item2.reasons.find((r) => r.kind === 'social')!;
    expect(social.evidence).toEqual(['u1']);
    expect(social.weight).toBeGreaterThan(0);
  });
  it('explains query matches with the matching terms, and the query moves items up', () => {
    const data = tinyData();
    const state = userStateFromData(data, 0);
    const plain = rankForUser(data, model, { user: 0, state, k: 8 }).map((r) => r.item);
    const out = rankForUser(data, model, {
      user: 0,
      state,
      k: 8,
      queryVector: Float32Array.of(0, 1, 0),
      queryTerms: ['jazz'],
    });
    expect(out[0]!.item).toBe(3);
    expect(out.map((r) => r.item).indexOf(3)).toBeLessThan(plain.indexOf(3));
    const q = out[0]!.reasons.find((r) => r.kind === 'query')!;
    expect(q.evidence).toEqual(['jazz', 'similarity:1.000']);
    expect(q.label).toMatch(
      /^Matches your search \(similarity 1\.00, (\d+\.\d deviations )?above the catalogue.s bulk\)$/,
    );
    // Items with no similarity to the query never claim to match it.
    const data0 = [0, 2, 5, 7];
    for (const r of out.filter((x) => data0.includes(x.item)))
      expect(r.reasons.map((x) => x.kind)).not.toContain('query');
  });
  it('explains co-engagement / content with the engaged item it resembles', () => {
    const data = tinyData();
    const out = rankForUser(data, model, { user: 3, state: userStateFromData(data, 3), k: 8 });
    const item1 = out.find((r) => r.item === 1)!;
    const r = item1.reasons.find((x) => x.kind === 'coEngagement' || x.kind === 'content' || x.kind === 'graph')!;
    expect(r.evidence).toEqual(['m0']);
  });
  it('gives a brand-new user with no history a feed (popularity, friends, query)', () => {
    const data = tinyData();
    const out = rankForUser(data, model, { user: null, state: emptyUserState(null), k: 3 });
    expect(out).toHaveLength(3);
    expect(out[0]!.reasons[0]!.kind).toBe('popular');
  });
  it('applies filters to every source', () => {
    const data = tinyData({ itemKind: Uint8Array.of(1, 1, 1, 2, 2, 2, 2, 1) });
    const out = rankForUser(data, model, {
      user: 0,
      state: userStateFromData(data, 0),
      k: 8,
      filter: { kind: 2, excludeItems: [4] },
    });
    expect(out.map((r) => r.item).sort()).toEqual([3, 5, 6]);
  });
  it('diversity re-ranks: high diversity interleaves different content', () => {
    const data = tinyData();
    const state = userStateFromData(data, 0);
    const plain = rankForUser(data, model, { user: 0, state, k: 4 }).map((r) => r.item);
    const diverse = rankForUser(data, model, { user: 0, state, k: 4, diversity: 0.9 }).map((r) => r.item);
    expect(diverse[0]).toBe(plain[0]);
    expect(diverse).not.toEqual(plain);
    expect(rankForUser(data, model, { user: 0, state, k: 4, diversity: 0 }).map((r) => r.item)).toEqual(plain);
  });
  it('rejects bad k and diversity with BAD_USER_INPUT', () => {
    const data = tinyData();
    const state = emptyUserState(null);
    expect(() => rankForUser(data, model, { user: null, state, k: -1 })).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT' }),
    );
    expect(() => rankForUser(data, model, { user: null, state, k: 2, diversity: 2 })).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT' }),
    );
  });
});
