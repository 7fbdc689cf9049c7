import { makeExecutableSchema } from '@graphql-tools/schema';
import { execute, getIntrospectionQuery, GraphQLError, parse } from 'graphql';
import { JitCache, withPropertyResolvers } from '../../../src/api/jit-executor';

const typeDefs = `
  type Query { feed(n: Int!): [Item!]! page: Page! }
  type Page { total: Int! }
  type Item { score: Float! media: Media! }
  type Media { id: ID! title: String }
`;

function schemaWith(resolveMedia: (id: string) => unknown) {
  return makeExecutableSchema({
    typeDefs,
    resolvers: {
      Query: {
        // As the feed resolvers do: plain objects whose `media` property may hold a promise.
        feed: (_: unknown, { n }: { n: number }) =>
          Array.from({ length: n }, (_v, i) => ({ score: n - i, media: resolveMedia(`m${i}`) })),
        // As toConnection does for lazy totals: a function-valued property, called only when selected.
        page: () => ({ total: async () => 42 }),
      },
    },
  });
}

const query = parse('query Q($n: Int!) { feed(n: $n) { score media { id title } } }');

describe('graphql-jit executor', () => {
  it('awaits promises held in properties of parent objects, like graphql-js', async () => {
    const resolveMedia = (id: string) =>
      id === 'm1' ? Promise.resolve({ id, title: `T ${id}` }) : { id, title: `T ${id}` };
    const jit = new JitCache(withPropertyResolvers(schemaWith(resolveMedia)));
    const got = await jit.run(query, 'Q', {}, { n: 3 });
    const reference = await execute({ schema: schemaWith(resolveMedia), document: query, variableValues: { n: 3 } });
    expect(got.errors).toBeUndefined();
    expect(got.data).toEqual(reference.data);
    expect((got.data as { feed: { media: { id: string } }[] }).feed.map((f) => f.media.id)).toEqual(['m0', 'm1', 'm2']);
  });

  it('answers introspection (the Apollo sandbox, codegen) exactly as graphql-js does', async () => {
    const schema = withPropertyResolvers(schemaWith((id) => ({ id, title: null })));
    const document = parse(getIntrospectionQuery());
    const got = await new JitCache(schema).run(document, undefined, {}, {});
    expect(got.errors).toBeUndefined();
    expect(got.data).toEqual((await execute({ schema: schemaWith((id) => ({ id, title: null })), document })).data);
  });

  it('calls function-valued properties, like graphql-js', async () => {
    const jit = new JitCache(withPropertyResolvers(schemaWith((id) => ({ id, title: null }))));
    expect((await jit.run(parse('{ page { total } }'), undefined, {}, {})).data).toEqual({ page: { total: 42 } });
  });

  it('compiles a query once and reuses it, keeping at most `capacity` compiled queries', () => {
    const jit = new JitCache(withPropertyResolvers(schemaWith((id) => ({ id, title: null }))), 2);
    const first = jit.plan(query, 'Q').compiled;
    expect(first).not.toBeNull();
    expect(jit.plan(parse('query Q($n: Int!) { feed(n: $n) { score media { id title } } }'), 'Q').compiled).toBe(first); // same text, new parse
    const other = parse('query Q($n: Int!) { feed(n: $n) { score } }');
    const second = jit.plan(other, 'Q').compiled;
    expect(second).not.toBe(first);
    jit.plan(parse('{ page { total } }'), undefined); // a third query evicts the oldest
    expect(jit.plan(other, 'Q').compiled).toBe(second);
    expect(jit.plan(query, 'Q').compiled).not.toBe(first);
  });

  it('hands resolver errors on as graphql-js errors with their path, original error and extensions', async () => {
    const boom = Object.assign(new Error('no such media m1'), { extensions: { code: 'NOT_FOUND' } });
    const jit = new JitCache(
      withPropertyResolvers(schemaWith((id) => (id === 'm1' ? Promise.reject(boom) : { id, title: null }))),
    );
    const got = await jit.run(query, 'Q', {}, { n: 2 });
    const error = got.errors![0]!;
    expect(Object.getPrototypeOf(error)).toBe(GraphQLError.prototype);
    expect(error.originalError).toBe(boom);
    expect(error.extensions).toEqual({ code: 'NOT_FOUND' });
    expect(error.path).toEqual(['feed', 1, 'media']);
    expect(error.locations?.length).toBeGreaterThan(0);
  });

  it('reports bad variables as errors, executing nothing', async () => {
    let calls = 0;
    const jit = new JitCache(withPropertyResolvers(schemaWith((id) => (calls++, { id, title: null }))));
    const got = await jit.run(query, 'Q', {}, { n: 'three' });
    expect(got.errors?.[0]?.message).toMatch(/\$n/);
    expect(got.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(calls).toBe(0);
  });
});
