import { hasVector, similarityCut, zScore, Z_CUT } from '../../../src/ranking/similarity-cut';

const all = (n: number): Uint8Array => new Uint8Array(n).fill(1);

describe('similarityCut', () => {
  it('puts the cut Z_CUT robust deviations above the bulk, unmoved by a large matching share', () => {
    // 800 unrelated items around 0.1, and 200 (a fifth) that match the query around 0.6.
    let seed = 7;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296;
    const scores = Float32Array.from(
      { length: 1000 },
      (_, i) => (i < 800 ? 0.1 : 0.6) + 0.05 * (rand() + rand() + rand() - 1.5),
    );
    const cut = similarityCut(scores, all(1000));
    expect(cut.median).toBeGreaterThan(0.05);
    expect(cut.median).toBeLessThan(0.12);
    expect(cut.min).toBeCloseTo(cut.median + Z_CUT * cut.spread, 6);
    const matches = scores.reduce((k, s, i) => k + (s >= cut.min ? (i >= 800 ? 1 : 100) : 0), 0);
    expect(matches).toBe(200); // every matching item, no unrelated one
    expect(zScore(cut, 0.6)).toBeGreaterThan(5);
  });

  it('leaves items without a vector out, and treats a tied bulk (hashing) as the median', () => {
    const table = Float32Array.of(0, 0, 1, 0, 0, 1, 1, 1, 0.5, 0, 0, 2);
    expect([...hasVector(table, 2)]).toEqual([0, 1, 1, 1, 1, 1]);
    const scores = Float32Array.of(0.9, 0, 0, 0, 0.5, 0);
    const cut = similarityCut(scores, Uint8Array.of(0, 1, 1, 1, 1, 1));
    expect(cut.median).toBe(0);
    expect(cut.min).toBeLessThan(0.5);
    expect(cut.min).toBeGreaterThan(0);
    expect(zScore(cut, 0.5)).toBe(Infinity);
  });

  it('matches nothing without scores or with fewer than two vectors', () => {
    expect(similarityCut(null, all(3)).min).toBe(Infinity);
    expect(similarityCut(Float32Array.of(0.9, 0.1), Uint8Array.of(1, 0)).min).toBe(Infinity);
  });

  it('relaxes z in tiny catalogues, where no score can be 2.5 deviations out', () => {
    const cut = similarityCut(Float32Array.of(0.1, 0.11, 0.12, 0.13, 0.9), all(5));
    expect(cut.min).toBeLessThan(0.9);
    expect(cut.min).toBeGreaterThan(0.13);
  });
});
