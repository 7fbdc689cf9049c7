import { makeExecutableSchema } from '@graphql-tools/schema';
import { parse, type OperationDefinitionNode } from 'graphql';
import { braceDepth, measureOperation } from '../../../src/api/query-cost';
import { checkQueryLimits, checkQueryText } from '../../../src/api/query-limits';
import { loadTypeDefs } from '../../../src/api/schema';

const schema = makeExecutableSchema({ typeDefs: loadTypeDefs() });
const limits = { maxDepth: 12, maxCost: 50_000, maxChars: 100_000, maxRows: 1000 };

function measure(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const operation = document.definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode;
  return { document, operation, m: measureOperation(schema, document, operation, variables) };
}

describe('query cost with the values the query runs with', () => {
  test('a variable default costs what it will run with, as the same value given literally', () => {
    const viaDefault = measure('query($n: Int = 100) { mediaItems(first: $n) { edges { node { id title } } } }').m.cost;
    const literal = measure('{ mediaItems(first: 100) { edges { node { id title } } } }').m.cost;
    const given = measure('query($n: Int = 5) { mediaItems(first: $n) { edges { node { id title } } } }', { n: 100 }).m
      .cost;
    expect(viaDefault).toBe(literal);
    expect(given).toBe(literal);
    // The schema's own default (first: Int = 20) applies when the argument is absent.
    expect(measure('{ mediaItems { edges { node { id } } } }').m.cost).toBe(
      measure('{ mediaItems(first: 20) { edges { node { id } } } }').m.cost,
    );
  });

  test('every aliased root field pays its ranking work', () => {
    const one = measure('{ a0: recommendMedia(userId: "u", first: 1, query: "x") { totalCount } }').m;
    const aliases = Array.from(
      { length: 100 },
      (_, i) => `a${i}: recommendMedia(userId: "u", first: 1, query: "x") { totalCount }`,
    ).join(' ');
    const many = measure(`{ ${aliases} }`).m;
    expect(one.cost).toBeGreaterThan(200);
    expect(many.cost).toBe(100 * one.cost);
    expect(many.rootFields).toHaveLength(100);
    const huge = Array.from(
      { length: 10_000 },
      (_, i) => `a${i}: recommendMedia(userId: "u", first: 1, query: "x") { totalCount }`,
    ).join(' ');
    const { document, operation } = measure(`{ ${huge} }`);
    expect(() => checkQueryLimits(schema, document, operation, {}, limits)).toThrow(
      expect.objectContaining({
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', http: { status: 400 } }),
      }),
    );
  });

  test('list arguments are paid for by their length (filter lists too)', () => {
    const base = measure('{ recommendMedia(userId: "u", first: 1) { totalCount } }').m.cost;
    const ids = Array.from({ length: 500 }, (_, i) => `"m${i}"`).join(',');
    const listed = measure(
      `{ recommendMedia(userId: "u", first: 1, filter: { excludeIds: [${ids}], tags: ["jazz", "live"] }) { totalCount } }`,
    ).m.cost;
    expect(listed - base).toBe(502);
    // Through variables as literally.
    const viaVars = measure(
      'query($f: RecommendFilter) { recommendMedia(userId: "u", first: 1, filter: $f) { totalCount } }',
      { f: { excludeIds: Array.from({ length: 500 }, (_, i) => `m${i}`), tags: ['jazz', 'live'] } },
    ).m.cost;
    expect(viaVars).toBe(listed);
    // Impressions are rows: counted against MAX_BATCH_SIZE like every mutation input.
    const rows = Array.from({ length: 1001 }, (_, i) => `{ userId: "u", mediaId: "m${i}" }`).join(',');
    const { document, operation, m } = measure(`mutation { recordImpressions(input: [${rows}]) { recorded } }`);
    expect(m.rows).toBe(1001);
    expect(() => checkQueryLimits(schema, document, operation, {}, limits)).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
    );
  });

  test('rows written are summed over aliased mutations', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => `{ id: "u${i}" }`).join(',');
    const eight = Array.from({ length: 8 }, (_, i) => `m${i}: upsertUsers(input: [${rows}]) { created }`).join(' ');
    const { document, operation, m } = measure(`mutation { ${eight} }`);
    expect(m.rows).toBe(8000);
    expect(() => checkQueryLimits(schema, document, operation, {}, { ...limits, maxCost: 10_000_000 })).toThrow(
      /at most 1000 rows/,
    );
    expect(
      measure('mutation($u: [UserInput!]!) { upsertUsers(input: $u) { created } }', { u: [{ id: 'a' }, { id: 'b' }] }).m
        .rows,
    ).toBe(2);
  });

  test('each item of a page read from Neo4j costs its read as well as its fields', () => {
    const page = measure('{ mediaItems(first: 100) { edges { node { id title tags } } } }').m.cost;
    // 1 + 100 × (read 5 + edges 1 + node 1 + three fields)
    expect(page).toBe(1 + 100 * (5 + 1 + 1 + 3));
    // A feed is ranked in memory: its work is counted once, its items only by their fields.
    const feed = measure('{ recommendMedia(userId: "u", first: 100) { edges { node { score } } } }').m.cost;
    expect(feed).toBe(1 + 200 + 100 * (1 + 1 + 1));
  });

  test('fragments and inline fragments are measured with their types', () => {
    const direct = measure('{ users(first: 10) { edges { node { id friends(first: 10) { totalCount } } } } }').m.cost;
    const viaFragment = measure(
      '{ users(first: 10) { edges { node { ...F } } } } fragment F on User { id friends(first: 10) { totalCount } }',
    ).m.cost;
    expect(viaFragment).toBe(direct);
  });

  test('the text check refuses absurd nesting before any parse, ignoring braces in strings and comments', () => {
    expect(braceDepth('{ a { b { c } } }')).toBe(3);
    expect(braceDepth('{ a(q: "{{{{") # {{{{\n }')).toBe(1);
    expect(braceDepth('{ a(q: """ {{{ """) }')).toBe(1);
    const deep = `${'{ a '.repeat(2000)}${'}'.repeat(2000)}`;
    expect(() => checkQueryText(deep, limits)).toThrow(/depth/);
    expect(() =>
      checkQueryText('{ recommendMedia(userId: "u", filter: { kind: AUDIO }) { totalCount } }', limits),
    ).not.toThrow();
  });

  test('the text check refuses a query over MAX_QUERY_CHARS before scanning it, naming the limit', () => {
    const long = `{ ${'a '.repeat(60_000)}}`;
    expect(() => checkQueryText(long, limits)).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(/at most 100000 characters \(got 120003\)/),
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'query' }),
      }),
    );
    expect(() => checkQueryText(long, { ...limits, maxChars: 200_000 })).not.toThrow();
  });
});
