import { EntityCache } from '../../../src/api/entity-cache';

describe('EntityCache', () => {
  test('serves hits, fetches misses once, and survives a clear during the fetch', async () => {
    const cache = new EntityCache<string>(1000);
    const fetched: string[][] = [];
    const fetch = async (ids: string[]) => {
      fetched.push(ids);
      cache.clear(); // a reload clearing the cache while the fetch runs
      return new Map(ids.filter((id) => id !== 'gone').map((id) => [id, id.toUpperCase()]));
    };
    expect(await cache.load(['a', 'b'], fetch)).toEqual(['A', 'B']);
    cache.set('a', 'A');
    expect(await cache.load(['a', 'c', 'gone'], fetch)).toEqual(['A', 'C', null]);
    expect(fetched).toEqual([
      ['a', 'b'],
      ['c', 'gone'],
    ]);
  });

  test('entries expire after the TTL and can be evicted', () => {
    const cache = new EntityCache<number>(100);
    cache.set('x', 1, 0);
    expect(cache.get('x', 50)).toBe(1);
    expect(cache.get('x', 200)).toBeUndefined();
    cache.set('y', 2);
    cache.evict(['y']);
    expect(cache.get('y')).toBeUndefined();
  });
});
