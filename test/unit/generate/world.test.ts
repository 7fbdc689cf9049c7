import { isAppError } from '../../../src/domain/errors';
import { validateRecord } from '../../../src/ingest/validate-record';
import { resolveWorldOptions, worldSizes } from '../../../src/generate/options';
import { apportion } from '../../../src/generate/sampling';
import { generateWorld, type WorldRow } from '../../../src/generate/world';

const SCALE = 0.05;
const rows = (seed: number, scale = SCALE): WorldRow[] => [...generateWorld({ scale, seed })];
type Of<E extends WorldRow['entity']> = Extract<WorldRow, { entity: E }>;
const of = <E extends WorldRow['entity']>(all: WorldRow[], e: E): Of<E>[] =>
  all.filter((r): r is Of<E> => r.entity === e);

/** Share of the total held by the top `fraction` of the counts. */
function topShare(counts: Map<string, number>, fraction: number): number {
  const v = [...counts.values()].sort((a, b) => b - a);
  const total = v.reduce((s, x) => s + x, 0);
  return v.slice(0, Math.max(1, Math.round(v.length * fraction))).reduce((s, x) => s + x, 0) / total;
}
const count = (ids: string[]): Map<string, number> =>
  ids.reduce((m, id) => m.set(id, (m.get(id) ?? 0) + 1), new Map<string, number>());

describe('synthetic world generator', () => {
  const world = rows(7);

  test('is deterministic by seed', () => {
    expect(JSON.stringify(rows(7))).toBe(JSON.stringify(world));
    expect(JSON.stringify(rows(8))).not.toBe(JSON.stringify(world));
  });

  test('has exactly the sizes of its scale (LastFM at scale 1)', () => {
    expect(worldSizes({ scale: 1, communitiesAtScale1: 24 })).toMatchObject({
      users: 1892,
      media: 17632,
      interactions: 92834,
      follows: 25434,
    });
    const size = worldSizes(resolveWorldOptions({ scale: SCALE }));
    expect(of(world, 'user')).toHaveLength(size.users);
    expect(of(world, 'media')).toHaveLength(size.media);
    expect(of(world, 'interaction')).toHaveLength(size.interactions);
    expect(of(world, 'follow')).toHaveLength(size.follows);
  });

  test('every row is valid import input and refers to declared users and media', () => {
    const users = new Set(of(world, 'user').map((u) => u.id));
    const media = new Set(of(world, 'media').map((m) => m.id));
    for (const row of world) {
      const { entity, ...data } = row;
      expect(() => validateRecord(entity, data)).not.toThrow();
    }
    for (const m of of(world, 'media')) if (m.creatorId) expect(users.has(m.creatorId)).toBe(true);
    for (const e of of(world, 'interaction')) expect(users.has(e.userId) && media.has(e.mediaId)).toBe(true);
    const events = of(world, 'interaction').map((e) => e.eventId);
    expect(new Set(events).size).toBe(events.length);
    const follows = of(world, 'follow').map((f) => `${f.followerId}>${f.followeeId}`);
    expect(new Set(follows).size).toBe(follows.length);
    for (const f of of(world, 'follow')) expect(f.followerId).not.toBe(f.followeeId);
  });

  test('popularity, activity and follower counts are skewed', () => {
    const events = of(world, 'interaction');
    expect(topShare(count(events.map((e) => e.mediaId)), 0.1)).toBeGreaterThan(0.35);
    expect(topShare(count(events.map((e) => e.userId)), 0.1)).toBeGreaterThan(0.25);
    expect(topShare(count(of(world, 'follow').map((f) => f.followeeId)), 0.1)).toBeGreaterThan(0.2);
  });

  test('follows are reciprocated and close triangles', () => {
    const follows = of(world, 'follow');
    const set = new Set(follows.map((f) => `${f.followerId}>${f.followeeId}`));
    const reciprocated = follows.filter((f) => set.has(`${f.followeeId}>${f.followerId}`)).length / follows.length;
    expect(reciprocated).toBeGreaterThan(0.3);
    // Triadic closure raises the mean local clustering coefficient (undirected) above the same world
    // made without it, and far above the graph's density (what a random graph would have).
    const clustering = (all: WorldRow[]): { mean: number; density: number } => {
      const adj = new Map<string, Set<string>>();
      const link = (a: string, b: string): void => void (adj.get(a) ?? adj.set(a, new Set()).get(a)!).add(b);
      const fs = of(all, 'follow');
      for (const f of fs) {
        link(f.followerId, f.followeeId);
        link(f.followeeId, f.followerId);
      }
      let sum = 0;
      let nodes = 0;
      for (const nb of adj.values()) {
        const l = [...nb].slice(0, 60);
        if (l.length < 2) continue;
        let closed = 0;
        for (let i = 0; i < l.length; i++)
          for (let j = i + 1; j < l.length; j++) if (adj.get(l[i]!)!.has(l[j]!)) closed++;
        sum += closed / ((l.length * (l.length - 1)) / 2);
        nodes++;
      }
      const n = of(all, 'user').length;
      return { mean: sum / nodes, density: (2 * fs.length) / (n * (n - 1)) };
    };
    // The rows are lazy and interactions come last: stop there.
    const socialPart = (triadicClosure?: number): WorldRow[] => {
      const out: WorldRow[] = [];
      for (const r of generateWorld({
        scale: 1,
        seed: 3,
        ...(triadicClosure !== undefined ? { triadicClosure } : {}),
      })) {
        if (r.entity === 'interaction') break;
        out.push(r);
      }
      return out;
    };
    const withClosure = clustering(socialPart());
    const without = clustering(socialPart(0));
    expect(withClosure.mean).toBeGreaterThan(5 * withClosure.density);
    expect(withClosure.mean).toBeGreaterThan(1.1 * without.mean);
  });

  test('times lie in the window, after the item was published', () => {
    const start = Date.parse('2024-01-01T00:00:00Z');
    const end = start + 6 * 30.44 * 86_400_000;
    const published = new Map(of(world, 'media').map((m) => [m.id, m.publishedAt ? Date.parse(m.publishedAt) : start]));
    for (const e of of(world, 'interaction')) {
      const at = Date.parse(e.at);
      expect(at).toBeGreaterThanOrEqual(Math.max(start, published.get(e.mediaId)!));
      expect(at).toBeLessThan(end + 2 * 86_400_000);
    }
  });

  test('media text comes from community vocabularies', () => {
    // Items of one community share tags: the most common tag covers many items, not one each.
    const tags = count(of(world, 'media').flatMap((m) => m.tags));
    expect(Math.max(...tags.values())).toBeGreaterThan(of(world, 'media').length / 20);
  });

  test('refuses bad options naming the field', () => {
    for (const [given, field] of [
      [{ scale: 0 }, 'scale'],
      [{ scale: 1, seed: 1.5 }, 'seed'],
      [{ scale: 1, reciprocity: 2 }, 'reciprocity'],
      [{ scale: 1, start: 'soon' }, 'start'],
    ] as const) {
      try {
        resolveWorldOptions(given);
        throw new Error('accepted');
      } catch (error) {
        expect(isAppError(error) && error.code).toBe('BAD_USER_INPUT');
        expect((error as { field?: string }).field).toBe(field);
      }
    }
  });
});

describe('apportion', () => {
  test('sums exactly to the total within bounds', () => {
    const a = apportion([5, 1, 1, 0.1], 100, 1, 60);
    expect(a.reduce((s, x) => s + x, 0)).toBe(100);
    expect(Math.min(...a)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...a)).toBeLessThanOrEqual(60);
  });
});
