import { connectedComponents, engagementComponents, socialComponents } from '../../../src/analytics/components';
import { percentile, summarize } from '../../../src/analytics/degree-stats';
import { graphStats } from '../../../src/analytics/graph-stats';
import { buildCsr } from '../../../src/graph/csr';
import { tiny } from './fixture';

// a ⇄ b → c, d alone; a, b engage m1 (audio); c engages m2 (video); m3 (unknown kind) untouched.
const small = () =>
  tiny({
    users: ['a', 'b', 'c', 'd'],
    items: [{ id: 'm1', kind: 'AUDIO' }, { id: 'm2', kind: 'VIDEO' }, { id: 'm3' }],
    engaged: [
      ['a', 'm1', 3],
      ['b', 'm1', 1],
      ['c', 'm2', 2],
    ],
    follows: [
      ['a', 'b'],
      ['b', 'a'],
      ['b', 'c'],
    ],
  }).data;

describe('degree summaries', () => {
  it('uses nearest-rank percentiles', () => {
    const one = Array.from({ length: 10 }, (_, i) => i + 1);
    expect(percentile(one, 50)).toBe(5);
    expect(percentile(one, 90)).toBe(9);
    expect(percentile(one, 99)).toBe(10);
    expect(percentile([], 50)).toBe(0);
    expect(summarize([4, 1, 3, 2])).toEqual({ count: 4, min: 1, mean: 2.5, p50: 2, p90: 4, p99: 4, max: 4 });
    expect(summarize([]).count).toBe(0);
  });
});

describe('connected components', () => {
  it('counts components, the largest, and isolated nodes', () => {
    const csr = buildCsr(6, 6, Int32Array.of(0, 1, 3), Int32Array.of(1, 2, 4));
    const c = connectedComponents(6, [{ csr }]);
    expect([c.count, c.largest, c.isolated]).toEqual([3, 3, 1]);
    expect(c.labels[0]).toBe(c.labels[2]);
    expect(c.labels[3]).not.toBe(c.labels[0]);
  });
  it('treats follows as undirected and joins users through media', () => {
    const data = small();
    const s = socialComponents(data);
    expect([s.count, s.largest, s.isolated]).toEqual([2, 3, 1]);
    const e = engagementComponents(data);
    // {a, b, m1}, {c, m2}, {d}, {m3}
    expect([e.count, e.largest, e.isolated]).toEqual([4, 3, 2]);
  });
});

describe('graphStats', () => {
  it('reports counts, degrees, density and components of a known graph', () => {
    const s = graphStats(small());
    expect(s.nodes).toEqual({ users: 4, media: 3, audio: 1, video: 1, unknownKind: 1 });
    expect(s.edges).toEqual({ engagements: 3, follows: 3, friendships: 1 });
    expect(s.degrees.userEngagement).toMatchObject({ count: 4, min: 0, max: 1, p50: 1, mean: 0.75 });
    expect(s.degrees.itemEngagement).toMatchObject({ count: 3, min: 0, max: 2, p50: 1, p99: 2 });
    expect(s.degrees.followers).toMatchObject({ max: 1, p50: 1, mean: 0.75 });
    expect(s.degrees.following).toMatchObject({ max: 2, p50: 0, p90: 2 });
    expect(s.density.social).toBeCloseTo(3 / 12);
    expect(s.density.engagement).toBeCloseTo(3 / 12);
    expect(s.components.social).toEqual({ count: 2, largest: 3, isolated: 1 });
    expect(s.components.engagement).toEqual({ count: 4, largest: 3, isolated: 2 });
  });
  it('handles an empty graph', () => {
    const s = graphStats(tiny({ users: [], items: [] }).data);
    expect(s.nodes.users).toBe(0);
    expect(s.density).toEqual({ social: 0, engagement: 0 });
    expect(s.components.social.count).toBe(0);
  });
});
