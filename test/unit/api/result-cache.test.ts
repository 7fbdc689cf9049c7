import { makeExecutableSchema } from '@graphql-tools/schema';
import { parse } from 'graphql';
import { isCacheable, plainFields, ResultCache } from '../../../src/api/result-cache';

const schema = makeExecutableSchema({
  typeDefs: `
    type Query { recommendMedia(userId: ID!): [Rec!]! user(id: ID!): User mediaItems: [Media!]! }
    type Mutation { follow(id: ID!): Boolean }
    type Rec { score: Float! media: Media! }
    type Media { id: ID! title: String creator: User }
    type User { id: ID! name: String }
  `,
  resolvers: {
    Query: { recommendMedia: () => [], user: () => null, mediaItems: () => [] },
    Mutation: { follow: () => true },
    Media: { creator: () => null }, // reads live data: never cached below a feed
  },
});
const plain = plainFields(schema);
const can = (q: string, op?: string) => isCacheable(schema, plain, parse(q), op);

describe('result cache: which operations', () => {
  it('takes feed queries that read only plain fields, through fragments too', () => {
    expect(can('query($u: ID!) { recommendMedia(userId: $u) { score media { id title __typename } } }')).toBe(true);
    expect(
      can(
        '{ recommendMedia(userId: "u1") { ...R } } fragment R on Rec { score media { ...M } } fragment M on Media { id }',
      ),
    ).toBe(true);
    expect(can('{ recommendMedia(userId: "u1") { ... on Rec { score } } }')).toBe(true);
  });

  it('refuses other roots, fields with resolvers below the root, and non-queries', () => {
    expect(can('{ user(id: "u1") { id } }')).toBe(false);
    expect(can('{ recommendMedia(userId: "u1") { score } user(id: "u1") { id } }')).toBe(false);
    expect(can('{ recommendMedia(userId: "u1") { media { creator { id } } } }')).toBe(false);
    expect(can('{ recommendMedia(userId: "u1") { ...R } } fragment R on Rec { media { creator { name } } }')).toBe(
      false,
    );
    expect(can('mutation { follow(id: "u2") }')).toBe(false);
    expect(can('query A { recommendMedia(userId: "u1") { score } } query B { user(id: "u1") { id } }', 'B')).toBe(
      false,
    );
    expect(can('query A { recommendMedia(userId: "u1") { score } } query B { user(id: "u1") { id } }', 'A')).toBe(true);
  });
});

describe('result cache: when an entry is served', () => {
  const versions = new Map<string, number>();
  const fp = (dep: string) => String(versions.get(dep) ?? 0);
  const ok = { data: { recommendMedia: [] } };

  it('serves an entry while every dependency keeps the fingerprint it had when the data was read', () => {
    const cache = new ResultCache(fp, 10, 60_000);
    const deps: [string, string][] = [
      ['entities', cache.current('entities')],
      ['user:u1', cache.current('user:u1')],
    ];
    cache.set('k', ok, deps, 1000);
    expect(cache.get('k', 1500)).toBe(ok);
    versions.set('user:u2', 1); // someone else's write
    expect(cache.get('k', 1600)).toBe(ok);
    versions.set('user:u1', 1); // this user's new interaction
    expect(cache.get('k', 1700)).toBeUndefined();
    expect(cache.get('k', 1800)).toBeUndefined(); // and the stale entry is gone
    expect([cache.hits, cache.misses]).toEqual([2, 2]);
  });

  it('a write landing while the result is built leaves it stale, not fresh', () => {
    const cache = new ResultCache(fp, 10, 60_000);
    const deps: [string, string][] = [['entities', cache.current('entities')]];
    versions.set('entities', (versions.get('entities') ?? 0) + 1); // during execution
    cache.set('k', ok, deps);
    expect(cache.get('k')).toBeUndefined();
  });

  it('expires entries after the TTL, keeps no errors and at most `capacity` entries', () => {
    const cache = new ResultCache(fp, 2, 100);
    cache.set('a', ok, [], 0);
    expect(cache.get('a', 101)).toBeUndefined();
    cache.set('e', { errors: [new Error('x') as never] }, [], 0);
    expect(cache.get('e', 1)).toBeUndefined();
    cache.set('a', ok, [], 0);
    cache.set('b', ok, [], 0);
    cache.set('c', ok, [], 0);
    expect(cache.size).toBe(2);
    expect(cache.get('a', 1)).toBeUndefined();
    expect(cache.get('c', 1)).toBe(ok);
  });
});
