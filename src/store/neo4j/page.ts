/** Shapes shared by the repositories' paged reads. */
import neo4j, { type Integer } from 'neo4j-driver';
export interface PageRequest {
  /** Rows to return; repositories fetch one more to know whether a next page exists. */
  first: number;
  /** Keyset position after which to start (decoded cursor), or null for the first page. */
  after: unknown;
}

export interface Page<T> {
  items: T[];
  hasNextPage: boolean;
  totalCount: number;
}

/** Trim the look-ahead row fetched to detect a next page. */
export function toPage<T>(items: T[], first: number, totalCount: number): Page<T> {
  return { items: items.slice(0, first), hasNextPage: items.length > first, totalCount };
}

/** LIMIT must be an integer on the wire; JS numbers travel as floats. Fetches one extra row. */
export function limitOf(req: PageRequest): Integer {
  return neo4j.int(req.first + 1);
}
