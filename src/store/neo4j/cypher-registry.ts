/**
 * Every production query lives in cypher/<area>/<name>.cypher and is loaded once at start into this
 * typed map, so queries are reviewable as Cypher and the code refers to them by name only.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const CYPHER_DIR = join(__dirname, '..', '..', '..', 'cypher');

/** Names of the queries the code uses; loading fails fast if one is missing. */
export const QUERY_NAMES = [
  'user/upsert',
  'user/missing-ids',
  'user/by-ids',
  'user/page',
  'user/count',
  'user/following',
  'user/followers',
  'user/friends',
  'user/engaged-media',
  'user/interactions',
  'user/delete',
  'user/lock',
  'media/upsert',
  'media/missing-ids',
  'media/by-ids',
  'media/page',
  'media/page-by-tag',
  'media/count',
  'media/count-by-tag',
  'media/engaged-by',
  'interaction/record',
  'interaction/tag-assign',
  'follow/follow',
  'follow/follow-batch',
  'follow/unfollow',
  'graph/project-users',
  'graph/project-media',
  'graph/project-engagements',
  'graph/project-follows',
  'graph/project-context',
  'graph/project-tag-assignments',
  'graph/write-user-pagerank',
  'graph/write-media-pagerank',
  'graph/write-user-embeddings',
  'graph/write-media-embeddings',
  'graph/media-nearest',
  'content/media-nearest-text',
  'graph/read-embeddings',
  'graph/write-text-projection',
  'graph/read-text-projection',
  'graph/delete-text-projection',
  'content/media-texts',
  'content/media-texts-by-ids',
  'content/write-text-embeddings',
  'content/write-keywords',
  'content/read-text-embeddings',
  'content/read-text-hashes',
  'content/read-text-embeddings-by-ids',
  'ranker/read',
  'ranker/write',
  'jobs/record-run',
  'jobs/recent-runs',
  'jobs/latest-succeeded',
  'changes/append',
  'changes/since',
  'changes/now',
  'changes/prune',
  'changes/shared-secret',
  'changes/forget-user',
  'changes/mark-read',
  'changes/forget-reader',
  'changes/prune-readers',
  'analytics/user-activity-hours',
  'export/engagements',
  'export/follows',
  'admin/counts',
  'moderation/state',
  'moderation/hide',
  'moderation/delete',
  'moderation/restore',
  'moderation/taken-down-ids',
  'impression/record',
  'graph/project-impressions',
  'admin/reset',
  'admin/demo-present',
  'admin/node-count',
  'media/set-empty-tags',
] as const;
export type QueryName = (typeof QUERY_NAMES)[number];

export type CypherRegistry = Readonly<Record<QueryName, string>>;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : path.endsWith('.cypher') ? [path] : [];
  });
}

export function loadCypher(dir: string = CYPHER_DIR): CypherRegistry {
  const found = new Map<string, string>();
  for (const file of walk(dir)) {
    const name = relative(dir, file)
      .replace(/\\/g, '/')
      .replace(/\.cypher$/, '');
    if (name.startsWith('schema/') || name.startsWith('bench/')) continue;
    found.set(name, readFileSync(file, 'utf8').trim());
  }
  const missing = QUERY_NAMES.filter((n) => !found.has(n));
  if (missing.length > 0) throw new Error(`Missing Cypher files under ${dir}: ${missing.join(', ')}`);
  return Object.freeze(Object.fromEntries(QUERY_NAMES.map((n) => [n, found.get(n) as string]))) as CypherRegistry;
}

/** Schema statements (constraints, indexes) in file order, split on `;` at line ends. */
export function loadSchemaStatements(dir: string = CYPHER_DIR): string[] {
  const schemaDir = join(dir, 'schema');
  return walk(schemaDir)
    .sort()
    .flatMap((file) =>
      readFileSync(file, 'utf8')
        .split(/;\s*$/m)
        .map((s) => s.replace(/^\s*\/\/.*$/gm, '').trim())
        .filter((s) => s.length > 0),
    );
}
