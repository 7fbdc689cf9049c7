import { buildCsr } from '../../../src/graph/csr';
import {
  coEvidence,
  coEngagementCandidates,
  coEngagementScores,
  contentCandidates,
  contentScores,
  exactIndex,
  freshCandidates,
  graphCandidates,
  mergeCandidates,
  popularCandidates,
  socialCandidates,
  socialScores,
  trendingCandidates,
  TRENDING_REUSE_MS,
  trendingCounts,
} from '../../../src/ranking/candidates';
import { buildRankingData } from '../../../src/ranking/ranking-data';
import { tinyData, tinyTrain } from './fixtures';

describe('graph-embedding candidates', () => {
  it('returns nearest items by inner product, honouring accept', () => {
    const data = tinyData();
    const hits = graphCandidates(data, Float32Array.of(1, 0), 3);
    expect(hits.map((h) => h.item)).toEqual([0, 1, 2]);
    expect(graphCandidates(data, Float32Array.of(1, 0), 2, (i) => i !== 0).map((h) => h.item)).toEqual([1, 2]);
    expect(graphCandidates(data, null, 3)).toEqual([]);
  });
  it('uses a plugged-in index when given', () => {
    const data = tinyData();
    const index = { search: jest.fn(() => [{ item: 5, score: 9 }]) };
    expect(graphCandidates(data, Float32Array.of(1, 0), 3, undefined, index)).toEqual([{ item: 5, score: 9 }]);
    expect(index.search).toHaveBeenCalledTimes(1);
    expect(exactIndex(data.graph!.items, 2).search(Float32Array.of(0, 1), 1)[0]!.item).toBe(4);
  });
});

describe('co-engagement candidates', () => {
  it('accumulates log(1+w)·sim over engaged items and names the strongest source item', () => {
    const co = buildCsr(8, 8, Int32Array.of(0, 1, 1), Int32Array.of(2, 2, 3), Float32Array.of(0.5, 0.4, 0.2));
    const data = tinyData({ coEngagement: co });
    const state = {
      user: 9,
      items: [0, 1],
      weights: [Math.E - 1, Math.E - 1],
      at: [NaN, NaN],
      engaged: new Set([0, 1]),
    };
    const s = coEngagementScores(data, state);
    expect(s.scores[2]).toBeCloseTo(0.9, 5);
    expect(s.scores[3]).toBeCloseTo(0.2, 5);
    expect(coEvidence(s, 2)).toBe(0);
    expect(coEvidence(s, 3)).toBe(1);
    expect(coEvidence(s, 0)).toBe(-1);
    const hits = coEngagementCandidates(s, 5);
    expect(hits.map((h) => h.item)).toEqual([2, 3]);
    expect(hits[0]!.evidence).toEqual([0]);
  });
  it('computes item-kNN neighbours by default', () => {
    const data = tinyData();
    // Items 0 and 5 share user 3 only; 0 and 1 share user 0.
    const row = (i: number) =>
      Array.from(
        data.coEngagement!.targets.subarray(data.coEngagement!.offsets[i]!, data.coEngagement!.offsets[i + 1]!),
      );
    expect(row(0)).toEqual(expect.arrayContaining([1, 5]));
    expect(row(7)).toEqual([]);
  });
});

describe('social candidates', () => {
  it('counts friends who engaged and their normalised strength', () => {
    const data = tinyData();
    const s = socialScores(data, 0);
    // u0's friends: u1 (items 1,2,3 with w 1,5,1) and u3 (items 0,5).
    expect(Array.from(s.count)).toEqual([1, 1, 1, 1, 0, 1, 0, 0]);
    expect(s.strength[2]).toBeCloseTo(1, 6);
    expect(s.strength[3]).toBeCloseTo(Math.log(2) / Math.log(6), 6);
    const hits = socialCandidates(s, 3, (i) => i !== 0);
    expect(hits[0]).toMatchObject({ item: 2, evidence: [1] });
    expect(hits.map((h) => h.item)).not.toContain(0);
    expect(socialScores(data, 4).friends.size).toBe(0);
    expect(socialScores(data, null).count.every((c) => c === 0)).toBe(true);
  });
  it('drops engagements outside the window when times are known', () => {
    const train = tinyTrain();
    const now = 1_000 * 86_400_000;
    const lastAt = new Float64Array(train.userItems.targets.length).fill(now - 100 * 86_400_000);
    // u1 → item 2 is recent.
    for (let k = train.userItems.offsets[1]!; k < train.userItems.offsets[2]!; k++)
      if (train.userItems.targets[k] === 2) lastAt[k] = now - 86_400_000;
    const data = buildRankingData(train, { lastAt });
    const s = socialScores(data, 0, { now, windowDays: 7 });
    expect(Array.from(s.count)).toEqual([0, 0, 1, 0, 0, 0, 0, 0]);
  });
});

