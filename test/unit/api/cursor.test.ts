import { checkFirst, decodeCursor, encodeCursor } from '../../../src/api/cursor';

describe('cursors', () => {
  test('round trip and reject cursors of another list or malformed ones', () => {
    const c = encodeCursor('users', 'u42');
    expect(decodeCursor('users', c)).toBe('u42');
    expect(decodeCursor('users', null)).toBeNull();
    expect(() => decodeCursor('media', c)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'after' }));
    expect(() => decodeCursor('users', 'abc$')).toThrow(/not a valid cursor/);
    expect(() => decodeCursor('users', Buffer.from('{"x":1}').toString('base64url'))).toThrow(/not a valid cursor/);
    expect(() => decodeCursor('users', encodeCursor('users', 5))).toThrow(/not a valid cursor/);
  });

  test('first must be within 1..100', () => {
    expect(checkFirst(1)).toBe(1);
    expect(checkFirst(100)).toBe(100);
    expect(() => checkFirst(0)).toThrow('first must be between 1 and 100 (got 0)');
    expect(() => checkFirst(101)).toThrow(/got 101/);
  });
});
