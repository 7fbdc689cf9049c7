/**
 * Stable hash of a row's client-visible fields: equal signature means an upsert changes nothing. Stored
 * with each user and media node, so the online upsert and the offline bulk import must compute it alike.
 */
import { createHash } from 'node:crypto';

export function signature(row: object): string {
  return createHash('sha1').update(JSON.stringify(row)).digest('base64url');
}
