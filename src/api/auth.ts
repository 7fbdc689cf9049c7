/**
 * API-key authentication and role-based authorisation. Roles nest: app (feeds, ingest) ⊂ analyst
 * (also analyst queries and the explorer) ⊂ admin (also deleteUser and jobs). With keys configured,
 * anonymous callers get only /health. Keys come as `x-api-key: KEY` or `authorization: Bearer KEY`, never in the URL.
 */
import {
  GraphQLError,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { timingSafeEqual, createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AppError } from '../domain/errors';

export const ROLES = ['app', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  role: Role;
  /** A stable, non-secret name for logs, metrics and rate limiting (a hash prefix of the key). */
  keyId: string;
}

/** Root fields that need more than the `app` role. Everything else needs `app`. */
export const FIELD_ROLES: Readonly<Record<string, Role>> = {
  'Query.graphStats': 'analyst',
  'Query.communities': 'analyst',
  'Query.topInfluencers': 'analyst',
  'Query.neighbourhood': 'analyst',
  // The deprecated spelling of Query.neighbourhood: the same role.
  'Query.neighborhood': 'analyst',
  'Query.shortestPath': 'analyst',
  'Query.tasteProfile': 'analyst',
  'Query.exportInteractions': 'analyst',
  'Query.jobs': 'admin',
  'Mutation.deleteUser': 'admin',
  'Mutation.runJob': 'admin',
  'Mutation.takedownMedia': 'admin',
  'Mutation.restoreMedia': 'admin',
};

export const ALLOWED_ANONYMOUS_FIELDS = new Set(['__typename']);

const rank = (r: Role): number => ROLES.indexOf(r);

export function hasRole(principal: Principal, needed: Role): boolean {
  return rank(principal.role) >= rank(needed);
}

export function keyId(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 12);
}

/** `API_KEYS=secret1:app,secret2:analyst,secret3:admin` → key table. */
export function parseApiKeys(spec: string | undefined): Map<string, Principal> {
  const out = new Map<string, Principal>();
  if (!spec) return out;
  for (const entry of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const i = entry.lastIndexOf(':');
    const key = entry.slice(0, i);
    const role = entry.slice(i + 1) as Role;
    if (i <= 0 || key.length < 8 || !ROLES.includes(role)) {
      throw new AppError(
        'BAD_USER_INPUT',
        `API_KEYS entries must be KEY:ROLE with a key of at least 8 characters and a role of ${ROLES.join(', ')} (got ${JSON.stringify(entry.replace(key, '***'))})`,
      );
    }
    out.set(key, { role, keyId: keyId(key) });
  }
  return out;
}

export class Authenticator {
  private readonly hashed: { digest: Buffer; principal: Principal }[];

  /** `keys` empty and `required` false: auth is off and every caller acts as admin (development). */
  constructor(
    keys: Map<string, Principal>,
    readonly required: boolean,
  ) {
    this.hashed = [...keys].map(([k, p]) => ({ digest: createHash('sha256').update(k).digest(), principal: p }));
  }

  get enabled(): boolean {
    return this.required || this.hashed.length > 0;
  }

  /**
   * The caller, or null when anonymous; compares digests in constant time. Keys come only in headers
   * (never in URLs, which end up in proxy and browser logs); the Bearer scheme is case-insensitive (RFC 7235).
   */
  authenticate(req: IncomingMessage): Principal | null {
    if (!this.enabled) return { role: 'admin', keyId: 'anonymous-dev' };
    const bearer = /^bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    const key = (req.headers['x-api-key'] as string | undefined) ?? bearer?.[1];
    if (!key) return null;
    const digest = createHash('sha256').update(key).digest();
    return this.hashed.find((h) => timingSafeEqual(h.digest, digest))?.principal ?? null;
  }
}

/** Root fields of the operation (through fragments), as `Type.field`. */
export function rootFields(document: DocumentNode, operation: OperationDefinitionNode): string[] {
  const type =
    operation.operation === 'mutation' ? 'Mutation' : operation.operation === 'subscription' ? 'Subscription' : 'Query';
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((f) => [f.name.value, f]),
  );
  const out: string[] = [];
  const walk = (set: SelectionSetNode, seen: Set<string>): void => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) out.push(`${type}.${s.name.value}`);
      else if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet, seen);
      else if (!seen.has(s.name.value)) {
        const f = fragments.get(s.name.value);
        if (f) walk(f.selectionSet, new Set([...seen, s.name.value]));
      }
    }
  };
  walk(operation.selectionSet, new Set());
  return out;
}

/** Throws FORBIDDEN naming the first field the principal may not use. */
export function authorise(principal: Principal, fields: string[]): void {
  for (const f of fields) {
    if (f.endsWith('.__typename') || f.endsWith('.__schema') || f.endsWith('.__type')) continue;
    const needed = FIELD_ROLES[f] ?? 'app';
    if (!hasRole(principal, needed)) {
      throw new GraphQLError(`${f} needs the ${needed} role (this key has ${principal.role})`, {
        extensions: { code: 'FORBIDDEN', field: f, http: { status: 403 } },
      });
    }
  }
}
