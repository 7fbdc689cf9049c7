import neo4j from 'neo4j-driver';
import { toPlain } from '../../../src/store/neo4j/values';

describe('store/neo4j/values: toPlain', () => {
  it('turns driver values into plain ones, leaving float lists as they are', () => {
    const vector = [0.25, -1, 3.5];
    const at = new neo4j.types.DateTime(2026, 12, 5, 10, 30, 0, 0, 0);
    const plain = toPlain({
      n: neo4j.int(42),
      vector,
      ids: [neo4j.int(1), neo4j.int(2)],
      mixed: [1.5, neo4j.int(7), null],
      nested: { at, tags: ['a', 'b'] },
      none: null,
    }) as Record<string, unknown>;
    expect(plain).toEqual({
      n: 42,
      vector: [0.25, -1, 3.5],
      ids: [1, 2],
      mixed: [1.5, 7, null],
      nested: { at: '2026-12-05T10:30:00Z', tags: ['a', 'b'] },
      none: null,
    });
    expect(plain.vector).toBe(vector);
    expect([]).toEqual(toPlain([]));
  });
});
