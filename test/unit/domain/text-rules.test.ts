import { idProblem, normaliseText, parseRfc3339 } from '../../../src/domain/text-rules';
import { validateId, validateInteraction, validateUser } from '../../../src/domain/validation';

const bad = { code: 'BAD_USER_INPUT' };

describe('identifiers and text that survive storage', () => {
  test('lone surrogates, bidi overrides, zero-width and control characters are refused in ids', () => {
    for (const id of [
      'sur-\ud800',
      'sur-\udc00',
      'ad\u202emin',
      'a\u200bb',
      'a\u2066b',
      'a\u0085b',
      '\ufeffid',
      'a\u0007',
    ]) {
      expect(idProblem(id)).not.toBeNull();
      expect(() => validateId('id', id)).toThrow(expect.objectContaining({ ...bad, field: 'id' }));
    }
    expect(idProblem('emoji-😀')).toBeNull(); // a valid surrogate pair
    expect(idProblem('日本語-ü')).toBeNull();
  });

  test('ids must be NFC, so two ids that print alike are one id', () => {
    expect(idProblem('caf\u00e9')).toBeNull();
    expect(() => validateId('userId', 'cafe\u0301')).toThrow(expect.objectContaining({ ...bad, field: 'userId' }));
  });

  test('names and text are stored in NFC; text holding a lone surrogate is refused', () => {
    expect(normaliseText('cafe\u0301')).toBe('caf\u00e9');
    expect(validateUser({ id: 'u', name: 'Zoe\u0308' }).name).toBe('Zo\u00eb');
    expect(() => validateUser({ id: 'u', name: 'x\ud800' })).toThrow(
      expect.objectContaining({ ...bad, field: 'input.name' }),
    );
    expect(() => validateInteraction({ userId: 'u', mediaId: 'm', type: 'COMMENT', text: '\udfff' })).toThrow(
      expect.objectContaining({ field: 'input.text' }),
    );
  });

  test('dates are strict RFC 3339: impossible days and trailing junk are refused', () => {
    expect(parseRfc3339('2024-02-29T10:00:00Z')?.toISOString()).toBe('2024-02-29T10:00:00.000Z');
    expect(parseRfc3339('2024-03-01T01:30:00+02:00')?.toISOString()).toBe('2024-02-29T23:30:00.000Z');
    expect(parseRfc3339('2024-01-01t00:00:00.5z')?.toISOString()).toBe('2024-01-01T00:00:00.500Z');
    expect(parseRfc3339('2018-09-01')?.toISOString()).toBe('2018-09-01T00:00:00.000Z');
    for (const text of [
      '2024-02-30T00:00:00Z',
      '2023-02-29',
      '2024-01-01 junk 12:00',
      '2024-13-01T00:00:00Z',
      '2024-01-01T24:00:00Z',
      '2024-01-01T00:00:00',
      '2024-01-01T00:00:00+25:00',
      'June 1 2024',
    ]) {
      expect(parseRfc3339(text)).toBeNull();
    }
    expect(() => validateInteraction({ userId: 'u', mediaId: 'm', type: 'LIKE', at: '2024-02-30T00:00:00Z' })).toThrow(
      expect.objectContaining({ field: 'input.at' }),
    );
  });
});
