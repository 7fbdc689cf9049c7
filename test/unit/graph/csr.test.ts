import { buildCsr, hasEdge, sharedCsr, transposeCsr } from '../../../src/graph/csr';
import {
  buildInteractionGraph,
  buildInteractionGraphFromIds,
  engagementCsr,
} from '../../../src/graph/interaction-graph';
import { adamicAdar, friendsOfFriends } from '../../../src/graph/neighbourhood';

describe('csr', () => {
  it('sorts rows, merges duplicate edges by summing weights and transposes', () => {
    const csr = buildCsr(
      3,
      4,
      Int32Array.of(2, 0, 0, 2, 0),
      Int32Array.of(1, 3, 1, 1, 3),
      Float32Array.of(1, 2, 3, 4, 5),
    );
    expect(Array.from(csr.offsets)).toEqual([0, 2, 2, 3]);
    expect(Array.from(csr.targets)).toEqual([1, 3, 1]);
    expect(Array.from(csr.weights)).toEqual([3, 7, 5]);
    const t = transposeCsr(csr);
    expect(t.rows).toBe(4);
    expect(Array.from(t.offsets)).toEqual([0, 0, 2, 2, 3]);
    expect(Array.from(t.targets)).toEqual([0, 2, 0]);
    expect(Array.from(t.weights)).toEqual([3, 5, 7]);
    expect(hasEdge(csr, 0, 3)).toBe(true);
    expect(hasEdge(csr, 1, 3)).toBe(false);
  });

  it('rejects out-of-range indices', () => {
    expect(() => buildCsr(2, 2, Int32Array.of(0), Int32Array.of(2))).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT' }),
    );
  });

  it('builds the interaction graph in both directions from arrays and from ids', () => {
    const g = buildInteractionGraph({
      userIds: ['u1', 'u2'],
      itemIds: ['m1', 'm2', 'm3'],
      edges: { user: Int32Array.of(0, 0, 1), item: Int32Array.of(0, 2, 1), weight: Float32Array.of(1, 3, 1) },
      follows: { src: Int32Array.of(0, 1, 1), dst: Int32Array.of(1, 1, 0) },
    });
    expect(g.userIndex.get('u2')).toBe(1);
    expect(Array.from(g.itemUsers.targets)).toEqual([0, 1, 0]);
    expect(g.following.targets.length).toBe(2); // self-follow dropped
    expect(Array.from(g.followers.offsets)).toEqual([0, 1, 2]);
    const h = buildInteractionGraphFromIds({
      engagements: [
        { user: 'a', item: 'x' },
        { user: 'b', item: 'y', weight: 2 },
      ],
      follows: [{ follower: 'a', followee: 'c' }],
    });
    expect(h.userIds).toEqual(['a', 'b', 'c']);
    const e = engagementCsr(h);
    expect(e.rows).toBe(5);
    expect(Array.from(e.targets.slice(e.offsets[4]!, e.offsets[5]!))).toEqual([1]);
    expect(e.weights[e.offsets[4]!]).toBe(2);
  });

  it('friends-of-friends and Adamic-Adar on a hand-built graph', () => {
    // 0-1, 0-2, 1-3, 2-3, 2-4 (undirected via follows one way).
    const g = buildInteractionGraph({
      userIds: ['0', '1', '2', '3', '4'],
      itemIds: [],
      edges: { user: new Int32Array(0), item: new Int32Array(0) },
      follows: { src: Int32Array.of(0, 0, 1, 2, 4), dst: Int32Array.of(1, 2, 3, 3, 2) },
    });
    const fof = friendsOfFriends(g.following, g.followers, 0);
    expect(fof.map((s) => s.node)).toEqual([3, 4]);
    expect(fof[0]!.common).toBe(2);
    // Node 3 via 1 (degree 2) and 2 (degree 3): 1/ln2 + 1/ln3.
    expect(fof[0]!.adamicAdar).toBeCloseTo(1 / Math.log(2) + 1 / Math.log(3), 12);
    expect(adamicAdar(g.following, g.followers, 0, 4)).toBeCloseTo(1 / Math.log(3), 12);
  });
});

describe('sharedCsr', () => {
  it('copies every array onto shared memory, equal and independent of the original', () => {
    const csr = buildCsr(3, 3, new Int32Array([0, 0, 2]), new Int32Array([1, 2, 0]), new Float32Array([1, 2, 3]));
    const shared = sharedCsr(csr);
    expect({ ...shared }).toEqual({ ...csr });
    for (const a of [shared.offsets, shared.targets, shared.weights])
      expect(a.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(shared.weights).toBeInstanceOf(Float32Array);
    shared.weights[0] = 9;
    expect(csr.weights[0]).toBe(1);
  });
});
