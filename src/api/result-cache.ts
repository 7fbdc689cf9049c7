/**
 * Whole execution results of read-only feed queries, reused while nothing they were built from has
 * changed. A warm feed is already ranked and cached by the recommend service; what a repeat request
 * still paid for was executing ~300 fields of the explained answer, which dominated its cost.
 *
 * Which operations: see `isCacheable` — queries whose root fields are in CACHEABLE_ROOTS and whose
 * every nested field is a plain property (no resolver of ours), so nothing below the root reads live
 * data. What an entry depends on: the root resolvers declare their dependencies (`user:<id>`,
 * `snapshot`) through the request context before they read the state, and every entry also depends on
 * `entities` (media and user records); an
 * entry is served only while the fingerprint of each dependency is unchanged and it is younger than the
 * TTL. The composition root supplies the fingerprints (serving-snapshot version, per-user version, an
 * epoch bumped by every media/user write), so a new interaction, follow-driven reload, media edit or
 * erasure is visible on the very next request, exactly as without the cache.
 */
import {
  getNamedType,
  getOperationAST,
  isObjectType,
  Kind,
  type DocumentNode,
  type ExecutionResult,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';

export const CACHEABLE_ROOTS: ReadonlySet<string> = new Set(['recommendMedia', 'suggestFriends', 'similarMedia']);

/** Every field without a resolver of its own, as "Type.field" (read before default resolvers are filled in). */
export function plainFields(schema: GraphQLSchema): Set<string> {
  const out = new Set<string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) if (!field.resolve) out.add(`${type.name}.${field.name}`);
  }
  return out;
}

/** True when the operation is a query over CACHEABLE_ROOTS reading only plain fields below them. */
export function isCacheable(
  schema: GraphQLSchema,
  plain: ReadonlySet<string>,
  document: DocumentNode,
  operationName: string | null | undefined,
): boolean {
  const operation = getOperationAST(document, operationName ?? undefined);
  const query = schema.getQueryType();
  if (!operation || operation.operation !== 'query' || !query) return false;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const walk = (
    set: SelectionSetNode,
    parent: GraphQLObjectType,
    root: boolean,
    seen: ReadonlySet<string>,
  ): boolean => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        const name = s.name.value;
        if (name === '__typename') continue;
        const def = parent.getFields()[name];
        if (!def) return false;
        if (root ? !CACHEABLE_ROOTS.has(name) : !plain.has(`${parent.name}.${name}`)) return false;
        if (s.selectionSet) {
          const type = getNamedType(def.type);
          if (!isObjectType(type) || !walk(s.selectionSet, type, false, seen)) return false;
        }
      } else {
        const fragment = s.kind === Kind.FRAGMENT_SPREAD ? fragments.get(s.name.value) : s;
        if (!fragment || (s.kind === Kind.FRAGMENT_SPREAD && seen.has(s.name.value))) return false;
        const typeName = fragment.typeCondition?.name.value ?? parent.name;
        const type = schema.getType(typeName);
        const next = s.kind === Kind.FRAGMENT_SPREAD ? new Set([...seen, s.name.value]) : seen;
        if (!isObjectType(type) || !walk(fragment.selectionSet, type, root, next)) return false;
      }
    }
    return true;
  };
  return walk(operation.selectionSet, query, true, new Set());
}

interface Entry {
  result: ExecutionResult;
  deps: [string, string][];
  at: number;
}

export class ResultCache {
  private readonly entries = new Map<string, Entry>();
  hits = 0;
  misses = 0;

  constructor(
    /** Current fingerprint of a dependency (`entities`, `snapshot`, `user:<id>`). */
    private readonly fingerprint: (dep: string) => string,
    private readonly capacity = 5000,
    private readonly ttlMs = 60_000,
  ) {}

  get(key: string, now = Date.now()): ExecutionResult | undefined {
    const e = this.entries.get(key);
    if (e && now - e.at <= this.ttlMs && e.deps.every(([dep, fp]) => this.fingerprint(dep) === fp)) {
      this.hits++;
      return e.result;
    }
    if (e) this.entries.delete(key);
    this.misses++;
    return undefined;
  }

  /**
   * Keeps a result with the fingerprints of its dependencies, each taken (with `current`) before the
   * data it guards was read, so a write landing during execution leaves an entry that is already stale.
   */
  set(key: string, result: ExecutionResult, deps: [string, string][], now = Date.now()): void {
    if (result.errors?.length) return;
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { result, deps, at: now });
  }

  current(dep: string): string {
    return this.fingerprint(dep);
  }

  get size(): number {
    return this.entries.size;
  }
}
