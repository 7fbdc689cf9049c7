/** The analytics schema and resolvers, executed in-process over a tiny snapshot (no Neo4j, no HTTP). */
import { ApolloServer } from '@apollo/server';
import { AnalyticsService } from '../../../src/analytics/analytics-service';
import { hourHistogram } from '../../../src/analytics/taste-profile';
import { createErrorFormatter } from '../../../src/api/errors';
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

  test('the neighborhood query with labels from the loaders, path and taste profile', async () => {
    const r = await run(
      `query($id: ID!) {
      neighborhood(id: $id, depth: 1, limit: 10) { truncated nodes { id type label size community depth } edges { source target type weight } }
      shortestPath(fromId: "a", toId: "b") { length nodes { id } }
      none: shortestPath(fromId: "a", toId: "c") { length }
      tasteProfile(userId: "a") { userId user { id } engagedMedia topTags { tag weight } kinds { kind items share } activityByHour peakHour } }`,
      { id: 'a' },
    );
    expect(r.errors).toBeUndefined();
    const byId = Object.fromEntries(r.data.neighborhood.nodes.map((n: any) => [n.id, n]));
    expect(byId.a).toMatchObject({ type: 'USER', label: 'User A', depth: 0 });
    expect(byId.m1).toMatchObject({ type: 'MEDIA', label: 'Title m1' });
    expect(byId.c.label).toBe('c'); // no user record: the id
    expect(r.data.neighborhood.edges.length).toBeGreaterThan(0);
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
    expect(await codes(`{ neighborhood(id: "a", depth: 4) { truncated } }`)).toEqual(['BAD_USER_INPUT']);
    expect(await codes(`{ neighborhood(id: "a", limit: 2001) { truncated } }`)).toEqual(['BAD_USER_INPUT']);
    expect(await codes(`{ communities(first: 0) { count } }`)).toEqual(['BAD_USER_INPUT']);
    expect(await codes(`{ topInfluencers(first: 101) { totalCount } }`)).toEqual(['BAD_USER_INPUT']);
    expect(await codes(`{ neighborhood(id: "nobody") { truncated } }`)).toEqual(['NOT_FOUND']);
    expect(await codes(`{ shortestPath(fromId: "a", toId: "nobody") { length } }`)).toEqual(['NOT_FOUND']);
    expect(await codes(`{ tasteProfile(userId: "nobody") { peakHour } }`)).toEqual(['NOT_FOUND']);
  });
});
