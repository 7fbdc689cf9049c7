/**
 * Issue 14, items 3 and 6 over GraphQL: explanations that are true (reason shares, FRESH only for a real
 * publication time), PageInfo (hasPreviousPage, startCursor), the tag filter, impressions (feeds stop
 * repeating what was shown without engagement) and media takedown (never served again, at once).
 */
import { authorise } from '../../src/api/auth';
import { createLogger } from '../../src/logging/logger';
import { startService, type Service } from '../../src/main';
import { client, codes } from '../support/graphql-client';
import { namespace, testConfig } from '../support/db';

const FEED = `query($u: ID!, $first: Int, $after: String, $f: RecommendFilter) {
  recommendMedia(userId: $u, first: $first, after: $after, filter: $f) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { score media { id tags publishedAt } reasons { kind weight evidence } } } } }`;

describe('product gaps and true explanations over GraphQL', () => {
  let service: Service;
  let gql: ReturnType<typeof client>;
  const lines: string[] = [];
  const ns = namespace();
  const u = (i: number): string => `${ns}u${i}`;
  const m = (i: number): string => `${ns}m${i}`;
  const JAZZ = `${ns}jazz`;
  const COOK = `${ns}cook`;
  const ours = { tags: [JAZZ, COOK] };
  const feed = async (vars: Record<string, unknown>) => gql<any>(FEED, { f: ours, ...vars });
  const ids = (r: any): string[] => r.data.recommendMedia.edges.map((e: any) => e.node.media.id);
  const fresh = new Date(Date.now() - 2 * 86_400_000).toISOString();

  beforeAll(async () => {
    service = await startService(
      testConfig({ MAX_BATCH_SIZE: '60', SNAPSHOT_REFRESH_SEC: '0', NEO4J_QUERY_TIMEOUT_MS: '60000' }),
      createLogger('info', {}, (l) => lines.push(l)),
    );
    gql = client(service.url);
    await gql(`mutation($in: [UserInput!]!) { upsertUsers(input: $in) { created } }`, {
      in: [0, 1, 2, 3, 4, 5].map((i) => ({ id: u(i) })),
    });
    const media = Array.from({ length: 30 }, (_, i) => ({
      id: m(i),
      kind: i < 15 ? 'AUDIO' : 'VIDEO',
      title: i < 15 ? `Jazz saxophone session ${i}` : `Cooking pasta recipe ${i}`,
      tags: i < 15 ? [JAZZ, 'saxophone'] : [COOK, 'pasta'],
      ...(i === 20 ? { publishedAt: fresh } : {}),
    }));
    await gql(`mutation($in: [MediaInput!]!) { upsertMedia(input: $in) { created } }`, { in: media });
    const events: Record<string, unknown>[] = [];
    for (const user of [1, 2, 3, 4])
      for (let i = 0; i < 10; i++) events.push({ userId: u(user), mediaId: m(i), type: 'LIKE' });
    for (const user of [1, 2])
      for (let i = 15; i < 18; i++) events.push({ userId: u(user), mediaId: m(i), type: 'VIEW' });
    for (let i = 0; i < 3; i++) events.push({ userId: u(0), mediaId: m(i), type: 'LISTEN' });
    for (let i = 10; i < 12; i++) events.push({ userId: u(5), mediaId: m(i), type: 'LISTEN' });
    const recorded = await gql<any>(
      `mutation($in: [InteractionInput!]!) { recordInteractions(input: $in) { recorded } }`,
      { in: events },
    );
    expect(recorded.errors).toBeUndefined();
    for (const v of [1, 2])
      await gql(
        `mutation { a: follow(followerId: "${u(0)}", followeeId: "${u(v)}") b: follow(followerId: "${u(v)}", followeeId: "${u(0)}") }`,
      );
    await service.embedQueue?.idle();
    await service.state.reload();
  });
  afterAll(() => service.stop());

  test('reasons are shares of the score; FRESH only for a real publication time; scores spread', async () => {
    const r = await feed({ u: u(0), first: 27 });
    expect(r.errors).toBeUndefined();
    const edges = r.data.recommendMedia.edges;
    expect(edges.length).toBeGreaterThan(20);
    for (const e of edges) {
      expect(e.node.reasons.length).toBeGreaterThan(0);
      expect(e.node.reasons.reduce((s: number, x: any) => s + x.weight, 0)).toBeCloseTo(1, 6);
    }
    // Every item here was created seconds ago; only m20 has a publication time. Creation is not publication.
    const freshIds = edges
      .filter((e: any) => e.node.reasons.some((x: any) => x.kind === 'FRESH'))
      .map((e: any) => e.node.media.id);
    expect(freshIds.every((id: string) => id === m(20))).toBe(true);
    const scores: number[] = edges.map((e: any) => e.node.score);
    expect(scores.filter((s) => s > 0.999).length).toBeLessThan(scores.length / 2);
    // Items here come in groups of identical features (same likers, same text): at least a few distinct scores.
    // Distinct to 3 significant digits, not 3 decimals: the default ranker's level depends on the statistics of
    // the whole shared database (other files' worlds), and one CI run put this feed's top at 0.00x, every score
    // reading "0.00x" to 3 decimals while still spread (here alone: 0.020, 0.0010, …, 0.000051).
    expect(new Set(scores.map((x) => x.toPrecision(3))).size).toBeGreaterThanOrEqual(3);
  });

  test('PageInfo: startCursor and hasPreviousPage, on feeds and on keyset lists', async () => {
    const first = await feed({ u: u(0), first: 3 });
    const p1 = first.data.recommendMedia.pageInfo;
    expect(p1).toMatchObject({
      hasPreviousPage: false,
      hasNextPage: true,
      startCursor: first.data.recommendMedia.edges[0].cursor,
    });
    const second = await feed({ u: u(0), first: 3, after: p1.endCursor });
    expect(second.data.recommendMedia.pageInfo).toMatchObject({
      hasPreviousPage: true,
      startCursor: second.data.recommendMedia.edges[0].cursor,
    });
    const q = `query($after: String) { mediaItems(first: 2, tag: "${JAZZ}", after: $after) { edges { cursor } pageInfo { hasPreviousPage hasNextPage startCursor endCursor } } }`;
    const a = await gql<any>(q, { after: null });
    expect(a.data.mediaItems.pageInfo).toMatchObject({
      hasPreviousPage: false,
      hasNextPage: true,
      startCursor: a.data.mediaItems.edges[0].cursor,
    });
    const b = await gql<any>(q, { after: a.data.mediaItems.pageInfo.endCursor });
    expect(b.data.mediaItems.pageInfo.hasPreviousPage).toBe(true);
  });

  test('the tag filter keeps items with any of `tags` and none of `excludeTags`; bad tags are typed errors', async () => {
    const cook = await feed({ u: u(0), first: 10, f: { tags: [COOK.toUpperCase()] } });
    expect(cook.errors).toBeUndefined();
    expect(ids(cook).length).toBeGreaterThan(5);
    for (const e of cook.data.recommendMedia.edges) expect(e.node.media.tags).toContain(COOK);
    const noJazz = await feed({ u: u(0), first: 20, f: { tags: [JAZZ, COOK], excludeTags: [JAZZ] } });
    for (const e of noJazz.data.recommendMedia.edges) expect(e.node.media.tags).not.toContain(JAZZ);
    const tooMany = await feed({ u: u(0), first: 5, f: { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) } });
    expect(codes(tooMany)).toEqual(['BAD_USER_INPUT']);
    expect(tooMany.errors![0]!.extensions!.field).toBe('filter.tags');
    const empty = await feed({ u: u(0), first: 5, f: { excludeTags: ['  '] } });
    expect(empty.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.excludeTags[0]' });
  });

  test('impressions: an item shown 3 times without engagement leaves the feed; retries count once; engagement restarts the count', async () => {
    const record = `mutation($in: [ImpressionInput!]!) { recordImpressions(input: $in) { recorded duplicates } }`;
    const shown = ids(await feed({ u: u(3), first: 4 }));
    expect(shown).toHaveLength(4);
    const start = Date.now() - 60_000;
    const at = (round: number): string => new Date(start + round * 1000).toISOString();
    for (let round = 1; round <= 3; round++) {
      const r = await gql<any>(record, { in: shown.map((mediaId) => ({ userId: u(3), mediaId, at: at(round) })) });
      expect(r.data.recordImpressions).toEqual({ recorded: 4, duplicates: 0 });
      const next = ids(await feed({ u: u(3), first: 4 }));
      // Shown once or twice: still eligible. Shown three times without engagement: left out at once.
      if (round < 3) expect(next.filter((id) => shown.includes(id)).length).toBeGreaterThan(0);
      else expect(next.filter((id) => shown.includes(id))).toEqual([]);
    }
    // A retried batch (same times) is not counted again.
    expect(
      (await gql<any>(record, { in: shown.map((mediaId) => ({ userId: u(3), mediaId, at: at(3) })) })).data
        .recordImpressions,
    ).toEqual({ recorded: 0, duplicates: 4 });
    // The rule holds across a snapshot reload (the projection reads the SHOWN counts).
    await service.state.reload();
    expect(ids(await feed({ u: u(3), first: 4 })).filter((id) => shown.includes(id))).toEqual([]);
    // Engaging with one of them starts its count again (visible with includeEngaged); the others stay out.
    await gql(
      `mutation { recordInteractions(input: [{ userId: "${u(3)}", mediaId: "${shown[0]}", type: VIEW }]) { recorded } }`,
    );
    const all = ids(await feed({ u: u(3), first: 40, f: { ...ours, includeEngaged: true } }));
    expect(all).toContain(shown[0]);
    for (const id of shown.slice(1)) expect(all).not.toContain(id);
  });

  test('impressions are validated like every write: nothing of a bad batch is written', async () => {
    const record = `mutation($in: [ImpressionInput!]!) { recordImpressions(input: $in) { recorded duplicates } }`;
    const bad = await gql<any>(record, {
      in: [
        { userId: u(4), mediaId: m(20) },
        { userId: u(4), mediaId: `${ns}nothing` },
      ],
    });
    expect(bad.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input[1].mediaId' });
    const [row] = await service.stores.db.runAutoCommit(
      `MATCH (:User {id: $u})-[s:SHOWN]->(:Media {id: $m}) RETURN count(s) AS n`,
      { u: u(4), m: m(20) },
    );
    expect(row!.n).toBe(0);
    const user = await gql<any>(record, { in: [{ userId: `${ns}ghost`, mediaId: m(20) }] });
    expect(user.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input[0].userId' });
    const date = await gql<any>(record, { in: [{ userId: u(4), mediaId: m(20), at: '2024-13-01T00:00:00Z' }] });
    expect(codes(date)).toEqual(['BAD_USER_INPUT']);
    const tooMany = await gql<any>(record, {
      in: Array.from({ length: 61 }, () => ({ userId: u(4), mediaId: m(20) })),
    });
    expect(codes(tooMany)).toEqual(['BAD_USER_INPUT']);
  });

  test('takedown: a hidden item is never served again, at once; idempotent, audited, restorable', async () => {
    const before = await feed({ u: u(0), first: 20 });
    const target = ids(before).find((id) => id !== m(5) && Number(id.slice(ns.length + 1)) < 14)!;
    expect(target).toBeDefined();
    const similar = `{ similarMedia(mediaId: "${m(5)}", first: 30) { edges { node { media { id } } } } }`;
    const similarIds = async (): Promise<string[]> =>
      (await gql<any>(similar)).data.similarMedia.edges.map((e: any) => e.node.media.id);
    expect(await similarIds()).toContain(target);
    const trending = async (): Promise<string[]> =>
      (
        await gql<any>(`{ trending(kind: AUDIO, window: "P1D", first: 100) { edges { node { media { id } } } } }`)
      ).data.trending.edges.map((e: any) => e.node.media.id);
    expect(await trending()).toContain(target);
    await feed({ u: u(0), first: 20 }); // the same query again: now cached as a whole result
    // No reload may help: the takedown must act before the snapshot drops the item.
    const schedule = service.state.scheduleReload;
    service.state.scheduleReload = () => undefined;
    try {
      const down = await gql<any>(
        `mutation { takedownMedia(id: "${target}", reason: "copyright claim #12") { mediaId mode reason at changed } }`,
      );
      expect(down.errors).toBeUndefined();
      expect(down.data.takedownMedia).toMatchObject({
        mediaId: target,
        mode: 'HIDE',
        reason: 'copyright claim #12',
        changed: true,
      });
      expect(ids(await feed({ u: u(0), first: 20 }))).not.toContain(target);
      expect(await similarIds()).not.toContain(target);
      expect(await trending()).not.toContain(target);
      expect(codes(await gql(`{ similarMedia(mediaId: "${target}", first: 5) { totalCount } }`))).toEqual([
        'NOT_FOUND',
      ]);
      expect((await gql<any>(`{ media(id: "${target}") { id } }`)).data.media).toBeNull();
      const listed = await gql<any>(`{ mediaItems(first: 50, tag: "${JAZZ}") { totalCount edges { node { id } } } }`);
      expect(listed.data.mediaItems.edges.map((e: any) => e.node.id)).not.toContain(target);
      expect(listed.data.mediaItems.totalCount).toBe(14);
      // Idempotent: the same takedown again changes nothing and returns the first record.
      const again = await gql<any>(
        `mutation { takedownMedia(id: "${target}", reason: "again") { mode reason at changed } }`,
      );
      expect(again.data.takedownMedia).toEqual({
        mode: 'HIDE',
        reason: 'copyright claim #12',
        at: down.data.takedownMedia.at,
        changed: false,
      });
    } finally {
      service.state.scheduleReload = schedule;
    }
    await service.state.reload();
    expect(service.state.snapshot.itemIndex.has(target)).toBe(false);
    // Its id is never written or engaged with again.
    const upsert = await gql<any>(
      `mutation { upsertMedia(input: [{ id: "${target}", kind: AUDIO, title: "Re-upload" }]) { created } }`,
    );
    expect(upsert.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input[0].id' });
    const engage = await gql<any>(
      `mutation { recordInteractions(input: [{ userId: "${u(1)}", mediaId: "${target}", type: LIKE }]) { recorded } }`,
    );
    expect(engage.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input[0].mediaId' });
    // Audited like other admin actions.
    const audit = lines
      .map((l) => JSON.parse(l))
      .filter((l) => l.audit === true && l.action === 'takedownMedia' && l.target === target);
    expect(audit.map((l) => l.outcome)).toEqual(['ok', 'ok']);
    // Restored: served again after the reload.
    expect((await gql<any>(`mutation { restoreMedia(id: "${target}") }`)).data.restoreMedia).toBe(true);
    expect((await gql<any>(`mutation { restoreMedia(id: "${target}") }`)).data.restoreMedia).toBe(false);
    await service.state.reload();
    expect(service.state.snapshot.itemIndex.has(target)).toBe(true);
    expect((await gql<any>(`{ media(id: "${target}") { id } }`)).data.media).toEqual({ id: target });
  });

  test('takedown by deletion removes the item and its events; bad requests are typed errors; admin only', async () => {
    const victim = m(14);
    const del = await gql<any>(
      `mutation { takedownMedia(id: "${victim}", reason: "illegal content", mode: DELETE) { mode changed } }`,
    );
    expect(del.data.takedownMedia).toEqual({ mode: 'DELETE', changed: true });
    const [left] = await service.stores.db.runAutoCommit(
      `OPTIONAL MATCH (m {id: $id}) WHERE m:Media OR m:HiddenMedia WITH count(m) AS nodes
       OPTIONAL MATCH (e:Interaction)-[:ON]->(x {id: $id}) RETURN nodes, count(e) AS events`,
      { id: victim },
    );
    expect(left).toEqual({ nodes: 0, events: 0 });
    expect(
      (await gql<any>(`mutation { takedownMedia(id: "${victim}", reason: "again") { mode changed } }`)).data
        .takedownMedia,
    ).toEqual({ mode: 'DELETE', changed: false });
    expect(codes(await gql(`mutation { restoreMedia(id: "${victim}") }`))).toEqual(['CONFLICT']);
    expect(codes(await gql(`mutation { takedownMedia(id: "${ns}nothing", reason: "x") { changed } }`))).toEqual([
      'NOT_FOUND',
    ]);
    const blank = await gql<any>(`mutation { takedownMedia(id: "${m(13)}", reason: "   ") { changed } }`);
    expect(blank.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect((await gql<any>(`{ media(id: "${m(13)}") { id } }`)).data.media).toEqual({ id: m(13) }); // nothing of a bad request was written
    expect(() => authorise({ role: 'app', keyId: 'k' }, ['Mutation.takedownMedia'])).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }),
    );
    expect(() => authorise({ role: 'analyst', keyId: 'k' }, ['Mutation.restoreMedia'])).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }),
    );
    expect(() => authorise({ role: 'app', keyId: 'k' }, ['Mutation.recordImpressions'])).not.toThrow();
  });
});
