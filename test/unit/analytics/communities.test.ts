import { detectCommunities } from '../../../src/analytics/communities';
import { coEngagementGraph, socialGraph } from '../../../src/analytics/graphology-graphs';
import { topInfluencers, userPagerank } from '../../../src/analytics/influence';
import { clique, tiny } from './fixture';

// Two 5-cliques of mutual follows joined by one bridge (a4 → b0). A-users listen to jazz, B-users watch cooking.
const A = ['a0', 'a1', 'a2', 'a3', 'a4'];
const B = ['b0', 'b1', 'b2', 'b3', 'b4'];
const twoCliques = () =>
  tiny({
    users: [...A, ...B],
    items: [
      { id: 'jazz1', kind: 'AUDIO', terms: ['jazz', 'saxophone'] },
      { id: 'jazz2', kind: 'AUDIO', terms: ['jazz'] },
      { id: 'cook1', kind: 'VIDEO', terms: ['cooking', 'pasta'] },
      { id: 'cook2', kind: 'VIDEO', terms: ['cooking'] },
    ],
    engaged: [
      ...A.flatMap((u): [string, string, number][] => [
        [u, 'jazz1', 2],
        [u, 'jazz2', 1],
      ]),
      ...B.flatMap((u): [string, string, number][] => [
        [u, 'cook1', 2],
        [u, 'cook2', 1],
      ]),
    ],
    follows: [...clique(A), ...clique(B), ['a4', 'b0']],
  }).data;

describe('Louvain communities', () => {
  it('finds the two obvious cliques of the social graph, with their tags and a high modularity', () => {
    const data = twoCliques();
    const rank = userPagerank(data);
    const r = detectCommunities(data, 'SOCIAL', socialGraph(data), rank);
    expect(r.communities.map((c) => c.size)).toEqual([5, 5]);
    const a = r.membership[0]!;
    expect([0, 1, 2, 3, 4].every((u) => r.membership[u] === a)).toBe(true);
    expect([5, 6, 7, 8, 9].every((u) => r.membership[u] === 1 - a)).toBe(true);
    expect(r.modularity).toBeGreaterThan(0.4);
    const tagsOf = (u: number) => r.communities[r.membership[u]!]!.topTags.map((t) => t.tag);
    expect(tagsOf(0)[0]).toBe('jazz');
    expect(tagsOf(5)[0]).toBe('cooking');
    const shares = r.communities[0]!.topTags.reduce((s, t) => s + t.weight, 0);
    expect(shares).toBeCloseTo(1);
    // Members ranked by PageRank: the bridge's target b0 leads community B.
    expect(r.communities[r.membership[5]!]!.topMembers[0]).toBe(5);
  });

  it('is deterministic for a seed', () => {
    const data = twoCliques();
    const rank = userPagerank(data);
    const one = detectCommunities(data, 'SOCIAL', socialGraph(data), rank, { seed: 7 });
    const two = detectCommunities(data, 'SOCIAL', socialGraph(data), rank, { seed: 7 });
    expect(Array.from(two.membership)).toEqual(Array.from(one.membership));
    expect(two.modularity).toBe(one.modularity);
  });

  it('partitions media by co-engagement and describes them by their own tags', () => {
    const data = tiny({
      users: ['u0', 'u1', 'u2', 'u3'],
      items: [0, 1, 2, 3, 4, 5].map((i) => ({ id: `m${i}`, terms: [i < 3 ? 'rock' : 'podcast'] })),
      engaged: [
        ...['u0', 'u1'].flatMap((u) => [0, 1, 2].map((i): [string, string, number] => [u, `m${i}`, 1])),
        ...['u2', 'u3'].flatMap((u) => [3, 4, 5].map((i): [string, string, number] => [u, `m${i}`, 1])),
      ],
    }).data;
    const r = detectCommunities(data, 'CO_ENGAGEMENT', coEngagementGraph(data), data.itemPopularity);
    expect(r.communities.map((c) => c.size)).toEqual([3, 3]);
    expect(r.membership[0]).toBe(r.membership[2]);
    expect(r.membership[3]).not.toBe(r.membership[0]);
    expect(r.communities[r.membership[4]!]!.topTags).toEqual([{ tag: 'podcast', weight: 1 }]);
  });

  it('returns no communities for a graph without edges', () => {
    const data = tiny({ users: ['x', 'y'], items: [] }).data;
    const r = detectCommunities(data, 'SOCIAL', socialGraph(data), userPagerank(data));
    expect(r.communities).toEqual([]);
    expect(Array.from(r.membership)).toEqual([-1, -1]);
  });
});

describe('top influencers', () => {
  it('ranks the user everyone follows first', () => {
    const data = tiny({
      users: ['hub', 'x', 'y', 'z'],
      items: [],
      follows: [
        ['x', 'hub'],
        ['y', 'hub'],
        ['z', 'hub'],
        ['hub', 'x'],
      ],
    }).data;
    const top = topInfluencers(data, userPagerank(data), 2);
    expect(top.map((t) => t.userId)).toEqual(['hub', 'x']);
    expect(top[0]).toMatchObject({ rank: 1, followers: 3, following: 1 });
    const all = userPagerank(data).reduce((s, v) => s + v, 0);
    expect(all).toBeCloseTo(1);
  });
});
