/**
 * What one operation will cost, measured with the values it will run with: variables coerced with
 * their declared defaults, arguments with the schema's defaults. Every field counts, aliases included:
 *
 *   cost(field) = 1 + work(field) + list items of its arguments + many(field) × (read(field) + cost(selection))
 *
 * where many is a list field's page size (`first` or `limit`), work is the CPU a field spends before
 * its items (ranking a feed, Louvain, a neighbourhood walk) and read is what each item of a page read
 * from Neo4j costs beyond its fields (the database's work and the driver's), in units of one plain field. Rows are what
 * the operation writes (mutation inputs), so aliased mutations cannot pass more than one batch.
 */
import {
  getArgumentValues,
  getNamedType,
  getVariableValues,
  isInterfaceType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** CPU before the items, in plain-field units (measured: a ranked feed ≈ 3 ms ≈ 200 field resolutions). */
export const FIELD_WORK: Readonly<Record<string, number>> = {
  'Query.recommendMedia': 200,
  'Query.suggestFriends': 100,
  'Query.similarMedia': 40,
  'Query.trending': 40,
  'Query.graphStats': 500,
  'Query.communities': 1000,
  'Query.topInfluencers': 100,
  'Query.neighbourhood': 200,
  // The deprecated spelling of Query.neighbourhood: the same work.
  'Query.neighborhood': 200,
  'Query.shortestPath': 200,
  'Query.tasteProfile': 100,
  'Query.exportInteractions': 500,
  'Mutation.runJob': 1000,
  'Mutation.deleteUser': 50,
  'Mutation.takedownMedia': 50,
  'Mutation.restoreMedia': 50,
};

/**
 * Per item of a page read row by row from Neo4j. Measured with bench:abuse (defaults mix, LastFM):
 * `mediaItems(first: 100) { edges { node { id title tags } } }` took 9.3 ms of the service's CPU and
 * 6.4 ms of Neo4j's per page, ~157 µs a row ≈ 10 units of 15 µs, where its fields alone count 5; so the
 * other 5 are charged here. Without them a key within its cost budget could keep 1.25 of 2 cores busy.
 */
export const READ_ROW_WORK: Readonly<Record<string, number>> = {
  'Query.users': 5,
  'Query.mediaItems': 5,
  'Media.engagedBy': 5,
  'User.interactions': 5,
  'User.engagedMedia': 5,
  'User.following': 5,
  'User.followers': 5,
  'User.friends': 5,
};

/** A feed steered by a query embeds its text first. */
export const QUERY_TEXT_WORK = 100;
/** Each written row: validation, a Cypher row, maybe a text to embed. */
export const ROW_WORK = 2;

export interface OperationMeasure {
  depth: number;
  cost: number;
  /** Rows the operation writes, over all its mutation fields. */
  rows: number;
  /** Root fields as `Type.field`, once per alias. */
  rootFields: string[];
}

type Fields = (name: string) => GraphQLField<unknown, unknown> | undefined;

function fieldsOf(type: GraphQLNamedType | null | undefined): Fields {
  if (type && (isObjectType(type) || isInterfaceType(type))) {
    const fields = type.getFields();
    return (name) => fields[name];
  }
  return () => undefined;
}

function pageSize(args: Record<string, unknown>): number {
  const n = args.first ?? args.limit;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : 1;
}

/**
 * Elements of list-valued arguments, also inside input objects (filter.excludeIds, filter.tags, …), each
 * one unit: a list argument is bounded by its validation and paid for by its length. Mutation `input`
 * lists are counted as rows instead.
 */
export function listItems(args: Record<string, unknown>, skipInput: boolean): number {
  let n = 0;
  const walk = (v: unknown, depth: number): void => {
    if (Array.isArray(v)) {
      n += v.length;
      if (depth < 3) for (const x of v) if (x !== null && typeof x === 'object') walk(x, depth + 1);
    } else if (v !== null && typeof v === 'object' && depth < 3) {
      for (const x of Object.values(v as Record<string, unknown>)) walk(x, depth + 1);
    }
  };
  for (const [name, value] of Object.entries(args)) if (!(skipInput && name === 'input')) walk(value, 0);
  return n;
}

/** Rows a mutation field writes: its input list, or one (follow, deleteUser, …). */
function rowsWritten(args: Record<string, unknown>): number {
  return Array.isArray(args.input) ? args.input.length : 1;
}

/** Variables as execution will see them; values that do not coerce count as absent (execution refuses them). */
export function coercedVariables(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  raw: Record<string, unknown>,
): Record<string, unknown> {
  const result = getVariableValues(schema, operation.variableDefinitions ?? [], raw ?? {});
  return result.coerced ?? {};
}

export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  rawVariables: Record<string, unknown>,
): OperationMeasure {
  const variables = coercedVariables(schema, operation, rawVariables);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const root =
    operation.operation === 'mutation'
      ? schema.getMutationType()
      : operation.operation === 'subscription'
        ? schema.getSubscriptionType()
        : schema.getQueryType();
  const rootFields: string[] = [];
  let rows = 0;

  const argsOf = (def: GraphQLField<unknown, unknown>, node: FieldNode): Record<string, unknown> => {
    try {
      return getArgumentValues(def, node, variables);
    } catch {
      return {}; // execution refuses the field with a typed error; it costs its defaults here
    }
  };

  const measure = (
    set: SelectionSetNode,
    type: GraphQLNamedType | null | undefined,
    depth: number,
    seen: ReadonlySet<string>,
  ): { depth: number; cost: number } => {
    const lookup = fieldsOf(type);
    let maxDepth = depth;
    let cost = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        if (s.name.value.startsWith('__')) continue;
        const def = lookup(s.name.value);
        const key = `${type?.name ?? '?'}.${s.name.value}`;
        const args = def ? argsOf(def, s) : {};
        const wrote = type === root && operation.operation === 'mutation' ? rowsWritten(args) : 0;
        if (type === root) rootFields.push(key);
        rows += wrote;
        const inner = s.selectionSet
          ? measure(s.selectionSet, def ? getNamedType(def.type) : null, depth + 1, seen)
          : { depth, cost: 0 };
        const many = s.selectionSet ? pageSize(args) : 1;
        const text =
          key === 'Query.recommendMedia' && typeof args.query === 'string' && args.query.trim() !== ''
            ? QUERY_TEXT_WORK
            : 0;
        cost +=
          1 +
          (FIELD_WORK[key] ?? 0) +
          text +
          ROW_WORK * wrote +
          listItems(args, type === root && operation.operation === 'mutation') +
          many * ((READ_ROW_WORK[key] ?? 0) + inner.cost);
        maxDepth = Math.max(maxDepth, inner.depth);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        const sub = s.typeCondition ? schema.getType(s.typeCondition.name.value) : type;
        const inner = measure(s.selectionSet, sub, depth, seen);
        cost += inner.cost;
        maxDepth = Math.max(maxDepth, inner.depth);
      } else {
        const f = seen.has(s.name.value) ? undefined : fragments.get(s.name.value);
        if (!f) continue;
        const inner = measure(
          f.selectionSet,
          schema.getType(f.typeCondition.name.value),
          depth,
          new Set([...seen, s.name.value]),
        );
        cost += inner.cost;
        maxDepth = Math.max(maxDepth, inner.depth);
      }
    }
    return { depth: maxDepth, cost };
  };
  const { depth, cost } = measure(operation.selectionSet, root, 0, new Set());
  return { depth, cost, rows, rootFields };
}

/**
 * Deepest `{` nesting of a query text, outside strings and comments: a cheap bound checked before the
 * text is parsed, so a query nested thousands of levels deep never reaches a recursive parser.
 */
export function braceDepth(text: string): number {
  // Runs on every query text before parsing, up to MAX_BODY_BYTES of it: indexOf and a plain charCode
  // loop (a startsWith per character made a 1 MB text take ~25 ms of the event loop).
  let depth = 0;
  let max = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x23 /* # */) {
      const eol = text.indexOf('\n', i);
      i = eol < 0 ? n : eol;
    } else if (c === 0x22 /* " */) {
      if (text.startsWith('"""', i)) {
        const close = text.indexOf('"""', i + 3);
        i = close < 0 ? n : close + 2;
      } else {
        for (i++; i < n; i++) {
          const d = text.charCodeAt(i);
          if (d === 0x5c /* \ */) i++;
          else if (d === 0x22) break;
        }
      }
    } else if (c === 0x7b /* { */) {
      if (++depth > max) max = depth;
    } else if (c === 0x7d /* } */) {
      depth--;
    }
  }
  return max;
}
