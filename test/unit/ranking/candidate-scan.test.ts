/**
 * A request that scores only its candidates (RankOptions.scan = 'candidates') ranks the same feed, with
 * the same scores and reasons, as the catalogue scan when its indexes are exact; it computes no graph,
 * content or query score of a non-candidate; it takes those candidates from the indexes it is given.
 */
import { combineBlend } from '../../../src/ranking/blend';
import { inverseRmsOfDots, secondMoment } from '../../../src/ranking/candidate-scan';
import { exactIndex, type NearestNeighbourIndex } from '../../../src/ranking/candidates';
import { defaultRanker } from '../../../src/ranking/default-ranker';
import { featureStats } from '../../../src/ranking/feature-stats';
import { rankForUser, requestSignals, type RankOptions } from '../../../src/ranking/rank-for-user';
import type { RankingData } from '../../../src/ranking/ranking-data';
import { dotAll } from '../../../src/ranking/top-k';
import { userStateFromData } from '../../../src/ranking/user-state';
import { worldData } from './world-fixture';

/** Small per-source lists, so that every source truncates and the candidates are a part of the catalogue. */
const SMALL: Partial<RankOptions> = {
  perSource: { graph: 15, coEngagement: 20, social: 10, content: 10, query: 10, popular: 5, trending: 5, fresh: 5 },
};

describe('candidate-only scan', () => {
  let data: RankingData;
  beforeAll(async () => {
    data = (await worldData()).data;
  });

  it('the world has what the scan replaces: graph, content, walk and blend items', () => {
    expect(data.graph && data.content && data.walk && data.blendItems).toBeTruthy();
    expect(data.numItems).toBeGreaterThan(400);
  });

  it('ranks the same feeds, scores and reasons as the catalogue scan with exact indexes', () => {
    const model = defaultRanker(featureStats(data));
    const query = Float32Array.from(data.content!.items.subarray(7 * 64, 8 * 64));
    let compared = 0;
    for (let u = 0; u < data.numUsers; u += 3) {
      const state = userStateFromData(data, u);
      if (state.items.length === 0) continue;
      const request = { user: u, state, k: 20, now: 0, ...(u % 2 ? { queryVector: query } : {}) };
      const full = rankForUser(data, model, request, SMALL);
      const part = rankForUser(data, model, request, { ...SMALL, scan: 'candidates' });
      expect(part.map((r) => r.item)).toEqual(full.map((r) => r.item));
      part.forEach((r, k) => expect(r.score).toBeCloseTo(full[k]!.score, 6));
      expect(part.map((r) => r.reasons.map((x) => [x.kind, x.label]))).toEqual(
        full.map((r) => r.reasons.map((x) => [x.kind, x.label])),
      );
      compared++;
    }
    expect(compared).toBeGreaterThan(10);
  });

  it('computes no graph, content or query score outside the candidates, and takes them from the indexes', () => {
    const model = defaultRanker(featureStats(data));
    const u = 4;
    const state = userStateFromData(data, u);
    const query = Float32Array.from(data.content!.items.subarray(3 * 64, 4 * 64));
    const calls: string[] = [];
    const spy = (name: string, inner: NearestNeighbourIndex): NearestNeighbourIndex => ({
      search: (q, k, accept) => {
        calls.push(name);
        return inner.search(q, k, accept);
      },
    });
    const options: Partial<RankOptions> = {
      ...SMALL,
      scan: 'candidates',
      index: spy('graph', exactIndex(data.graph!.items, data.graph!.dim)),
      contentIndex: spy('content', exactIndex(data.content!.items, data.content!.dim)),
    };
    const signals = requestSignals(data, { user: u, state, k: 20, now: 0, queryVector: query }, options);
    expect(signals.scan).toBeDefined();
    expect(signals.graph!.every((x) => x === 0)).toBe(true);
    expect(signals.content!.every((x) => x === 0)).toBe(true);
    expect(signals.query!.every((x) => x === 0)).toBe(true);
    const feed = rankForUser(data, model, { user: u, state, k: 20, now: 0, queryVector: query }, options);
    expect(feed).toHaveLength(20);
    expect(calls.sort()).toEqual(['content', 'content', 'graph']);
  });

  it("the blend's graph scale from the second moment equals the RMS over the blend items", () => {
    const { items, dim } = data.graph!;
    const v = Float32Array.from(items.subarray(0, dim), (x, c) => x + c / 10);
    const dense = combineBlend(
      new Float32Array(data.numItems),
      null,
      dotAll(items, dim, v),
      { walk: 1, graph: 1, social: 0 },
      data.blendItems!,
    );
    const m = secondMoment(items, dim, data.blendItems!);
    expect(inverseRmsOfDots(v, m)).toBeCloseTo(dense.scale.graph, 6);
    expect(secondMoment(items, dim, data.blendItems!)).toBe(m); // cached per table
  });
});
