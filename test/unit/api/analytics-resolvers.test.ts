/** The analytics schema and resolvers, executed in-process over a tiny snapshot (no Neo4j, no HTTP). */
import { ApolloServer } from '@apollo/server';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { parse, type OperationDefinitionNode } from 'graphql';
import { AnalyticsService } from '../../../src/analytics/analytics-service';
import { hourHistogram } from '../../../src/analytics/taste-profile';
import { authorise, rootFields } from '../../../src/api/auth';
import { createErrorFormatter } from '../../../src/api/errors';
import { FIELD_WORK, measureOperation } from '../../../src/api/query-cost';
import { createLoaders } from '../../../src/api/loaders';
import { createLogger } from '../../../src/logging/logger';
import { analyticsResolvers } from '../../../src/api/resolvers/analytics';
import { baseResolvers, loadTypeDefs, mergeResolvers } from '../../../src/api/schema';
import type { Services } from '../../../src/api/context';
import { clique, tiny } from '../analytics/fixture';

const snapshot = tiny({
  users: ['a', 'b', 'c'],
  items: [
    { id: 'm1', kind: 'AUDIO', terms: ['jazz'] },
    { id: 'm2', kind: 'VIDEO', terms: ['film'] },
  ],
  engaged: [
    ['a', 'm1', 2],
    ['b', 'm1', 1],
    ['c', 'm2', 1],
  ],
  follows: clique(['a', 'b', 'c']),
});

const services = {
  users: {
    byIds: async (ids: readonly string[]) =>
      new Map(ids.filter((id) => id !== 'c').map((id) => [id, { id, name: `User ${id.toUpperCase()}` }])),
  },
  media: {
    byIds: async (ids: readonly string[]) =>
      new Map(ids.map((id) => [id, { id, title: `Title ${id}`, kind: 'AUDIO', tags: [] }])),
  },
  analytics: new AnalyticsService({ state: { snapshot }, hours: async () => hourHistogram([{ hour: 21, n: 4 }]) }),
} as unknown as Services;

let server: ApolloServer<any>;
beforeAll(async () => {
  server = new ApolloServer({
    typeDefs: loadTypeDefs(),
    resolvers: mergeResolvers(baseResolvers(), analyticsResolvers) as never,
    formatError: createErrorFormatter(createLogger('silent')),
  });
  await server.start();
});
afterAll(() => server.stop());

async function run(query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const r = await server.executeOperation(
    { query, variables },
    { contextValue: { requestId: 't', services, loaders: createLoaders(services), turn: async () => undefined } },
  );
  if (r.body.kind !== 'single') throw new Error('expected a single result');
  return r.body.singleResult;
}

