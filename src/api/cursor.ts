/**
 * Opaque Relay cursors: base64url of a JSON keyset position, prefixed by a kind so a cursor from one
 * connection is rejected by another. Malformed cursors are BAD_USER_INPUT naming the `after` argument.
 */
import { BadInputError, printable } from '../domain/errors';

export function encodeCursor(kind: string, key: unknown): string {
  return Buffer.from(JSON.stringify([kind, key])).toString('base64url');
}

export function decodeCursor(
  kind: string,
  cursor: string | null | undefined,
  validKey: (key: unknown) => boolean = (k) => typeof k === 'string',
  field = 'after',
): unknown {
  if (cursor === null || cursor === undefined) return null;
  const bad = (): BadInputError =>
    new BadInputError(field, `${field} is not a valid cursor for this list (got ${printable(cursor)})`, cursor);
  if (typeof cursor !== 'string' || cursor.length > 1024 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw bad();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || parsed[0] !== kind || !validKey(parsed[1])) throw bad();
  return parsed[1];
}

export const PAGE_SIZE = { min: 1, max: 100 } as const;

export function checkFirst(first: unknown, field = 'first'): number {
  if (typeof first !== 'number' || !Number.isInteger(first) || first < PAGE_SIZE.min || first > PAGE_SIZE.max) {
    throw new BadInputError(
      field,
      `${field} must be between ${PAGE_SIZE.min} and ${PAGE_SIZE.max} (got ${printable(first)})`,
      first,
    );
  }
  return first;
}
