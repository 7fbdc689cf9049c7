import {
  validateFollow,
  validateId,
  validateInteraction,
  validateMedia,
  checkBatch,
} from '../../../src/domain/validation';

const base = { userId: 'u1', mediaId: 'm1', type: 'LIKE' };

describe('validation', () => {
  test('ids: empty, too long and control characters are rejected with the field named', () => {
    expect(() => validateId('input[2].id', '')).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'input[2].id' }),
    );
    expect(() => validateId('id', 'x'.repeat(129))).toThrow(/at most 128/);
    expect(() => validateId('id', 'a\nb')).toThrow(/control characters/);
    expect(validateId('id', 42)).toBe('42');
  });

  test('interaction weights: explicit, by type, from rating, and never non-finite', () => {
    expect(validateInteraction(base).weight).toBe(2);
    expect(validateInteraction({ ...base, type: 'DISLIKE' }).weight).toBe(-2);
    expect(validateInteraction({ ...base, type: 'RATE', rating: 5 }).weight).toBe(2.5);
    expect(validateInteraction({ ...base, weight: 0.25 }).weight).toBe(0.25);
    expect(() => validateInteraction({ ...base, weight: Infinity })).toThrow(
      expect.objectContaining({ field: 'input.weight' }),
    );
    expect(() => validateInteraction({ ...base, weight: NaN })).toThrow(/finite/);
    expect(() => validateInteraction({ ...base, type: 'RATE' })).toThrow(
      expect.objectContaining({ field: 'input.rating' }),
    );
    expect(() => validateInteraction({ ...base, type: 'RATE', rating: 5.5 })).toThrow(/between 0 and 5/);
    expect(() => validateInteraction({ ...base, type: 'JUMP' })).toThrow(
      expect.objectContaining({ field: 'input.type' }),
    );
  });

  test('a COMMENT is weighed by the injected comment weigher unless a weight is given; no weigher: the type default', () => {
    const comment = { ...base, type: 'COMMENT', text: 'hated it' };
    expect(validateInteraction(comment, 'input', undefined, () => -0.4).weight).toBe(-0.4);
    expect(validateInteraction({ ...comment, weight: 3 }, 'input', undefined, () => -0.4).weight).toBe(3);
    expect(validateInteraction(comment).weight).toBe(1);
    expect(validateInteraction({ ...base, type: 'RATE', rating: 1 }, 'input', undefined, () => -0.4).weight).toBe(-1.5);
  });

  test('interactions get an event id and a timestamp when absent', () => {
    const a = validateInteraction(base, 'input', () => new Date('2026-01-02T03:04:05Z'));
    const b = validateInteraction(base);
    expect(a.eventId).not.toBe(b.eventId);
    expect(a.at).toBe('2026-01-02T03:04:05.000Z');
    expect(() => validateInteraction({ ...base, at: 'yesterday' })).toThrow(
      expect.objectContaining({ field: 'input.at' }),
    );
  });

  test('media tags are normalised and deduplicated; kind and title are required', () => {
    const m = validateMedia({ id: 'm', kind: 'VIDEO', title: 'T', tags: ['Hip  Hop', 'hip hop', 'Jazz'] });
    expect(m.tags).toEqual(['hip hop', 'jazz']);
    expect(() => validateMedia({ id: 'm', kind: 'PODCAST', title: 'T' })).toThrow(
      expect.objectContaining({ field: 'input.kind' }),
    );
    expect(() => validateMedia({ id: 'm', kind: 'AUDIO' })).toThrow(expect.objectContaining({ field: 'input.title' }));
    expect(() => validateMedia({ id: 'm', kind: 'AUDIO', title: 'T', durationSec: -1 })).toThrow(/durationSec/);
  });

  test('follows cannot point at oneself; batches have a size limit', () => {
    expect(() => validateFollow('a', 'a')).toThrow(expect.objectContaining({ field: 'followeeId' }));
    expect(() => checkBatch('input', [1, 2, 3], 2)).toThrow(/at most 2 rows \(got 3\)/);
  });
});
