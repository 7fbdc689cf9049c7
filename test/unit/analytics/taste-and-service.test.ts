import { AnalyticsService, type SnapshotSource } from '../../../src/analytics/analytics-service';
import { hourHistogram, tasteProfile } from '../../../src/analytics/taste-profile';
import { clique, tiny, type Tiny } from './fixture';

const spec = {
  users: ['a', 'b', 'c', 'd'],
  items: [
    { id: 'song', kind: 'AUDIO' as const, terms: ['jazz', 'live'] },
    { id: 'clip', kind: 'VIDEO' as const, terms: ['jazz'] },
    { id: 'film', kind: 'VIDEO' as const, terms: ['drama'] },
  ],
  engaged: [
    ['a', 'song', Math.E - 1],
    ['a', 'clip', Math.E - 1],
    ['b', 'film', 1],
    ['c', 'film', 1],
  ] as [string, string, number][],
  follows: [...clique(['a', 'b', 'c'])],
};

describe('tasteProfile', () => {
  it('weighs tags and kinds by log(1 + w) and histograms hours', () => {
    const t = tiny(spec);
    const hours = hourHistogram([
      { hour: 20, n: 3 },
      { hour: 8, n: 1 },
      { hour: 25, n: 9 },
      { hour: null, n: 1 },
    ]);
    expect(hours).toHaveLength(24);
    const p = tasteProfile(t.data, 'a', 0, hours);
    expect(p.engagedMedia).toBe(2);
    // jazz 1 + 1, live 1 → shares 2/3, 1/3.
    expect(p.topTags[0]!.tag).toBe('jazz');
    expect(p.topTags[0]!.weight).toBeCloseTo(2 / 3);
    expect(p.topTags[1]!.tag).toBe('live');
    expect(p.kinds).toEqual([
      { kind: 'AUDIO', items: 1, share: expect.closeTo(0.5) },
      { kind: 'VIDEO', items: 1, share: expect.closeTo(0.5) },
    ]);
    expect(p.activityByHour[20]).toBe(3);
    expect(p.peakHour).toBe(20);
  });
  it('is empty for a user the snapshot does not know yet', () => {
    const p = tasteProfile(tiny(spec).data, 'new', null, []);
    expect(p).toMatchObject({ engagedMedia: 0, topTags: [], peakHour: null });
    expect(p.activityByHour.every((h) => h === 0)).toBe(true);
  });
});

class FakeState implements SnapshotSource {
  private listeners: (() => void)[] = [];
  constructor(public snapshot: Tiny) {}
  onSwap(l: () => void): void {
    this.listeners.push(l);
  }
  swap(next: Tiny): void {
    this.snapshot = next;
    for (const l of this.listeners) l();
  }
}

describe('AnalyticsService', () => {
  const make = () => {
    const state = new FakeState(tiny(spec, 1));
    const hours = jest.fn(async () => hourHistogram([{ hour: 9, n: 2 }]));
    const userExists = jest.fn(async (id: string) => id === 'fresh');
    return { state, hours, service: new AnalyticsService({ state, hours, userExists }) };
  };

  it('caches whole-graph results per snapshot version and drops them on swap', () => {
    const { state, service } = make();
    const s1 = service.graphStats();
    expect(s1).toMatchObject({ snapshotVersion: 1, nodes: { users: 4 } });
    expect(service.cachedVersion).toBe(1);
    const c1 = service.communities('SOCIAL', 5);
    expect(service.communities('SOCIAL', 5)).toEqual(c1);
    state.swap(tiny({ ...spec, users: [...spec.users, 'e'] }, 2));
    expect(service.cachedVersion).toBeNull();
    expect(service.graphStats()).toMatchObject({ snapshotVersion: 2, nodes: { users: 5 } });
  });

  it('answers influencers, communities, neighbourhoods and paths with decorated nodes', () => {
    const { service } = make();
    const top = service.topInfluencers(2);
    expect(top).toHaveLength(2);
    expect(top[0]!.community).not.toBeNull();
    const social = service.communities('SOCIAL', 1);
    expect(social).toMatchObject({ graph: 'SOCIAL', count: 1, communities: [{ id: 0, size: 3 }] });
    expect(social.communities[0]!.topMembers[0]).toMatchObject({ type: 'USER', community: 0 });
    const n = service.neighbourhood('a', { depth: 1, limit: 10 });
    expect(n.nodes.find((x) => x.id === 'song')).toMatchObject({ type: 'MEDIA' });
    expect(n.nodes.find((x) => x.id === 'a')!.size).toBeGreaterThan(0);
    expect(service.shortestPath('a', 'b')).toBeNull();
    expect(service.shortestPath('a', 'b', { viaFollows: true })!.length).toBe(1);
    expect(service.shortestPath('b', 'c')!.nodes.map((x) => x.id)).toEqual(['b', 'film', 'c']);
    expect(() => service.neighbourhood('zzz')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => service.neighbourhood('a', { depth: 9 })).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    expect(() => service.shortestPath('a', 'zzz')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('reads activity hours through the injected function and knows unknown users', async () => {
    const { service, hours } = make();
    const p = await service.tasteProfile('a');
    expect(hours).toHaveBeenCalledWith('a');
    expect(p.peakHour).toBe(9);
    expect((await service.tasteProfile('fresh')).engagedMedia).toBe(0);
    await expect(service.tasteProfile('ghost')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
