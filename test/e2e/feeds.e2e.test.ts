import { runEmbeddingJob } from '../../src/jobs/embedding-job';
import { startService, type Service } from '../../src/main';
import { initBackend } from '../../src/models/backend';
import { client, codes } from '../support/graphql-client';
import { until } from '../support/poll';
import { namespace, testConfig } from '../support/db';
import { ownNeo4j, type OwnNeo4j } from '../support/own-neo4j';

const FEED = `query($u: ID!, $first: Int, $after: String, $q: String, $ctx: ContextInput, $f: RecommendFilter, $d: Float) {
  recommendMedia(userId: $u, first: $first, after: $after, query: $q, context: $ctx, filter: $f, diversity: $d) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { score media { id title kind } reasons { kind label weight evidence } } } } }`;

describe('recommendation feeds over GraphQL', () => {
  let neo4j: OwnNeo4j;
  let service: Service;
  let gql: ReturnType<typeof client>;
  const ns = namespace();
  const u = (i: number): string => `${ns}u${i}`;
  const m = (i: number): string => `${ns}m${i}`;
  const feed = async (vars: Record<string, unknown>) => await gql<any>(FEED, vars);
  const ids = (r: any): string[] => r.data.recommendMedia.edges.map((e: any) => e.node.media.id);

  beforeAll(async () => {
    // Its own database: how strongly a query steers the feed depends on the catalogue the default ranker
    // standardises on, and the shared one holds whatever other suites wrote (CI failed on it twice).
    neo4j = await ownNeo4j('feeds');
    service = await startService(testConfig({ ...neo4j.env, EMBEDDING_KIND: 'hashing', SNAPSHOT_REFRESH_SEC: '0' }));
    gql = client(service.url);
    await gql(`mutation($in: [UserInput!]!) { upsertUsers(input: $in) { created } }`, {
      in: [0, 1, 2, 3, 4, 5].map((i) => ({ id: u(i) })),
    });
    const media = Array.from({ length: 30 }, (_, i) => ({
      id: m(i),
      kind: i < 15 ? 'AUDIO' : 'VIDEO',
      title: i < 15 ? `Jazz saxophone session ${i}` : `Cooking pasta recipe ${i}`,
      tags: i < 15 ? ['jazz', 'saxophone'] : ['cooking', 'pasta'],
      language: i % 2 ? 'en' : 'de',
      durationSec: 60 * (i + 1),
    }));
    await gql(`mutation($in: [MediaInput!]!) { upsertMedia(input: $in) { created } }`, { in: media });
    const events: Record<string, unknown>[] = [];
    // u1..u4 like jazz (items 0..9) and a little cooking; u0 has a few jazz items.
    for (const user of [1, 2, 3, 4])
      for (let i = 0; i < 10; i++)
        events.push({ userId: u(user), mediaId: m(i), type: 'LIKE', context: { localHour: 20, device: 'tv' } });
    for (const user of [1, 2])
      for (let i = 15; i < 18; i++) events.push({ userId: u(user), mediaId: m(i), type: 'VIEW' });
    for (let i = 0; i < 3; i++) events.push({ userId: u(0), mediaId: m(i), type: 'LISTEN' });
    await gql(`mutation($in: [InteractionInput!]!) { recordInteractions(input: $in) { recorded } }`, { in: events });
    for (const v of [1, 2]) {
      await gql(
        `mutation { a: follow(followerId: "${u(0)}", followeeId: "${u(v)}") b: follow(followerId: "${u(v)}", followeeId: "${u(0)}") }`,
      );
    }
    await service.state.reload();
  });
  afterAll(async () => {
    await service?.stop();
    await neo4j?.stop();
  });

  test('a feed leaves out engaged items and explains every item', async () => {
    const r = await feed({ u: u(0), first: 10 });
    expect(r.errors).toBeUndefined();
    const got = ids(r);
    expect(got.length).toBe(10);
    for (const i of [0, 1, 2]) expect(got).not.toContain(m(i));
    expect(
      got
        .filter((id) => id.startsWith(ns))
        .slice(0, 3)
        .every((id) => Number(id.slice(ns.length + 1)) < 15),
    ).toBe(true);
    const top = r.data.recommendMedia.edges[0].node;
    expect(top.reasons.length).toBeGreaterThan(0);
    const social = r.data.recommendMedia.edges
      .flatMap((e: any) => e.node.reasons)
      .find((x: any) => x.kind === 'SOCIAL');
    expect(social.evidence.some((id: string) => [u(1), u(2)].includes(id))).toBe(true);
  });

  test('a new interaction changes the next feed at once, without retraining', async () => {
    // No reload may happen in between: settle the background embedding and the reloads the setup
    // scheduled, then hold new ones.
    await service.embedQueue?.idle();
    await new Promise((r) => setTimeout(r, 500)); // past SNAPSHOT_MIN_INTERVAL_MS: a pending coalesced reload has run
    await service.state.reload();
    const schedule = service.state.scheduleReload;
    service.state.scheduleReload = () => undefined;
    try {
      const before = ids(await feed({ u: u(0), first: 5 }));
      const hits = service.resultCache!.hits;
      expect(ids(await feed({ u: u(0), first: 5 }))).toEqual(before); // the same answer, from the result cache
      expect(service.resultCache!.hits).toBe(hits + 1);
      expect(await (await fetch(`${service.url}/metrics`)).text()).toMatch(
        new RegExp(`graphql_result_cache\\{kind="hits"\\} ${hits + 1}\\b`),
      );
      const target = before[0];
      const version = service.state.snapshot.version;
      await gql(
        `mutation { recordInteractions(input: [{ userId: "${u(0)}", mediaId: "${target}", type: LIKE }]) { recorded } }`,
      );
      const after = ids(await feed({ u: u(0), first: 5 }));
      expect(after).not.toContain(target);
      // Folded into the user's online state: same snapshot, nothing retrained.
      expect(service.state.snapshot.version).toBe(version);
    } finally {
      service.state.scheduleReload = schedule;
    }
  });

  test('a disliked or low-rated item stays out of the feed after the next reload, as it does at once', async () => {
    const before = ids(await feed({ u: u(3), first: 5 }));
    const [disliked, rated] = before;
    await gql(`mutation($in: [InteractionInput!]!) { recordInteractions(input: $in) { recorded } }`, {
      in: [
        { userId: u(3), mediaId: disliked, type: 'DISLIKE' },
        { userId: u(3), mediaId: rated, type: 'RATE', rating: 1 },
      ],
    });
    const now = ids(await feed({ u: u(3), first: 15 }));
    expect(now).not.toContain(disliked);
    expect(now).not.toContain(rated);
    await service.state.reload();
    const reloaded = ids(await feed({ u: u(3), first: 15 }));
    expect(reloaded.length).toBe(15);
    expect(reloaded).not.toContain(disliked);
    expect(reloaded).not.toContain(rated);
  });

  test('paging through one feed shows no duplicates and no gaps, even across new interactions', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    const all = ids(await feed({ u: u(3), first: 15 }));
    for (let p = 0; p < 3; p++) {
      const r = await feed({ u: u(3), first: 5, after });
      seen.push(...ids(r));
      after = r.data.recommendMedia.pageInfo.endCursor;
      if (p === 0)
        await gql(
          `mutation { recordInteractions(input: [{ userId: "${u(3)}", mediaId: "${ids(r)[0]}", type: LIKE }]) { recorded } }`,
        );
    }
    expect(new Set(seen).size).toBe(15);
    expect(seen.slice(0, 5)).toEqual(all.slice(0, 5));
  });

  test('filters, query text, context and diversity shape the feed', async () => {
    const videos = await feed({ u: u(0), first: 10, f: { kind: 'VIDEO', language: 'en', maxDurationSec: 1200 } });
    for (const e of videos.data.recommendMedia.edges) expect(e.node.media.kind).toBe('VIDEO');
    expect(
      ids(videos)
        .filter((id) => id.startsWith(ns))
        .every((id) => Number(id.slice(ns.length + 1)) % 2 === 1 && Number(id.slice(ns.length + 1)) < 20),
    ).toBe(true);
    const excluded = await feed({ u: u(0), first: 10, f: { excludeIds: [m(3), m(4)] } });
    expect(ids(excluded)).not.toContain(m(3));
    const q = await feed({
      u: u(0),
      first: 20,
      q: 'pasta recipe',
      ctx: { localHour: 20, device: 'tv', weekday: 3 },
      d: 0.3,
    });
    // u0's history is all jazz: the search brings a pasta item to the top of this suite's items.
    const top = q.data.recommendMedia.edges.find((e: any) => e.node.media.id.startsWith(ns)).node;
    expect(top.media.title).toMatch(/pasta/i);
    expect(top.reasons.map((x: any) => x.kind)).toContain('QUERY');
  });

  test('cold start: a user without interactions gets a useful feed from friends, popularity and query text', async () => {
    await gql(`mutation { upsertUsers(input: [{ id: "${u(9)}" }]) { created } }`);
    const cold = await feed({ u: u(9), first: 10 });
    expect(cold.errors).toBeUndefined();
    expect(ids(cold).length).toBe(10);
    await gql(`mutation { follow(followerId: "${u(9)}", followeeId: "${u(1)}") }`);
    const { value: social } = await until(
      () => feed({ u: u(9), first: 10 }),
      (r) => r.data.recommendMedia.edges.some((e: any) => e.node.reasons.some((x: any) => x.kind === 'SOCIAL')),
    );
    expect(
      social.data.recommendMedia.edges.some((e: any) =>
        e.node.reasons.some((x: any) => x.kind === 'SOCIAL' && x.evidence.includes(u(1))),
      ),
    ).toBe(true);
    const q = await feed({ u: u(9), first: 3, q: 'saxophone jazz' });
    expect(q.data.recommendMedia.edges[0].node.media.title).toMatch(/jazz/i);
  });

  test('a new media item with text is recommendable and similar before any retraining', async () => {
    await gql(
      `mutation { upsertMedia(input: [{ id: "${m(99)}", kind: AUDIO, title: "Jazz saxophone session encore", tags: ["jazz", "saxophone"] }]) { created } }`,
    );
    const { value: similar } = await until(
      () =>
        gql<any>(
          `{ similarMedia(mediaId: "${m(5)}", first: 40) { edges { node { media { id } reasons { kind } } } } }`,
        ),
      (r) => (r.data?.similarMedia.edges ?? []).some((e: any) => e.node.media.id === m(99)),
    );
    expect(similar.data.similarMedia.edges.map((e: any) => e.node.media.id)).toContain(m(99));
    const own = await gql<any>(
      `{ similarMedia(mediaId: "${m(99)}", first: 5) { edges { node { media { id } reasons { kind } } } } }`,
    );
    expect(own.data.similarMedia.edges[0].node.media.id.startsWith(`${ns}m`)).toBe(true);
    const q = await feed({ u: u(4), first: 5, q: 'jazz saxophone encore' });
    expect(ids(q)).toContain(m(99));
  });

  test('friend suggestions come with mutual friends and reasons', async () => {
    const r = await gql<any>(
      `{ suggestFriends(userId: "${u(1)}", first: 5) { totalCount edges { node { user { id } score mutualFriends reasons { kind label evidence } } } } }`,
    );
    const s = r.data.suggestFriends.edges.find((e: any) => e.node.user.id === u(2));
    expect(s.node.mutualFriends).toBe(1);
    expect(s.node.reasons[0].evidence).toContain(u(0));
  });

  test('trending counts recent engagement in the window', async () => {
    const r = await gql<any>(`{ trending(window: "PT1H", first: 50) { edges { node { media { id } score } } } }`);
    const ours = r.data.trending.edges.filter((e: any) => e.node.media.id.startsWith(ns));
    expect(ours[0].node.media.id).toMatch(new RegExp(`^${ns}m\\d$`));
    expect(ours[0].node.score).toBeGreaterThanOrEqual(4);
  });

  test("past VECTOR_INDEX_MIN_ITEMS, the feed's graph, content and query neighbours come from Neo4j's vector indexes", async () => {
    await initBackend({ preferred: 'cpu' });
    await runEmbeddingJob(service.stores.graph, { model: 'bpr-mf', config: { epochs: 1 }, seed: 1, backend: 'cpu' });
    await service.stores.db.runAutoCommit('CALL db.awaitIndexes(60)');
    const big = await startService(
      testConfig({ ...neo4j.env, EMBEDDING_KIND: 'hashing', SNAPSHOT_REFRESH_SEC: '0', VECTOR_INDEX_MIN_ITEMS: '1' }),
    );
    try {
      const asked: string[] = [];
      big.stores.db.onQuery((name) => asked.push(name));
      const r = await client(big.url)<any>(FEED, { u: u(0), first: 10 });
      expect(r.errors).toBeUndefined();
      expect(r.data.recommendMedia.edges).toHaveLength(10);
      expect(asked).toContain('graph/media-nearest');
      expect(asked.filter((n) => n === 'content/media-nearest-text')).toHaveLength(1); // the content profile's
      // A query's neighbours from the text index too, and the item that matches it is found there.
      const q = await client(big.url)<any>(FEED, { u: u(4), first: 5, q: 'jazz saxophone encore' });
      expect(q.errors).toBeUndefined();
      expect(asked.filter((n) => n === 'content/media-nearest-text')).toHaveLength(3);
      expect(ids(q)).toContain(m(99));
    } finally {
      await big.stop();
    }
  });

  const bad: [string, string, Record<string, unknown>, string][] = [
    ['unknown user', FEED, { u: `${ns}ghost` }, 'NOT_FOUND'],
    ['first out of range', FEED, { u: u(0), first: 0 }, 'BAD_USER_INPUT'],
    ['unknown kind', FEED, { u: u(0), f: { kind: 'PODCAST' } }, 'BAD_USER_INPUT'],
    ['malformed context', FEED, { u: u(0), ctx: { localHour: 30 } }, 'BAD_USER_INPUT'],
    ['context of the wrong type', FEED, { u: u(0), ctx: { weekday: 'monday' } }, 'BAD_USER_INPUT'],
    ['diversity out of range', FEED, { u: u(0), d: 2 }, 'BAD_USER_INPUT'],
    ['malformed cursor', FEED, { u: u(0), after: 'bogus' }, 'BAD_USER_INPUT'],
    ['unknown media for similar', `{ similarMedia(mediaId: "${ns}nope") { totalCount } }`, {}, 'NOT_FOUND'],
    ['malformed trending window', `{ trending(window: "7 days") { totalCount } }`, {}, 'BAD_USER_INPUT'],
    ['unknown user for friends', `{ suggestFriends(userId: "${ns}ghost") { totalCount } }`, {}, 'NOT_FOUND'],
  ];
  test.each(bad)('%s → %s', async (_name, query, vars, code) => {
    expect(codes(await gql(query, vars))).toEqual([code]);
  });
});
