import { addScaled, cosine, dot, mean, norm, normalize, VectorSlab } from '../../../src/domain/vectors';

describe('domain/vectors', () => {
  it('computes dot, norm and cosine', () => {
    expect(dot([1, 2, 3], [4, 5, 6])).toBe(32);
    expect(norm([3, 4])).toBe(5);
    expect(cosine([1, 0], [0, 1])).toBe(0);
    expect(cosine([1, 1], [2, 2])).toBeCloseTo(1, 12);
    expect(cosine([1, 0], [-3, 0])).toBeCloseTo(-1, 12);
  });

  it('treats zero vectors as having no direction', () => {
    expect(cosine([0, 0], [1, 2])).toBe(0);
    expect(Array.from(normalize([0, 0, 0]))).toEqual([0, 0, 0]);
  });

  it('normalises to unit length without touching the input', () => {
    const input = [3, 4];
    const v = normalize(input);
    expect(v[0]).toBeCloseTo(0.6, 6);
    expect(v[1]).toBeCloseTo(0.8, 6);
    expect(input).toEqual([3, 4]);
  });

  it('takes (weighted) means and rejects mismatched lengths', () => {
    expect(
      Array.from(
        mean([
          [1, 2],
          [3, 6],
        ])!,
      ),
    ).toEqual([2, 4]);
    expect(
      Array.from(
        mean(
          [
            [1, 2],
            [3, 6],
          ],
          [3, 1],
        )!,
      ),
    ).toEqual([1.5, 3]);
    expect(mean([])).toBeNull();
    expect(mean([[1]], [0])).toBeNull();
    expect(() => dot([1], [1, 2])).toThrow(RangeError);
    expect(() => mean([[1], [1, 2]])).toThrow(RangeError);
  });

  it('adds a scaled vector in place', () => {
    const y = Float32Array.from([1, 1]);
    addScaled(y, [2, -2], 0.5);
    expect(Array.from(y)).toEqual([2, 0]);
  });

  it('copies vectors into views of shared slabs that never overlap', () => {
    const slab = new VectorSlab(8);
    const source = [1, 2, 3];
    const views = Array.from({ length: 5 }, (_, k) => slab.copy(source.map((x) => x + 10 * k)));
    source[0] = 99;
    expect(views.map((v) => Array.from(v))).toEqual([
      [1, 2, 3],
      [11, 12, 13],
      [21, 22, 23],
      [31, 32, 33],
      [41, 42, 43],
    ]);
    // Two 3-float views fit a slab of 8; the third starts a new one.
    expect(views[1]!.buffer).toBe(views[0]!.buffer);
    expect(views[2]!.buffer).not.toBe(views[0]!.buffer);
    views[0]![2] = -1;
    expect(Array.from(views[1]!)).toEqual([11, 12, 13]);
    const long = slab.copy(new Array(9).fill(1));
    expect(long.length).toBe(9);
    expect(long.buffer.byteLength).toBe(36);
    expect(Array.from(slab.copy([7]))).toEqual([7]);
  });
});
