import { encodeCursor } from '../../src/api/cursor';
import { startService, type Service } from '../../src/main';
import { client, codes, setupWrite } from '../support/graphql-client';
import { namespace, testConfig } from '../support/db';

describe('GraphQL API over HTTP', () => {
  let service: Service;
  let gql: ReturnType<typeof client>;
  const ns = namespace();

  beforeAll(async () => {
    service = await startService(testConfig({ MAX_BATCH_SIZE: '60' }));
    gql = client(service.url);
    const users = Array.from({ length: 50 }, (_, i) => ({
      id: `${ns}u${String(i).padStart(2, '0')}`,
      name: `User ${i}`,
    }));
    await setupWrite(gql, `mutation($in: [UserInput!]!) { upsertUsers(input: $in) { created } }`, { in: users });
    const media = Array.from({ length: 10 }, (_, i) => ({
      id: `${ns}m${i}`,
      kind: i % 2 ? 'AUDIO' : 'VIDEO',
      title: `Item ${i}`,
      tags: [`${ns}tag`],
    }));
    await setupWrite(gql, `mutation($in: [MediaInput!]!) { upsertMedia(input: $in) { created } }`, { in: media });
    const events = users.flatMap((u, i) =>
      [0, 1, 2].map((k) => ({ eventId: `${u.id}-${k}`, userId: u.id, mediaId: `${ns}m${(i + k) % 10}`, type: 'VIEW' })),
    );
    for (let i = 0; i < events.length; i += 50) {
      await setupWrite(gql, `mutation($in: [InteractionInput!]!) { recordInteractions(input: $in) { recorded } }`, {
        in: events.slice(i, i + 50),
      });
    }
    for (let i = 0; i < 50; i++)
      await setupWrite(
        gql,
        `mutation { follow(followerId: "${users[i]!.id}", followeeId: "${users[(i + 1) % 50]!.id}") }`,
      );
    for (let i = 0; i < 50; i++)
      await setupWrite(
        gql,
        `mutation { follow(followerId: "${users[(i + 1) % 50]!.id}", followeeId: "${users[i]!.id}") }`,
      );
  });
  afterAll(() => service.stop());

  test('health reports Neo4j connectivity', async () => {
    const res = await fetch(`${service.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', neo4j: { connected: true } });
  });

  test('50 users with friends and engaged media cost a fixed number of round trips', async () => {
    await service.state.reload(); // let the reload the follows triggered finish first
    const asked: string[] = [];
    service.stores.db.onQuery((name) => asked.push(name));
    const res = await gql<any>(
      `query($after: String) { users(first: 50, after: $after) { edges { node { id
        friends(first: 5) { totalCount edges { node { id name } } }
        engagedMedia(first: 5) { totalCount edges { node { id title } engagement { count } } } } } } }`,
      { after: encodeCursor('users', ns) },
    ); // the page that starts at this file's users (ids sort after the namespace), whatever other files left in the database
    // Only this request's reads (a scheduled snapshot reload may stream graph/* and content/* meanwhile).
    const rounds = asked.filter((n) => n.startsWith('user/') || n.startsWith('media/')).length;
    const ours = res.data.users.edges.filter((e: any) => e.node.id.startsWith(ns));
    expect(ours.length).toBeGreaterThan(0);
    for (const e of ours) {
      expect(e.node.friends.totalCount).toBe(2);
      expect(e.node.engagedMedia.totalCount).toBe(3);
    }
    expect(rounds).toBeLessThanOrEqual(3);
  });

  test('connections page without duplicates or gaps', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res: any = await gql(
        `query($after: String) { mediaItems(first: 3, tag: "${ns}tag", after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      const conn = res.data.mediaItems;
      expect(conn.totalCount).toBe(10);
      seen.push(...conn.edges.map((e: any) => e.node.id));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(seen).toEqual(Array.from({ length: 10 }, (_, i) => `${ns}m${i}`).sort());
  });

  test('unknown ids read as null; retried writes are idempotent', async () => {
    const res = await gql<any>(`{ user(id: "${ns}nobody") { id } media(id: "${ns}nothing") { id } }`);
    expect(res.data).toEqual({ user: null, media: null });
    const again = await gql<any>(
      `mutation { recordInteractions(input: [{ eventId: "${ns}u00-0", userId: "${ns}u00", mediaId: "${ns}m0", type: VIEW }]) { recorded duplicates } }`,
    );
    expect(again.data.recordInteractions).toEqual({ recorded: 0, duplicates: 1 });
  });

  const record = `mutation($in: [InteractionInput!]!) { recordInteractions(input: $in) { recorded } }`;
  const valid = (): Record<string, unknown> => ({ userId: `${ns}u01`, mediaId: `${ns}m1`, type: 'LIKE' });
  const badCases: [string, string, Record<string, unknown>, string?][] = [
    ['unknown user', record, { in: [{ ...valid(), userId: `${ns}ghost` }] }, 'input[0].userId'],
    ['unknown media', record, { in: [valid(), { ...valid(), mediaId: `${ns}ghost` }] }, 'input[1].mediaId'],
    ['empty id', `mutation { upsertUsers(input: [{ id: "" }]) { created } }`, {}, 'input[0].id'],
    [
      'over-long id',
      `mutation($id: ID!) { upsertUsers(input: [{ id: $id }]) { created } }`,
      { id: 'x'.repeat(129) },
      'input[0].id',
    ],
    ['rating out of range', record, { in: [{ ...valid(), type: 'RATE', rating: 7 }] }, 'input[0].rating'],
    ['first below 1', `{ users(first: 0) { totalCount } }`, {}, 'first'],
    ['first above 100', `{ mediaItems(first: 101) { totalCount } }`, {}, 'first'],
    [
      'nested first out of range',
      `{ users(first: 1) { edges { node { friends(first: 500) { totalCount } } } } }`,
      {},
      'first',
    ],
    ['batch over the size limit', record, { in: Array.from({ length: 61 }, valid) }, 'input'],
    ['malformed cursor', `{ users(first: 2, after: "not-a-cursor!") { totalCount } }`, {}, 'after'],
    ['cursor from another list', `{ users(first: 2, after: "WyJtZWRpYSIsIm0xIl0") { totalCount } }`, {}, 'after'],
    [
      'media without title',
      `mutation { upsertMedia(input: [{ id: "${ns}x", kind: AUDIO, title: "  " }]) { created } }`,
      {},
      'input[0].title',
    ],
    ['self follow', `mutation { follow(followerId: "${ns}u01", followeeId: "${ns}u01") }`, {}, 'followeeId'],
    ['bad context hour', record, { in: [{ ...valid(), context: { localHour: 24 } }] }, 'input[0].context.localHour'],
  ];
  test.each(badCases)(
    '%s → BAD_USER_INPUT naming the field, nothing written',
    async (_name, query, variables, field) => {
      const before = await service.stores.admin.counts();
      const res = await gql(query, variables);
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      if (field) expect(res.errors?.[0]!.extensions?.field).toBe(field);
      expect(res.errors?.[0]!.message).toContain(
        field
          ?.split('.')
          .pop()
          ?.replace(/\[\d+\]/, '') ?? '',
      );
      expect(await service.stores.admin.counts()).toEqual(before);
    },
  );

  test('a non-finite weight is rejected', async () => {
    const body = `{"query":"mutation($in: [InteractionInput!]!) { recordInteractions(input: $in) { recorded } }","variables":{"in":[{"userId":"${ns}u01","mediaId":"${ns}m1","type":"LIKE","weight":1e999}]}}`;
    const res = await fetch(`${service.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const json = (await res.json()) as any;
    expect(json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const literal = await gql(
      `mutation { recordInteractions(input: [{ userId: "${ns}u01", mediaId: "${ns}m1", type: LIKE, weight: 1e999 }]) { recorded } }`,
    );
    expect(codes(literal)).toEqual(['BAD_USER_INPUT']);
    expect(literal.errors?.[0]!.message).toMatch(/weight/);
  });

  test('an unknown enum value is rejected as bad input', async () => {
    const res = await gql(`query($k: MediaKind) { mediaItems(kind: $k) { totalCount } }`, { k: 'PODCAST' });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
  });

  test('oversized bodies are refused', async () => {
    const res = await fetch(`${service.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(6 * 1024 * 1024),
    });
    expect(res.status).toBe(413);
  });
});