describe('content candidates', () => {
  it('ranks by cosine with a profile or query vector', () => {
    const data = tinyData();
    const s = contentScores(data, Float32Array.of(0, 1, 0))!;
    expect(contentCandidates(s, 2).map((h) => h.item)).toEqual([3, 4]);
    expect(contentScores(data, Float32Array.of(1, 0))).toBeNull();
    expect(contentCandidates(null, 3)).toEqual([]);
  });
});

describe('popular, trending and fresh candidates', () => {
  it('orders by engagement-graph PageRank; unengaged items last', () => {
    const data = tinyData();
    const items = popularCandidates(data, 8).map((h) => h.item);
    expect(items[7]).toBe(7);
    expect(items.indexOf(3)).toBeLessThan(items.indexOf(4)); // item 3 has two users, item 4 one of them
    expect(popularCandidates(data, 2, (i) => i !== items[0]).map((h) => h.item)).toEqual([items[1], items[2]]);
  });
  it('counts engagements inside the window only', () => {
    const train = tinyTrain();
    const day = 86_400_000;
    const now = 100 * day;
    const lastAt = new Float64Array(train.userItems.targets.length).fill(now - 30 * day);
    for (let u = 0; u < 5; u++) {
      for (let k = train.userItems.offsets[u]!; k < train.userItems.offsets[u + 1]!; k++) {
        if (train.userItems.targets[k] === 3) lastAt[k] = now - day; // both of item 3's users: recent
        if (train.userItems.targets[k] === 1 && u === 0) lastAt[k] = now - 2 * day; // one of item 1's
      }
    }
    const data = buildRankingData(train, { lastAt });
    expect(Array.from(trendingCounts(data, now, 7 * day))).toEqual([0, 1, 0, 2, 0, 0, 0, 0]);
    expect(trendingCandidates(data, now, 7 * day, 5).map((h) => h.item)).toEqual([3, 1]);
    expect(trendingCandidates(data, now, 7 * day, 5, (i) => i !== 3)).toEqual([{ item: 1, score: 1 }]);
  });
  it("a feed's trending list is the one of the minute's start, reused within the minute", () => {
    const train = tinyTrain();
    const minute = TRENDING_REUSE_MS;
    const t0 = 1000 * minute;
    const lastAt = new Float64Array(train.userItems.targets.length).fill(t0 - 10 * minute);
    const late = train.userItems.targets.indexOf(4);
    lastAt[late] = t0 + minute / 2; // engaged half a minute into the minute
    const data = buildRankingData(train, { lastAt });
    const window = 5 * minute;
    expect(trendingCounts(data, t0 + (3 * minute) / 4, window)[4]).toBe(1);
    expect(trendingCandidates(data, t0 + (3 * minute) / 4, window, 5)).toEqual([]); // counted as of t0
    expect(trendingCandidates(data, t0 + minute, window, 5)).toEqual([{ item: 4, score: 1 }]);
  });
  it('fresh lists the newest published items first', () => {
    const published = Float64Array.of(10, 50, NaN, 20, NaN, NaN, NaN, 99);
    const data = tinyData({ itemPublishedAt: published });
    expect(freshCandidates(data, 3).map((h) => h.item)).toEqual([7, 1, 3]);
  });
});

describe('mergeCandidates', () => {
  it('deduplicates across sources and keeps each source score and evidence', () => {
    const merged = mergeCandidates({
      social: [{ item: 2, score: 1, evidence: [1] }],
      content: [
        { item: 2, score: 0.5 },
        { item: 4, score: 0.1 },
      ],
    });
    expect(merged).toHaveLength(2);
    expect(merged[0]).toEqual({ item: 2, sources: { social: 1, content: 0.5 }, evidence: { social: [1] } });
  });
});
