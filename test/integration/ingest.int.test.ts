import { IngestService } from '../../src/ingest/ingest-service';
import type { Stores } from '../../src/store/neo4j/stores';
import { namespace, openStores } from '../support/db';

describe('ingest service on a real Neo4j', () => {
  let stores: Stores & { close(): Promise<void> };
  let ingest: IngestService;
  const ns = namespace();
  const u = (n: number): string => `${ns}u${n}`;
  const m = (n: number): string => `${ns}m${n}`;

  beforeAll(async () => {
    stores = await openStores();
    ingest = new IngestService({ ...stores, maxBatchSize: 50 });
    await ingest.upsertUsers([{ id: u(1), name: 'One' }, { id: u(2), name: 'Two' }, { id: u(3) }]);
    await ingest.upsertMedia([
      { id: m(1), kind: 'AUDIO', title: 'Song', tags: ['Rock', 'rock ', 'Indie'] },
      { id: m(2), kind: 'VIDEO', title: 'Clip', creatorId: u(1) },
    ]);
  });
  afterAll(() => stores.close());

  test('upserts report created, updated and unchanged rows', async () => {
    const result = await ingest.upsertUsers([{ id: u(1), name: 'One' }, { id: u(2), name: 'Two!' }, { id: u(4) }]);
    expect(result).toEqual({ created: 1, updated: 1, unchanged: 1 });
    const media = (await stores.media.byIds([m(1)])).get(m(1));
    expect(media?.tags).toEqual(['rock', 'indie']);
  });

  test('events are idempotent by event id and fold into one engagement edge', async () => {
    const first = await ingest.recordInteractions([
      { eventId: `${ns}e1`, userId: u(1), mediaId: m(1), type: 'LISTEN' },
      { eventId: `${ns}e2`, userId: u(1), mediaId: m(1), type: 'LIKE' },
      { eventId: `${ns}e2`, userId: u(1), mediaId: m(1), type: 'LIKE' },
    ]);
    expect(first).toEqual({ recorded: 2, duplicates: 1 });
    const retry = await ingest.recordInteractions([
      { eventId: `${ns}e1`, userId: u(1), mediaId: m(1), type: 'LISTEN' },
    ]);
    expect(retry).toEqual({ recorded: 0, duplicates: 1 });
    const page = (await stores.users.engagedMedia([u(1)], { first: 10, after: null })).get(u(1));
    expect(page?.items).toHaveLength(1);
    expect(page?.items[0]!.engagement).toMatchObject({ weight: 3, count: 2 });
    expect(page?.items[0]!.engagement.countsByType).toMatchObject({ LISTEN: 1, LIKE: 1, VIEW: 0 });
  });

  test('a batch with one bad row writes nothing of the batch', async () => {
    const before = (await stores.users.interactions([u(2)], { first: 10, after: null })).get(u(2))?.totalCount ?? 0;
    await expect(
      ingest.recordInteractions([
        { eventId: `${ns}ok`, userId: u(2), mediaId: m(1), type: 'VIEW' },
        { eventId: `${ns}bad`, userId: u(2), mediaId: `${ns}missing`, type: 'VIEW' },
      ]),
    ).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'input[1].mediaId' });
    await expect(ingest.upsertUsers([{ id: `${ns}new` }, { id: '' }])).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input[1].id',
    });
    const after = (await stores.users.interactions([u(2)], { first: 10, after: null })).get(u(2))?.totalCount ?? 0;
    expect(after).toBe(before);
    expect((await stores.users.byIds([`${ns}new`])).size).toBe(0);
  });

  test('follow and unfollow are idempotent; friends are mutual follows', async () => {
    expect(await ingest.follow(u(1), u(2))).toBe(true);
    expect(await ingest.follow(u(1), u(2))).toBe(false);
    expect(await ingest.follow(u(2), u(1))).toBe(true);
    const friends = await stores.users.neighbours('friends', [u(1), u(3)], { first: 10, after: null });
    expect(friends.get(u(1))?.items.map((x) => x.id)).toEqual([u(2)]);
    expect(friends.get(u(3))?.items).toEqual([]);
    expect(await ingest.unfollow(u(2), u(1))).toBe(true);
    expect(await ingest.unfollow(u(2), u(1))).toBe(false);
    await expect(ingest.follow(u(1), `${ns}ghost`)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'followeeId',
    });
  });

  test('deleteUser erases the person, their events and edges, and nothing else', async () => {
    await ingest.upsertUsers([{ id: u(9) }]);
    await ingest.upsertMedia([{ id: m(9), kind: 'AUDIO', title: 'Theirs', creatorId: u(9) }]);
    await ingest.recordInteractions([
      { eventId: `${ns}e9`, userId: u(9), mediaId: m(1), type: 'COMMENT', text: 'great' },
    ]);
    await ingest.follow(u(9), u(1));
    expect(await ingest.deleteUser(u(9))).toBe(true);
    expect(await ingest.deleteUser(u(9))).toBe(false);
    const [left] = await stores.db.runAutoCommit(
      `MATCH (n) WHERE any(k IN keys(n) WHERE n[k] = $id) WITH count(n) AS nodes
       RETURN nodes, COUNT { (:Interaction {id: $event}) } AS events`,
      { id: u(9), event: `${ns}e9` },
    );
    expect(left).toEqual({ nodes: 0, events: 0 });
    expect((await stores.media.byIds([m(9)])).get(m(9))?.creatorId).toBeNull();
    expect((await stores.users.byIds([u(1)])).size).toBe(1);
  });
});
