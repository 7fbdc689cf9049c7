/**
 * Issue 15, item 4: two service processes on one Neo4j behave as one service. Writes taken by replica
 * A (an interaction, a takedown, an erasure, an upload) reach replica B's answers within a second, B's
 * result cache never serves what A's write made stale, and the export pseudonym key is shared.
 */
import { startService, type Service } from '../../src/main';
import { client } from '../support/graphql-client';
import { namespace, testConfig } from '../support/db';

const FEED = `query($u: ID!) { recommendMedia(userId: $u, first: 50) { edges { node { media { id } } } } }`;

/**
 * Polls `probe` every 50 ms until `ok` or `ms` have passed; returns the last value and when the probe
 * that read it was sent, in ms from the start. The send time, not the answer's: B already held A's
 * write when it took that request, and a request slowed by a loaded CI machine is not a late write.
 */
async function within<T>(ms: number, probe: () => Promise<T>, ok: (v: T) => boolean): Promise<[T, number]> {
  const started = Date.now();
  let sent = 0;
  let v = await probe();
  while (!ok(v) && Date.now() - started < ms) {
    await new Promise((r) => setTimeout(r, 50));
    sent = Date.now() - started;
    v = await probe();
  }
  return [v, sent];
}

describe('two replicas on one Neo4j', () => {
  let a: Service;
  let b: Service;
  let gqlA: ReturnType<typeof client>;
  let gqlB: ReturnType<typeof client>;
  const ns = namespace();
  const u = (i: number): string => `${ns}u${i}`;
  const m = (i: number): string => `${ns}m${i}`;
  const feedOn = async (gql: ReturnType<typeof client>, user: string): Promise<string[]> =>
    (await gql<any>(FEED, { u: user })).data.recommendMedia.edges.map((e: any) => e.node.media.id);

  beforeAll(async () => {
    // A long periodic refresh and reload interval: nothing but the change feed may carry A's writes to B.
    const config = testConfig({
      SNAPSHOT_REFRESH_SEC: '0',
      SNAPSHOT_MIN_INTERVAL_MS: '200',
      JOB_POLL_SEC: '0',
    });
    a = await startService(config);
    gqlA = client(a.url);
    await gqlA(`mutation($in: [UserInput!]!) { upsertUsers(input: $in) { created } }`, {
      in: [0, 1, 2, 3, 4].map((i) => ({ id: u(i) })),
    });
    await gqlA(`mutation($in: [MediaInput!]!) { upsertMedia(input: $in) { created } }`, {
      in: Array.from({ length: 12 }, (_, i) => ({ id: m(i), kind: 'AUDIO', title: `Track ${i}`, tags: ['rock'] })),
    });
    // u1..u4 like m0..m8, u0 likes m8: co-engagement puts m0..m7 in u0's feed whatever else the shared
    // test database holds (a user without history would get other suites' popular items).
    const events = [{ userId: u(0), mediaId: m(8), type: 'LIKE' }];
    for (const user of [1, 2, 3, 4])
      for (let i = 0; i < 9; i++) events.push({ userId: u(user), mediaId: m(i), type: 'LIKE' });
    await gqlA(`mutation($in: [InteractionInput!]!) { recordInteractions(input: $in) { recorded } }`, { in: events });
    await a.embedQueue?.idle();
    b = await startService(config);
    gqlB = client(b.url);
    await a.state.reload();
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
  });

  test('an interaction recorded through A changes the next feed on B within one second', async () => {
    const before = await feedOn(gqlB, u(0));
    expect(before[0]).toBeDefined();
    expect(await feedOn(gqlB, u(0))).toEqual(before); // B's cached answer
    const target = before.find((id) => id.startsWith(ns))!;
    expect(target).toBeDefined();
    await gqlA(
      `mutation { recordInteractions(input: [{ userId: "${u(0)}", mediaId: "${target}", type: LIKE }]) { recorded } }`,
    );
    const [after, ms] = await within(
      1000,
      () => feedOn(gqlB, u(0)),
      (ids) => !ids.includes(target),
    );
    expect(after).not.toContain(target); // engaged items leave the feed: B folded A's write
    expect(ms).toBeLessThan(1000);
    expect(b.replicas!.stats.replayed).toBeGreaterThan(0);
    // Operators see the feed: /health and /metrics of each replica.
    const health = (await (await fetch(`${b.url}/health`)).json()) as { replicas: { replayed: number } };
    expect(health.replicas.replayed).toBe(b.replicas!.stats.replayed);
    expect(await (await fetch(`${a.url}/metrics`)).text()).toMatch(/replica_changes\{kind="published"\} [1-9]/);
  });

  test('a takedown through A hides the item on B at once, and restoring brings it back', async () => {
    const shown = (await feedOn(gqlB, u(0))).find((id) => id.startsWith(ns))!;
    expect(shown).toBeDefined();
    await gqlA(`mutation { takedownMedia(id: "${shown}", reason: "claim") { changed } }`);
    const [after, ms] = await within(
      1000,
      () => feedOn(gqlB, u(0)),
      (ids) => !ids.includes(shown),
    );
    expect(after).not.toContain(shown);
    expect(ms).toBeLessThan(1000);
    const media = await gqlB<any>(`{ media(id: "${shown}") { id } }`);
    expect(media.data?.media ?? null).toBeNull();
    await gqlA(`mutation { restoreMedia(id: "${shown}") }`);
    const [back] = await within(
      3000,
      () => feedOn(gqlB, u(0)),
      (ids) => ids.includes(shown),
    );
    expect(back).toContain(shown);
  });

  test('an erasure through A forgets the user on B', async () => {
    expect((await feedOn(gqlB, u(4))).length).toBeGreaterThan(0);
    expect((await gqlA<any>(`mutation { deleteUser(id: "${u(4)}") }`)).data.deleteUser).toBe(true);
    const [r, ms] = await within(
      1000,
      () => gqlB<any>(FEED, { u: u(4) }),
      (res) => res.errors?.[0]?.extensions?.code === 'NOT_FOUND',
    );
    expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(ms).toBeLessThan(1000);
  });

  test('an upload through A reaches B: found by its text once A has embedded it', async () => {
    const fresh = m(99);
    await gqlA(
      `mutation { upsertMedia(input: [{ id: "${fresh}", kind: AUDIO, title: "Quokka lullaby in glass harmonica" }]) { created } }`,
    );
    const search = `{ recommendMedia(userId: "${u(0)}", first: 5, query: "quokka glass harmonica lullaby") { edges { node { media { id } } } } }`;
    const [ids] = await within(
      5000,
      async () => ((await gqlB<any>(search)).data?.recommendMedia.edges ?? []).map((e: any) => e.node.media.id),
      (list: string[]) => list.includes(fresh),
    );
    expect(ids).toContain(fresh);
    const record = await gqlB<any>(`{ media(id: "${fresh}") { title } }`);
    expect(record.data.media.title).toMatch(/Quokka/);
  });

  test('the export pseudonym key is one for every replica', async () => {
    const lines = async (s: Service): Promise<string[]> =>
      (await (await fetch(`${s.url}/export/interactions.jsonl`)).text()).split('\n').filter(Boolean);
    const [fromA, fromB] = [await lines(a), await lines(b)];
    expect(fromA.length).toBeGreaterThan(0);
    // Nothing is written between the two exports: the same lines, pseudonyms included, iff the key is one.
    const mine = (ls: string[]): string[] => ls.filter((l) => l.includes(`"mediaId":"${ns}`)).sort();
    expect(mine(fromA).length).toBeGreaterThan(0);
    expect(mine(fromB)).toEqual(mine(fromA));
  });
});
