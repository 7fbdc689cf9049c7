/**
 * Validation rules bounding what one query may ask for: nesting depth, and an estimated cost where a
 * list field multiplies the cost of what it selects by its `first` argument (default 20), so a
 * 100×100×100 nested connection is refused before it runs.
 */
import { GraphQLError, Kind, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
}

function firstArg(field: FieldNode, variables: Record<string, unknown>): number | null {
  const arg = field.arguments?.find((a) => a.name.value === 'first' || a.name.value === 'limit');
  if (!arg) return null;
  if (arg.value.kind === Kind.INT) return Number(arg.value.value);
  if (arg.value.kind === Kind.VARIABLE) {
    const v = variables[arg.value.name.value];
    return typeof v === 'number' ? v : null;
  }
  return null;
}

const CONNECTION_FIELDS = /^(users|mediaItems|recommendMedia|suggestFriends|similarMedia|trending|interactions|engagedMedia|following|followers|friends|engagedBy|communities|topInfluencers|neighborhood)$/;

/** Throws BAD_USER_INPUT when the operation is too deep or too costly (variables resolve `first`). */
export function checkQueryLimits(document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>, limits: QueryLimits): void {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const measure = (set: SelectionSetNode, depth: number, seen: Set<string>): { depth: number; cost: number } => {
    let maxDepth = depth;
    let cost = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        if (s.name.value.startsWith('__')) continue;
        const inner = s.selectionSet ? measure(s.selectionSet, depth + 1, seen) : { depth, cost: 0 };
        const many = CONNECTION_FIELDS.test(s.name.value) ? (firstArg(s, variables) ?? 20) : 1;
        cost += 1 + many * inner.cost;
        maxDepth = Math.max(maxDepth, inner.depth);
      } else {
        const sub = s.kind === Kind.INLINE_FRAGMENT ? s.selectionSet : seen.has(s.name.value) ? null : fragments.get(s.name.value)?.selectionSet;
        if (!sub) continue;
        const inner = measure(sub, depth, s.kind === Kind.FRAGMENT_SPREAD ? new Set([...seen, s.name.value]) : seen);
        cost += inner.cost;
        maxDepth = Math.max(maxDepth, inner.depth);
      }
    }
    return { depth: maxDepth, cost };
  };
  const { depth, cost } = measure(operation.selectionSet, 0, new Set());
  if (depth > limits.maxDepth) {
    throw new GraphQLError(`query depth must be at most ${limits.maxDepth} (got ${depth})`, { extensions: { code: 'BAD_USER_INPUT', field: 'query' } });
  }
  if (cost > limits.maxCost) {
    throw new GraphQLError(`query cost must be at most ${limits.maxCost} (got ${cost}); ask for fewer nested items`, { extensions: { code: 'BAD_USER_INPUT', field: 'query' } });
  }
}
