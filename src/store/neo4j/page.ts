/** Helpers of the repositories' paged reads (Page and PageRequest are port types: domain/ports). */
import neo4j, { type Integer } from 'neo4j-driver';
import type { Page, PageRequest } from '../../domain/ports';

/** Trim the look-ahead row fetched to detect a next page. */
export function toPage<T>(items: T[], first: number, totalCount: number): Page<T> {
  return { items: items.slice(0, first), hasNextPage: items.length > first, totalCount };
}

/** LIMIT must be an integer on the wire; JS numbers travel as floats. Fetches one extra row. */
export function limitOf(req: PageRequest): Integer {
  return neo4j.int(req.first + 1);
}
