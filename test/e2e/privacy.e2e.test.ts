import { pseudonymise } from '../../src/api/export-route';
import { startService, type Service } from '../../src/main';
import { client, codes } from '../support/graphql-client';
import { namespace, testConfig } from '../support/db';

describe('privacy: erasure and pseudonymised export', () => {
  let service: Service;
  let gql: ReturnType<typeof client>;
  const ns = namespace();
  const x = `${ns}erase-me`;
  const u = (i: number): string => `${ns}u${i}`;

  beforeAll(async () => {
    service = await startService(
      testConfig({ EMBEDDING_KIND: 'hashing', SNAPSHOT_REFRESH_SEC: '0', EXPORT_SECRET: 'test-export-secret' }),
    );
    gql = client(service.url);
    await gql(`mutation($in: [UserInput!]!) { upsertUsers(input: $in) { created } }`, {
      in: [{ id: x, name: 'Erase Me' }, ...[0, 1, 2].map((i) => ({ id: u(i) }))],
    });
    await gql(`mutation($in: [MediaInput!]!) { upsertMedia(input: $in) { created } }`, {
      in: [0, 1, 2, 3].map((i) => ({
        id: `${ns}m${i}`,
        kind: 'VIDEO',
        title: `clip ${i}`,
        creatorId: i === 0 ? x : undefined,
      })),
    });
    const events = [0, 1, 2].flatMap((i) => [
      { userId: x, mediaId: `${ns}m${i}`, type: 'COMMENT', text: 'love it' },
      { userId: u(i), mediaId: `${ns}m${i}`, type: 'LIKE' },
    ]);
    await gql(`mutation($in: [InteractionInput!]!) { recordInteractions(input: $in) { recorded } }`, { in: events });
    for (const [a, b] of [
      [x, u(0)],
      [u(0), x],
      [x, u(1)],
      [u(1), x],
      [u(0), u(2)],
      [u(2), u(0)],
    ])
      await gql(`mutation { follow(followerId: "${a}", followeeId: "${b}") }`);
    await service.stores.interactions.assignTags([{ userId: x, mediaId: `${ns}m1`, tag: 'private-tag', at: null }]);
    await service.state.reload();
    // Warm the caches that could keep the person: their feed, a friend's suggestions, analytics.
    expect(
      (await gql<any>(`{ recommendMedia(userId: "${x}", first: 5) { totalCount } }`)).data.recommendMedia.totalCount,
    ).toBeGreaterThan(0);
    const before = await gql<any>(
      `{ suggestFriends(userId: "${u(2)}", first: 10) { edges { node { user { id } } } } }`,
    );
    expect(before.data.suggestFriends.edges.map((e: any) => e.node.user.id)).toContain(x);
    await gql(`{ neighbourhood(id: "${x}", depth: 1, limit: 50) { nodes { id } } graphStats { users } }`);
  });
  afterAll(() => service.stop());

  test("deleteUser leaves nothing with the person's id anywhere", async () => {
    expect((await gql<any>(`mutation { deleteUser(id: "${x}") }`)).data.deleteUser).toBe(true);
    // At once, before any reload: the serving side no longer knows them.
    expect(codes(await gql(`{ recommendMedia(userId: "${x}") { totalCount } }`))).toEqual(['NOT_FOUND']);
    expect(codes(await gql(`{ suggestFriends(userId: "${x}") { totalCount } }`))).toEqual(['NOT_FOUND']);
    const friends = await gql<any>(
      `{ suggestFriends(userId: "${u(2)}", first: 10) { edges { node { user { id } } } } }`,
    );
    expect(friends.data.suggestFriends.edges.map((e: any) => e.node.user.id)).not.toContain(x);

    // The database: no node or relationship property holds the id (or a list containing it).
    const [db] = await service.stores.db.runAutoCommit(
      `CALL () { MATCH (n) WHERE any(k IN keys(n) WHERE n[k] = $id OR ($id IN CASE WHEN n[k] IS :: LIST<ANY> THEN n[k] ELSE [] END)) RETURN count(n) AS c }
       CALL () { MATCH ()-[r]->() WHERE any(k IN keys(r) WHERE r[k] = $id) RETURN count(r) AS rc }
       CALL () { RETURN count { ()-[:TAGGED {tag: 'private-tag'}]->() } AS tagged }
       RETURN c, rc, tagged`,
      { id: x },
    );
    expect(db).toEqual({ c: 0, rc: 0, tagged: 0 });
    // The replicas' change log keeps only the erasure itself (which the other replicas need), pruned in a minute.
    await service.replicas?.flushed();
    const [log] = await service.stores.db.runAutoCommit(
      `MATCH (c:Change) WHERE c.payload CONTAINS $needle RETURN count(c) AS all, collect(DISTINCT c.kind) AS kinds`,
      { needle: JSON.stringify(x) },
    );
    expect(log).toEqual({ all: 1, kinds: ['userDeleted'] });

    // After the reload: snapshot, analytics and feeds of others hold no trace.
    await service.state.reload();
    expect(service.state.snapshot.userIndex.has(x)).toBe(false);
    expect(codes(await gql(`{ neighbourhood(id: "${x}", depth: 1) { nodes { id } } }`))).toEqual(['NOT_FOUND']);
    const feed = await gql<any>(
      `{ recommendMedia(userId: "${u(2)}", first: 20) { edges { node { reasons { evidence } } } } }`,
    );
    expect(JSON.stringify(feed.data)).not.toContain(x);
    const communities = await gql<any>(
      `{ communities(graph: SOCIAL, first: 50) { communities { topMembers { id } } } }`,
    );
    expect(JSON.stringify(communities)).not.toContain(x);
  });

  test('the analyst export pseudonymises user ids', async () => {
    const res = await fetch(`${service.url}/export/interactions.jsonl`);
    expect(res.status).toBe(200);
    const lines = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const mine = lines.filter((l) => l.entity === 'engagement' && String(l.mediaId).startsWith(ns));
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.map((l) => l.user)).toContain(pseudonymise('test-export-secret', u(0)));
    const text = JSON.stringify(lines);
    for (const id of [u(0), u(1), u(2), x]) expect(text).not.toContain(`"${id}"`);
    expect(lines.some((l) => l.entity === 'follow' && l.follower === pseudonymise('test-export-secret', u(0)))).toBe(
      true,
    );
  });
});
