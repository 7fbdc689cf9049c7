/** Issue 14, item 6: the impression rule, takedown overlay, batch pairing of impressions, tag filters. */
import { pairRows, validateImpression } from '../../../src/ingest/impression-service';
import { buildFilter } from '../../../src/ranking/filters';
import { ImpressionOverlay } from '../../../src/recommend/impressions';
import type { ServingSnapshot } from '../../../src/recommend/snapshot';
import { TakedownOverlay } from '../../../src/recommend/takedowns';
import { tinyData } from '../ranking/fixtures';

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-01T12:00:00Z');

function snapshot(
  repeated: Record<string, Record<string, { count: number; lastAt: number }>> = {},
  readAt = NOW - 1000,
): ServingSnapshot {
  const data = tinyData();
  return {
    version: 1,
    loadedAt: readAt,
    readAt,
    data,
    userIndex: new Map(data.userIds!.map((id, i) => [id, i])),
    itemIndex: new Map(data.itemIds!.map((id, i) => [id, i])),
    repeated: new Map(Object.entries(repeated).map(([u, m]) => [u, new Map(Object.entries(m))])),
  };
}
const shown = (userId: string, mediaId: string, count: number, lastAt: number) => ({
  userId,
  mediaId,
  count,
  lastAt: new Date(lastAt).toISOString(),
  counted: true,
});

describe('the impression rule', () => {
  it('leaves out an item shown `limit` times without engagement, until the TTL passes', () => {
    const o = new ImpressionOverlay({ limit: 3, ttlDays: 30 });
    const snap = snapshot();
    o.record([shown('u0', 'm2', 2, NOW)], NOW);
    expect(o.leftOut(snap, 'u0', NOW)).toEqual([]);
    o.record([shown('u0', 'm2', 3, NOW)], NOW);
    expect(o.leftOut(snap, 'u0', NOW)).toEqual([2]);
    expect(o.leftOut(snap, 'u1', NOW)).toEqual([]);
    expect(o.leftOut(snap, 'u0', NOW + 29 * DAY)).toEqual([2]);
    expect(o.leftOut(snap, 'u0', NOW + 31 * DAY)).toEqual([]);
  });

  it('an engagement starts the count again, also over the snapshot’s stored pairs', () => {
    const o = new ImpressionOverlay({ limit: 3, ttlDays: 30 });
    const snap = snapshot({ u0: { m3: { count: 5, lastAt: NOW - DAY }, m4: { count: 3, lastAt: NOW - DAY } } });
    expect(o.leftOut(snap, 'u0', NOW).sort()).toEqual([3, 4]);
    o.engaged('u0', 'm3', NOW);
    expect(o.leftOut(snap, 'u0', NOW)).toEqual([4]);
  });

  it('overlay entries written before a snapshot read are dropped once it is swapped in (it holds them)', () => {
    const o = new ImpressionOverlay({ limit: 1, ttlDays: 30 });
    o.record([shown('u0', 'm2', 1, NOW)], NOW);
    o.pruneBefore(NOW + 1);
    expect(o.leftOut(snapshot(), 'u0', NOW)).toEqual([]);
    o.record([shown('u0', 'm2', 1, NOW)], NOW + 5);
    o.pruneBefore(NOW + 1);
    expect(o.leftOut(snapshot(), 'u0', NOW)).toEqual([2]);
  });

  it('pairs a batch per (user, item): the latest time and the number of distinct times', () => {
    const at = (s: number) => new Date(NOW + s * 1000).toISOString();
    const rows = [
      { userId: 'u', mediaId: 'a', at: at(1) },
      { userId: 'u', mediaId: 'a', at: at(1) }, // a repeat in the batch: one impression
      { userId: 'u', mediaId: 'a', at: at(3) },
      { userId: 'u', mediaId: 'b', at: at(2) },
    ];
    expect(pairRows(rows)).toEqual([
      { userId: 'u', mediaId: 'a', at: at(3), times: 2 },
      { userId: 'u', mediaId: 'b', at: at(2), times: 1 },
    ]);
  });

  it('validates rows with typed errors naming the field', () => {
    const now = () => new Date(NOW);
    expect(validateImpression({ userId: 'u', mediaId: 'm' }, 'input[0]', now)).toEqual({
      userId: 'u',
      mediaId: 'm',
      at: new Date(NOW).toISOString(),
    });
    expect(() => validateImpression({ userId: '', mediaId: 'm' }, 'input[2]', now)).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'input[2].userId' }),
    );
    expect(() => validateImpression({ userId: 'u', mediaId: 'm', at: 'yesterday' }, 'input[1]', now)).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'input[1].at' }),
    );
    expect(() => validateImpression('m1', 'input[0]', now)).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'input[0]' }),
    );
  });
});

describe('takedown overlay', () => {
  it('hides items by id until a snapshot read after the takedown drops them', () => {
    const t = new TakedownOverlay();
    const snap = snapshot();
    t.hide('m4', NOW);
    t.hide('gone', NOW); // not in the snapshot: nothing to index
    expect(t.isHidden('m4')).toBe(true);
    expect(t.indices(snap)).toEqual([4]);
    t.pruneBefore(NOW - 1);
    expect(t.size).toBe(2);
    t.pruneBefore(NOW + 1);
    expect(t.size).toBe(0);
  });
});

describe('tag filters', () => {
  const tags = [
    ['rock'],
    ['rock', 'indie'],
    ['rock', 'punk'],
    ['jazz'],
    ['jazz', 'bebop'],
    ['news'],
    ['news', 'talk'],
    [],
  ];
  const data = tinyData({ itemTags: tags });
  const pass = (f: Parameters<typeof buildFilter>[2]) =>
    Array.from({ length: 8 }, (_, i) => i).filter(buildFilter(data, null, f));
  it('keeps items with any of `tags` and none of `excludeTags`', () => {
    expect(pass({ tags: ['jazz'] })).toEqual([3, 4]);
    expect(pass({ tags: ['punk', 'talk'] })).toEqual([2, 6]);
    expect(pass({ excludeTags: ['rock'] })).toEqual([3, 4, 5, 6, 7]);
    expect(pass({ tags: ['rock'], excludeTags: ['indie', 'punk'] })).toEqual([0]);
    expect(pass({})).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});
