import { similarItems } from '../../../src/ranking/similar-items';
import { suggestFriends } from '../../../src/ranking/suggest-friends';
import { buildCsr, transposeCsr } from '../../../src/graph/csr';
import { buildRankingData } from '../../../src/ranking/ranking-data';
import { tinyData, tinyTrain } from './fixtures';

describe('similarItems', () => {
  it('blends graph, content and co-engagement for a catalogue item', () => {
    const data = tinyData();
    const out = similarItems(data, 3, 3);
    expect(out[0]!.item).toBe(4); // jazz, close in graph and content, co-engaged by u2
    expect(out.map((r) => r.item)).not.toContain(3);
    expect(out[0]!.reasons.map((r) => r.kind).sort()).toEqual(['coEngagement', 'content', 'graph']);
    expect(out[0]!.reasons[0]!.evidence).toEqual(['m3']);
  });
  it('works for a brand-new item that has only a content vector', () => {
    const data = tinyData();
    const out = similarItems(data, { content: Float32Array.of(0, 0.6, 0.8) }, 2);
    expect(out.map((r) => r.item)).toEqual([6, 5]); // cos 0.936, 0.8
    expect(out[0]!.reasons.map((r) => r.kind)).toEqual(['content']);
  });
  it('item 7 (never engaged, no graph vector) still finds its content twin', () => {
    expect(similarItems(tinyData(), 7, 1)[0]!.item).toBe(0);
  });
  it('scores only the given candidates (and the co-engagement neighbours) with the catalogue scan’s scores', () => {
    const data = tinyData();
    for (let item = 0; item < data.numItems; item++) {
      const all = similarItems(data, item, data.numItems);
      const everyItem = Array.from({ length: data.numItems }, (_, i) => data.numItems - 1 - i);
      expect(similarItems(data, item, data.numItems, { candidates: everyItem })).toEqual(all);
      // Two candidates, plus the item's co-engagement neighbours: exactly those, scored as in `all`.
      const co = data.coEngagement!;
      const neighbours = Array.from(co.targets.subarray(co.offsets[item]!, co.offsets[item + 1]!));
      const few = [(item + 1) % data.numItems, (item + 2) % data.numItems];
      const expected = all.filter((s) => few.includes(s.item) || neighbours.includes(s.item));
      expect(similarItems(data, item, data.numItems, { candidates: few })).toEqual(expected);
    }
  });
});

describe('suggestFriends', () => {
  // 0–1, 0–2, 1–3, 2–3, 2–4, 4–5 (undirected); 0's friends-of-friends: 3 (via 1 and 2), 4 (via 2).
  const edges = [
    [0, 1],
    [0, 2],
    [1, 3],
    [2, 3],
    [2, 4],
    [4, 5],
  ];
  const src = Int32Array.from(edges.flatMap(([a, b]) => [a!, b!]));
  const dst = Int32Array.from(edges.flatMap(([a, b]) => [b!, a!]));
  const social = buildCsr(6, 6, src, dst);
  const ui = buildCsr(6, 2, Int32Array.of(0, 5), Int32Array.of(0, 1));
  const data = buildRankingData(
    { numUsers: 6, numItems: 2, userItems: ui, itemUsers: transposeCsr(ui), social },
    { coEngagement: null },
  );

  it('ranks the two-mutual-friend candidate first with its mutual friends as evidence', () => {
    const out = suggestFriends(data, 0, 5);
    expect(out[0]).toMatchObject({ user: 3, mutualFriends: 2 });
    expect(out[0]!.reasons[0]!.evidence).toEqual(['1', '2']);
    expect(out.find((s) => s.user === 4)!.mutualFriends).toBe(1);
    const ids = out.map((s) => s.user);
    expect(ids).not.toContain(0);
    expect(ids).not.toContain(1);
    expect(ids).not.toContain(2);
  });
  it('reaches three hops through personalised PageRank', () => {
    const out = suggestFriends(data, 0, 5);
    const five = out.find((s) => s.user === 5)!;
    expect(five.mutualFriends).toBe(0);
    expect(five.score).toBeGreaterThan(0);
    expect(five.score).toBeLessThan(out[0]!.score);
  });
  it('uses embedding similarity for users without a shared friend', () => {
    const gi = new Float32Array(16);
    const d = tinyData({
      graph: { dim: 2, items: gi, users: Float32Array.of(1, 0, 0.6, 0.6, 0.1, 0.9, 0, 0, 0.2, 0.9) },
    });
    const out = suggestFriends(d, 4, 3);
    expect(out[0]!.user).toBe(2); // most similar embedding
    expect(out.length).toBeGreaterThan(0); // isolated user 4, found by embedding only
    expect(out[0]!.mutualFriends).toBe(0);
    expect(() => suggestFriends(d, 99, 3)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });
  it('the tiny fixture: user 0 is suggested user 2 (friend of friend 1)', () => {
    const out = suggestFriends(tinyData(), 0, 3);
    expect(out[0]!.user).toBe(2);
    void tinyTrain;
  });
});
