/**
 * Scratch arrays lent to feeds (ranking/item-scratch.ts): a returned array is zero again whether its
 * writer declared where it wrote or not, and feeds ranked one after another on one pool rank exactly
 * what each ranks with arrays of its own, every idle array zero between them.
 */
import { defaultRanker } from '../../../src/ranking/default-ranker';
import { featureStats } from '../../../src/ranking/feature-stats';
import { ItemScratchPool, itemScratch } from '../../../src/ranking/item-scratch';
import { rankForUser, type RankOptions } from '../../../src/ranking/rank-for-user';
import type { RankingData } from '../../../src/ranking/ranking-data';
import { userStateFromData } from '../../../src/ranking/user-state';
import { worldData } from './world-fixture';

const allZero = (a: ArrayLike<number>): boolean => Array.prototype.every.call(a, (x: number) => x === 0);

describe('item scratch pool', () => {
  it('lends zero arrays and zeroes them on return: declared entries, list prefixes, or whole', () => {
    const pool = new ItemScratchPool(1000, { floats: 4, ints: 4, bytes: 4 });
    const lease = pool.lease();
    const declared = lease.floats();
    const undeclared = lease.floats();
    const list = lease.ints();
    const flags = lease.bytes();
    expect([declared, undeclared, list, flags].every(allZero)).toBe(true);
    declared[3] = 1.5;
    declared[999] = -2;
    lease.writtenAt(declared, [3]);
    lease.writtenAt(declared, Int32Array.of(999));
    undeclared.fill(7);
    list.set([5, 6, 7]);
    lease.writtenBelow(list, 3);
    flags[10] = 1;
    lease.writtenAt(flags, [10]);
    lease.release();
    expect(pool.idleArrays()).toHaveLength(4);
    expect(pool.idleArrays().every(allZero)).toBe(true);
    // The next lease gets the same arrays back, still zero.
    const again = pool.lease();
    const f = [again.floats(), again.floats()];
    expect(f.some((a) => a === declared || a === undeclared)).toBe(true);
    expect(f.every(allZero)).toBe(true);
    again.release();
  });

  it('keeps at most its idle limit per kind; arrays it did not lend are not taken back', () => {
    const pool = new ItemScratchPool(10, { floats: 1, ints: 0, bytes: 0 });
    const lease = pool.lease();
    lease.floats();
    lease.floats();
    lease.ints();
    lease.writtenAt(new Float32Array(10), [1]);
    lease.release();
    expect(pool.idleArrays()).toHaveLength(1);
    lease.release();
    expect(pool.idleArrays()).toHaveLength(1);
  });

  it('keeps at most its idle bytes, whatever the counts allow', () => {
    // 100 items: a float or int array is 400 bytes, a byte array 100; room for 1,000 bytes idle.
    const pool = new ItemScratchPool(100, { floats: 8, ints: 8, bytes: 8 }, undefined, 1000);
    const lease = pool.lease();
    for (let k = 0; k < 3; k++) lease.floats();
    lease.bytes();
    lease.bytes();
    lease.release();
    const idle = pool.idleArrays();
    // Two floats (800), the third over the limit, both byte arrays (1,000).
    expect(idle.reduce((s, a) => s + a.byteLength, 0)).toBe(1000);
    expect(idle.filter((a) => a instanceof Float32Array)).toHaveLength(2);
    // A float taken out and given back fits again; the new int array does not.
    const again = pool.lease();
    again.floats();
    again.ints();
    again.release();
    expect(pool.idleArrays().reduce((s, a) => s + a.byteLength, 0)).toBe(1000);
    expect(pool.idleArrays().filter((a) => a instanceof Int32Array)).toHaveLength(0);
  });

  it('zeroes a declared array whole when its entries are many (one fill, not entry by entry)', () => {
    const pool = new ItemScratchPool(64);
    const lease = pool.lease();
    const a = lease.floats();
    const touched = Array.from({ length: 40 }, (_, k) => k);
    for (const k of touched) a[k] = k + 1;
    // Written outside what it declares: only a whole fill zeroes it (40 of 64 entries is past 1/16).
    a[50] = 9;
    lease.writtenAt(a, touched);
    lease.release();
    expect(allZero(pool.idleArrays()[0]!)).toBe(true);
  });

  describe('feeds on one pool', () => {
    let data: RankingData;
    beforeAll(async () => {
      data = (await worldData()).data;
    });

    it.each(['candidates', 'catalogue'] as const)(
      'rank what fresh arrays rank, one after another (scan %s), and leave every idle array zero',
      (scan) => {
        const model = defaultRanker(featureStats(data));
        const options: Partial<RankOptions> = {
          scan,
          perSource: {
            graph: 15,
            coEngagement: 20,
            social: 10,
            content: 10,
            query: 10,
            popular: 5,
            trending: 5,
            fresh: 5,
          },
        };
        // Declared entries are zeroed one by one however many (a whole fill would hide a missed one).
        const pool = itemScratch(data, new ItemScratchPool(data.numItems, undefined, 1));
        let ranked = 0;
        for (let u = 0; u < data.numUsers; u += 2) {
          const state = userStateFromData(data, u);
          const query = Float32Array.from(data.content!.items.subarray((u % 50) * 64, (u % 50) * 64 + 64));
          const request = { user: u, state, k: 15, now: 0, ...(u % 4 === 0 ? { queryVector: query } : {}) };
          const shared = rankForUser(data, model, request, options);
          // A shallow copy is another snapshot to the pool: its own, fresh arrays.
          const fresh = rankForUser({ ...data }, model, request, options);
          expect(shared).toEqual(fresh);
          expect(pool.idleArrays().every(allZero)).toBe(true);
          ranked++;
        }
        expect(ranked).toBeGreaterThan(20);
        expect(pool.idleArrays().length).toBeGreaterThan(0);
      },
    );

    it('takes the arrays back when a feed fails half-way', () => {
      const pool = itemScratch(data);
      const before = pool.idleArrays().length;
      const model = defaultRanker(featureStats(data));
      const state = userStateFromData(data, 1);
      const broken: Partial<RankOptions> = {
        scan: 'candidates',
        index: {
          search: () => {
            throw new Error('index down');
          },
        },
      };
      expect(() => rankForUser(data, model, { user: 1, state, k: 5, now: 0 }, broken)).toThrow('index down');
      expect(pool.idleArrays().length).toBeGreaterThanOrEqual(before);
      expect(pool.idleArrays().every(allZero)).toBe(true);
    });
  });
});
