/** Relay connection objects from repository pages. */
import type { Page } from '../store/neo4j/page';
import { checkFirst, decodeCursor, encodeCursor } from './cursor';

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
}

/** Validated page request; `key` decodes the cursor for this connection kind. */
export function pageArgs(kind: string, args: ConnectionArgs, validateKey: (key: unknown) => boolean = (k) => typeof k === 'string') {
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
) {
  const edges = page.items.map((item) => ({ cursor: encodeCursor(kind, key(item)), node: node(item), ...extra(item) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount,
  };
}
