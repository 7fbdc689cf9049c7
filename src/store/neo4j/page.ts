/** Helpers of the repositories' paged reads (Page and PageRequest are port types: domain/ports). */
import neo4j, { type Integer } from 'neo4j-driver';
import type { Page, PageRequest } from '../../domain/ports';
import type { QueryName } from './cypher-registry';
import type { Executor, Row } from './executor';

/** Trim the look-ahead row fetched to detect a next page. */
export function toPage<T>(items: T[], first: number, totalCount: number): Page<T> {
  return { items: items.slice(0, first), hasNextPage: items.length > first, totalCount };
}

/** LIMIT must be an integer on the wire; JS numbers travel as floats. Fetches one extra row. */
export function limitOf(req: PageRequest): Integer {
  return neo4j.int(req.first + 1);
}

/**
 * One round trip for a batch of owners' pages: the query returns a row per owner (id, items, total), and
 * `item` maps each of an owner's item rows (the owner's id beside it).
 */
export async function readPages<T>(
  db: Executor,
  name: QueryName,
  ids: readonly string[],
  req: PageRequest,
  item: (row: Row, ownerId: string) => T,
): Promise<Map<string, Page<T>>> {
  const rows = await db.read(name, { ids: [...ids], after: req.after ?? null, limit: limitOf(req) });
  return new Map(
    rows.map((r) => {
      const id = r.id as string;
      return [
        id,
        toPage(
          (r.items as Row[]).map((it) => item(it, id)),
          req.first,
          r.total as number,
        ),
      ];
    }),
  );
}
