/** Relay connection objects from repository pages. */
import type { Page } from '../domain/ports';
import { checkFirst, decodeCursor, encodeCursor } from './cursor';

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

export function toConnection<T, N>(
  kind: string,
  page: Page<T>,
  node: (item: T) => N,
  key: (item: T) => unknown,
  extra: (item: T) => Record<string, unknown> = () => ({}),
  totalCount: number | (() => Promise<number>) = page.totalCount,
  /** The page request: a page read after a cursor has items before it (Relay's hasPreviousPage for `first`/`after`). */
  request: { after: unknown } = { after: null },
) {
  const edges = page.items.map((item) => ({ cursor: encodeCursor(kind, key(item)), node: node(item), ...extra(item) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: request.after !== null && request.after !== undefined,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount,
  };
}