describe('analytics over GraphQL', () => {
  test('graphStats, communities and influencers', async () => {
    const r = await run(`{
      graphStats { snapshotVersion nodes { users media audio video } edges { engagements follows friendships }
                   degrees { userEngagement { p50 p90 p99 max } } density { social engagement } components { social { count largest } engagement { count largest } } }
      communities(graph: SOCIAL, first: 5) { graph modularity count communities { id size topMembers { id label type } topTags { tag weight } } }
      topInfluencers(first: 2) { totalCount pageInfo { hasNextPage hasPreviousPage } edges { node { rank score followers user { id name } } } } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data.graphStats).toMatchObject({
      snapshotVersion: 1,
      nodes: { users: 3, media: 2, audio: 1, video: 1 },
      edges: { engagements: 3, follows: 6, friendships: 3 },
    });
    expect(r.data.graphStats.components.engagement).toEqual({ count: 2, largest: 3 });
    expect(r.data.communities.communities[0].size).toBe(3);
    expect(r.data.topInfluencers.edges[0].node.user.name).toMatch(/^User /);
    // The total is every ranked user, not the page size.
    expect(r.data.topInfluencers.edges).toHaveLength(2);
    expect(r.data.topInfluencers.totalCount).toBe(3);
    expect(r.data.topInfluencers.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false });
  });

  test('the neighbourhood query with labels from the loaders, path and taste profile', async () => {
    const r = await run(
      `query($id: ID!) {
      neighbourhood(id: $id, depth: 1, limit: 10) { truncated nodes { id type label size community depth } edges { source target type weight } }
      shortestPath(fromId: "a", toId: "b") { length nodes { id } }
      none: shortestPath(fromId: "a", toId: "c") { length }
      tasteProfile(userId: "a") { userId user { id } engagedMedia topTags { tag weight } kinds { kind items share } activityByHour peakHour } }`,
      { id: 'a' },
    );
    expect(r.errors).toBeUndefined();
    const byId = Object.fromEntries(r.data.neighbourhood.nodes.map((n: any) => [n.id, n]));
    expect(byId.a).toMatchObject({ type: 'USER', label: 'User A', depth: 0 });
    expect(byId.m1).toMatchObject({ type: 'MEDIA', label: 'Title m1' });
    expect(byId.c.label).toBe('c'); // no user record: the id
    expect(r.data.neighbourhood.edges.length).toBeGreaterThan(0);
    expect(r.data.shortestPath).toEqual({ length: 2, nodes: [{ id: 'a' }, { id: 'm1' }, { id: 'b' }] });
    expect(r.data.none).toBeNull();
    expect(r.data.tasteProfile).toMatchObject({
      userId: 'a',
      engagedMedia: 1,
      topTags: [{ tag: 'jazz', weight: 1 }],
      peakHour: 21,
    });
    expect(r.data.tasteProfile.activityByHour).toHaveLength(24);
  });

  test('typed errors for bad arguments and unknown ids', async () => {
    const codes = async (q: string) => ((await run(q)).errors ?? []).map((e: any) => e.extensions?.code);
    for (const field of ['neighbourhood', 'neighborhood']) {
      expect(await codes(`{ ${field}(id: "a", depth: 4) { truncated } }`)).toEqual(['BAD_USER_INPUT']);
      expect(await codes(`{ ${field}(id: "a", limit: 2001) { truncated } }`)).toEqual(['BAD_USER_INPUT']);
      expect(await codes(`{ ${field}(id: "nobody") { truncated } }`)).toEqual(['NOT_FOUND']);
    }
    expect(await codes(`{ communities(first: 0) { count } }`)).toEqual(['BAD_USER_INPUT']);
    expect(await codes(`{ topInfluencers(first: 101) { totalCount } }`)).toEqual(['BAD_USER_INPUT']);
    expect(await codes(`{ shortestPath(fromId: "a", toId: "nobody") { length } }`)).toEqual(['NOT_FOUND']);
    expect(await codes(`{ tasteProfile(userId: "nobody") { peakHour } }`)).toEqual(['NOT_FOUND']);
  });

  test('neighborhood, the deprecated spelling of neighbourhood, answers the same with the same role and cost', async () => {
    const selection =
      '(id: "a", type: USER, depth: 2, limit: 10) { truncated nodes { id type label depth } edges { source target type weight } }';
    const r = await run(`{ neighbourhood${selection} neighborhood${selection} }`);
    expect(r.errors).toBeUndefined();
    expect(r.data.neighbourhood.nodes.length).toBeGreaterThan(1);
    expect(r.data.neighborhood).toEqual(r.data.neighbourhood);

    const schema = await run(
      `{ __type(name: "Query") { fields(includeDeprecated: true) { name isDeprecated deprecationReason } } }`,
    );
    const fields = Object.fromEntries(schema.data.__type.fields.map((f: any) => [f.name, f]));
    expect(fields.neighbourhood).toMatchObject({ isDeprecated: false, deprecationReason: null });
    expect(fields.neighborhood).toMatchObject({ isDeprecated: true, deprecationReason: 'use neighbourhood' });

    // Same role: an app key is refused either spelling (FORBIDDEN), an analyst key may use both.
    const sdl = makeExecutableSchema({ typeDefs: loadTypeDefs() });
    const measure = (query: string) => {
      const document = parse(query);
      const operation = document.definitions[0] as OperationDefinitionNode;
      return { fields: rootFields(document, operation), cost: measureOperation(sdl, document, operation, {}).cost };
    };
    const current = measure(`{ neighbourhood${selection} }`);
    const former = measure(`{ neighborhood${selection} }`);
    const refusal = (role: 'app' | 'analyst', fields: string[]) => {
      try {
        authorise({ role, keyId: 'k' }, fields);
        return null;
      } catch (e: any) {
        return e.extensions?.code;
      }
    };
    for (const fields of [current.fields, former.fields]) {
      expect(refusal('app', fields)).toBe('FORBIDDEN');
      expect(refusal('analyst', fields)).toBeNull();
    }
    // Same cost, the neighbourhood walk's work included in both.
    expect(FIELD_WORK['Query.neighbourhood']).toBeGreaterThan(0);
    expect(FIELD_WORK['Query.neighborhood']).toBe(FIELD_WORK['Query.neighbourhood']);
    expect(former.cost).toBe(current.cost);
  });
});
