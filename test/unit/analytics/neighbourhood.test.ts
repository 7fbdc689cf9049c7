import { NEIGHBOURHOOD_LIMITS, neighbourhood } from '../../../src/analytics/neighbourhood';
import { resolveNode } from '../../../src/analytics/graph-node';
import { shortestPath } from '../../../src/analytics/shortest-path';
import { tiny } from './fixture';

// u0 –m0– u1 –m1– u2, u3 → u0 (follows), u4 alone with m2; u1 engages many extra items x0..x5.
const chain = () =>
  tiny({
    users: ['u0', 'u1', 'u2', 'u3', 'u4'],
    items: ['m0', 'm1', 'm2', 'x0', 'x1', 'x2', 'x3', 'x4', 'x5'].map((id) => ({ id })),
    engaged: [
      ['u0', 'm0', 5],
      ['u1', 'm0', 1],
      ['u1', 'm1', 1],
      ['u2', 'm1', 1],
      ['u4', 'm2', 1],
      ...[0, 1, 2, 3, 4, 5].map((i): [string, string, number] => ['u1', `x${i}`, i + 1]),
    ],
    follows: [['u3', 'u0']],
  });

const deco = (d: ReturnType<typeof chain>['data']) => ({
  userRank: new Float64Array(d.numUsers).fill(0.2),
  itemRank: d.itemPopularity,
});
const ids = (n: { nodes: { id: string }[] }) => n.nodes.map((x) => x.id).sort();

describe('neighbourhood', () => {
  it('returns the nodes within depth and the edges among them', () => {
    const t = chain();
    const one = neighbourhood(t.data, resolveNode(t, 'u0'), deco(t.data), { depth: 1 });
    expect(ids(one)).toEqual(['m0', 'u0', 'u3']);
    expect(one.edges).toEqual(
      expect.arrayContaining([
        { source: 'u3', target: 'u0', type: 'FOLLOWS', weight: 1 },
        { source: 'u0', target: 'm0', type: 'ENGAGED', weight: 5 },
      ]),
    );
    expect(one.edges).toHaveLength(2);
    expect(one.truncated).toBe(false);
    expect(one.nodes.find((n) => n.id === 'u0')).toMatchObject({ type: 'USER', depth: 0, size: 0.2, community: null });
    const two = neighbourhood(t.data, resolveNode(t, 'u0'), deco(t.data), { depth: 2 });
    expect(ids(two)).toEqual(['m0', 'u0', 'u1', 'u3']);
    const three = neighbourhood(t.data, resolveNode(t, 'u0'), deco(t.data), { depth: 3 });
    expect(three.nodes).toHaveLength(4 + 7); // + m1, x0..x5
    expect(three.edges.filter((e) => e.source === 'u1')).toHaveLength(8);
  });

  it('caps at limit, keeping the strongest ties', () => {
    const t = chain();
    const capped = neighbourhood(t.data, resolveNode(t, 'u1'), deco(t.data), { depth: 1, limit: 4 });
    expect(capped.nodes).toHaveLength(4);
    expect(capped.truncated).toBe(true);
    // log(1+w): x5 (6), x4 (5), x3 (4) beat m0, m1 (1).
    expect(ids(capped)).toEqual(['u1', 'x3', 'x4', 'x5']);
  });

  it('starts from media too', () => {
    const t = chain();
    const n = neighbourhood(t.data, resolveNode(t, 'm1'), deco(t.data), { depth: 1 });
    expect(ids(n)).toEqual(['m1', 'u1', 'u2']);
    expect(n.nodes[0]).toMatchObject({ id: 'm1', type: 'MEDIA' });
  });

  it('rejects depth and limit out of range, and unknown ids', () => {
    const t = chain();
    const start = resolveNode(t, 'u0');
    for (const bad of [
      { depth: 0 },
      { depth: 4 },
      { limit: 0 },
      { limit: NEIGHBOURHOOD_LIMITS.limit.max + 1 },
      { depth: 1.5 },
    ]) {
      expect(() => neighbourhood(t.data, start, deco(t.data), bad)).toThrow(
        expect.objectContaining({ code: 'BAD_USER_INPUT' }),
      );
    }
    expect(() => resolveNode(t, 'nobody')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => resolveNode(t, 'm0', 'USER')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(resolveNode(t, 'm0')).toEqual({ type: 'MEDIA', index: 0 });
  });
});

describe('shortestPath', () => {
  it('walks user–media–user hops', () => {
    const t = chain();
    const p = shortestPath(t.data, resolveNode(t, 'u0'), resolveNode(t, 'u2'), deco(t.data))!;
    expect(p.length).toBe(4);
    expect(p.nodes.map((n) => n.id)).toEqual(['u0', 'm0', 'u1', 'm1', 'u2']);
    expect(p.edges[1]).toEqual({ source: 'u1', target: 'm0', type: 'ENGAGED', weight: 1 });
    expect(
      shortestPath(t.data, resolveNode(t, 'm0'), resolveNode(t, 'm1'), deco(t.data))!.nodes.map((n) => n.id),
    ).toEqual(['m0', 'u1', 'm1']);
  });
  it('is null between disconnected nodes and empty from a node to itself', () => {
    const t = chain();
    expect(shortestPath(t.data, resolveNode(t, 'u0'), resolveNode(t, 'u4'), deco(t.data))).toBeNull();
    // u3 only follows: not reachable over engagement, reachable when follows count.
    expect(shortestPath(t.data, resolveNode(t, 'u3'), resolveNode(t, 'm0'), deco(t.data))).toBeNull();
    const social = shortestPath(t.data, resolveNode(t, 'u3'), resolveNode(t, 'm0'), deco(t.data), {
      viaFollows: true,
    })!;
    expect(social.edges[0]).toEqual({ source: 'u3', target: 'u0', type: 'FOLLOWS', weight: 1 });
    expect(shortestPath(t.data, resolveNode(t, 'u0'), resolveNode(t, 'u0'), deco(t.data))).toMatchObject({
      length: 0,
      edges: [],
    });
  });
});

describe('neighbourhood edge cap', () => {
  it('keeps the edges nearest the start when there are more than maxEdges', () => {
    const t = chain();
    const all = neighbourhood(t.data, resolveNode(t, 'u0'), deco(t.data), { depth: 3 });
    expect(all.edges.length).toBeGreaterThan(3);
    const capped = neighbourhood(t.data, resolveNode(t, 'u0'), deco(t.data), { depth: 3, maxEdges: 3 });
    expect(capped.nodes).toHaveLength(all.nodes.length);
    expect(capped.truncated).toBe(true);
    expect(capped.edges).toHaveLength(3);
    // u0's own edges (depth 0 endpoint) come first.
    expect(capped.edges.filter((e) => e.source === 'u0' || e.target === 'u0')).toHaveLength(2);
  });
});
