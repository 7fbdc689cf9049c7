import {
  computeFeatures,
  contextMatch,
  FEATURE_INDEX as F,
  freshness,
  kindShares,
  NUM_FEATURES,
} from '../../../src/ranking/features';
import { MEDIA_KIND } from '../../../src/ranking/ranking-data';
import { requestSignals } from '../../../src/ranking/rank-for-user';
import { userStateFromData } from '../../../src/ranking/user-state';
import { tinyData } from './fixtures';

const DAY = 86_400_000;

describe('features', () => {
  const kinds = Uint8Array.of(1, 1, 1, 2, 2, 2, 2, 1);
  const data = tinyData({ itemKind: kinds, itemPublishedAt: Float64Array.of(0, 0, 0, 0, 0, 0, 0, 70 * DAY) });
  const state = userStateFromData(data, 0);
  const now = 100 * DAY;
  const signals = requestSignals(data, { user: 0, state, k: 5, queryVector: Float32Array.of(0, 1, 0), now });
  const rows = computeFeatures(data, signals, [2, 3, 7], { now });
  const at = (r: number, f: keyof typeof F) => rows[r * NUM_FEATURES + F[f]]!;

  it('has one row per item and finite values', () => {
    expect(rows.length).toBe(3 * NUM_FEATURES);
    expect(Array.from(rows).every(Number.isFinite)).toBe(true);
  });
  it('graph score is the online vector dot item embedding', () => {
    expect(at(0, 'graph')).toBeGreaterThan(at(1, 'graph'));
    expect(at(2, 'graph')).toBe(0); // item 7 has a zero embedding
  });
  it('content and query similarity', () => {
    expect(at(0, 'content')).toBeGreaterThan(0.8); // rock profile vs rock item
    expect(at(1, 'content')).toBeLessThan(0.3);
    expect(at(1, 'query')).toBeCloseTo(1, 5); // jazz query vs jazz item
    expect(at(0, 'query')).toBeCloseTo(0, 5);
  });
  it('co-engagement and social proof', () => {
    expect(at(0, 'socialCount')).toBeCloseTo(Math.log(2), 6); // one friend (u1) engaged item 2
    expect(at(0, 'socialStrength')).toBeCloseTo(1, 6);
    expect(at(2, 'socialCount')).toBe(0);
    expect(at(2, 'coEngagement')).toBe(0); // no one engaged item 7
  });
  it('pagerank is log(1 + N·PR)', () => {
    expect(at(1, 'pagerank')).toBeCloseTo(Math.log1p(8 * data.itemPopularity[3]!), 5);
    expect(at(2, 'pagerank')).toBeLessThan(at(1, 'pagerank'));
  });
  it('recency halves every half-life', () => {
    expect(at(2, 'recency')).toBeCloseTo(0.5, 6); // 30 days old, half-life 30
    expect(freshness(NaN, now)).toBe(0);
    expect(freshness(now, now)).toBe(1);
  });
  it('kind preference is the Laplace-smoothed share of the kind', () => {
    const s = kindShares(data, state); // u0 engaged 2 audio items
    expect(s[MEDIA_KIND.AUDIO]).toBeCloseTo(3 / 4 - 0.5, 6);
    expect(s[MEDIA_KIND.VIDEO]).toBeCloseTo(1 / 4 - 0.5, 6);
    expect(at(0, 'kindPreference')).toBeCloseTo(0.25, 6);
    expect(at(1, 'kindPreference')).toBeCloseTo(-0.25, 6);
  });
  it('context match rewards items played in this hour / weekday / device', () => {
    const hour = new Float32Array(8 * 24);
    hour[2 * 24 + 21] = 10; // item 2 played at 21h
    hour[3 * 24 + 8] = 10; // item 3 at 8h
    const device = new Float32Array(8 * 2);
    device[2 * 2 + 1] = 4; // item 2 on "tv"
    const d2 = tinyData({ context: { hour, device, devices: ['mobile', 'tv'] } });
    expect(contextMatch(d2, 2, { localHour: 21 })).toBeGreaterThan(0);
    expect(contextMatch(d2, 3, { localHour: 21 })).toBeLessThan(0);
    expect(contextMatch(d2, 2, { device: 'tv' })).toBeGreaterThan(contextMatch(d2, 2, { device: 'mobile' }));
    expect(contextMatch(d2, 5, { localHour: 21 })).toBeCloseTo(0, 9); // no history → uniform
    expect(contextMatch(d2, 2, undefined)).toBe(0);
    expect(contextMatch(d2, 2, { localHour: 99 })).toBe(0);
  });
});
