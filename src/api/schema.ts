/** Schema-first: SDL from schema/*.graphql, resolvers merged from one file per type group. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Resolvers } from './generated/graphql';
import { mediaResolvers } from './resolvers/media';
import { mutationResolvers } from './resolvers/mutation';
import { queryResolvers } from './resolvers/query';
import { DateTime } from './resolvers/scalars';
import { userResolvers } from './resolvers/user';

export const SCHEMA_DIR = join(__dirname, '..', '..', 'schema');

export function loadTypeDefs(dir: string = SCHEMA_DIR): string {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
}

/** Later feature groups pass their resolver maps here; fields of the same type are merged. */
export function mergeResolvers(...maps: Resolvers[]): Resolvers {
  const out: Record<string, object> = {};
  for (const map of maps)
    for (const [type, fields] of Object.entries(map)) out[type] = { ...(out[type] ?? {}), ...fields };
  return out;
}

export function baseResolvers(): Resolvers {
  return {
    DateTime,
    ...mergeResolvers(queryResolvers, userResolvers, mediaResolvers, mutationResolvers),
  };
}
