/** The typed column grown by doubling: every pushed value kept in order, past any number of growths. */
import { GrowableColumn } from '../../../src/domain/growable-column';

describe('GrowableColumn', () => {
  it('keeps every value in order across growths, as a view and as a compact copy', () => {
    const column = new GrowableColumn(new Float32Array(3));
    const pushed = Array.from({ length: 1000 }, (_, i) => i / 4);
    for (const v of pushed) column.push(v);
    expect(column.length).toBe(1000);
    expect(Array.from(column.view())).toEqual(pushed);
    const copy = column.done();
    expect(copy).toBeInstanceOf(Float32Array);
    expect(copy.buffer.byteLength).toBe(1000 * 4);
    expect(Array.from(copy)).toEqual(pushed);
  });

  it('starts empty and reserves room at least doubling', () => {
    const column = new GrowableColumn(new Int32Array(0));
    expect(column.done()).toEqual(new Int32Array(0));
    column.reserve(40);
    column.push(-7);
    expect(Array.from(column.view())).toEqual([-7]);
  });
});
