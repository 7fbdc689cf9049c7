/** Relay connection objects from repository pages. */
import type { Page } from '../domain/ports';
import { checkFirst, decodeCursor, encodeCursor } from './cursor';
import type { PageInfoParent } from './resolver-parents';

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
}

/** Validated page request; `key` decodes the cursor for this connection kind. */
export function pageArgs(
  kind: string,
  args: ConnectionArgs,
  validateKey: (key: unknown) => boolean = (k) => typeof k === 'string',
) {
  const first = checkFirst(args.first ?? 20);
  const after = decodeCursor(kind, args.after, validateKey);
  return { first, after };
}

/**
 * A connection from a repository page; `extra` adds edge fields beside cursor and node (an engaged
 * item's engagement); `totalCount` may be a function, called only when the client selects it.
 */
export function toConnection<T, N, X extends object = object, C extends number | (() => Promise<number>) = number>(
  kind: string,
  page: Page<T>,
  node: (item: T) => N,
  key: (item: T) => unknown,
  extra?: (item: T) => X,
  totalCount: C | number = page.totalCount,
  /** The page request: a page read after a cursor has items before it (Relay's hasPreviousPage for `first`/`after`). */
  request: { after: unknown } = { after: null },
) {
  const edges = page.items.map((item) =>
    Object.assign({ cursor: encodeCursor(kind, key(item)), node: node(item) }, extra?.(item)),
  );
  const pageInfo: PageInfoParent = {
    hasNextPage: page.hasNextPage,
    hasPreviousPage: request.after !== null && request.after !== undefined,
    startCursor: edges[0]?.cursor ?? null,
    endCursor: edges[edges.length - 1]?.cursor ?? null,
  };
  return { edges, pageInfo, totalCount };
}
