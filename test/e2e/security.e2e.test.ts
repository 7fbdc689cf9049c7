import { startService, type Service } from '../../src/main';
import { codes } from '../support/graphql-client';
import { namespace, testConfig } from '../support/db';

const KEYS = { app: 'app-key-123456', analyst: 'analyst-key-123456', admin: 'admin-key-123456' };

describe('access control, limits and operations', () => {
  let service: Service;
  const ns = namespace();
  const call = async (query: string, key?: string, variables: Record<string, unknown> = {}) => {
    const res = await fetch(`${service.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, ...((await res.json()) as any) };
  };

  beforeAll(async () => {
    service = await startService(
      testConfig({
        API_KEYS: `${KEYS.app}:app,${KEYS.analyst}:analyst,${KEYS.admin}:admin`,
        RATE_LIMIT_PER_MIN: '600',
        RATE_LIMIT_BURST: '100',
        MAX_QUERY_DEPTH: '6',
        MAX_QUERY_COST: '5000',
        EMBEDDING_KIND: 'hashing',
        SNAPSHOT_REFRESH_SEC: '0',
      }),
    );
    await call(`mutation { upsertUsers(input: [{ id: "${ns}a" }, { id: "${ns}b" }]) { created } }`, KEYS.app);
    await call(`mutation { upsertMedia(input: [{ id: "${ns}m", kind: AUDIO, title: "t" }]) { created } }`, KEYS.app);
  });
  afterAll(() => service.stop());

  test('anonymous callers get only /health', async () => {
    expect((await fetch(`${service.url}/health`)).status).toBe(200);
    const anon = await call('{ users(first: 1) { totalCount } }');
    expect(anon.status).toBe(401);
    expect(anon.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await call('{ users(first: 1) { totalCount } }', 'wrong-key-123456')).status).toBe(401);
    expect((await fetch(`${service.url}/metrics`)).status).toBe(401);
  });

  test('roles: app reads feeds and ingests, analyst also analyses, admin also erases', async () => {
    expect(
      (await call(`{ recommendMedia(userId: "${ns}a", first: 2) { totalCount } }`, KEYS.app)).errors,
    ).toBeUndefined();
    const denied = await call(`mutation { deleteUser(id: "${ns}b") }`, KEYS.app);
    expect(codes(denied)).toEqual(['FORBIDDEN']);
    expect(codes(await call(`mutation { deleteUser(id: "${ns}b") }`, KEYS.analyst))).toEqual(['FORBIDDEN']);
    expect(codes(await call('{ jobs { id } }', KEYS.analyst))).toEqual(['FORBIDDEN']);
    const viaFragment = await call(`query { ...F } fragment F on Query { jobs { id } }`, KEYS.app);
    expect(codes(viaFragment)).toEqual(['FORBIDDEN']);
    expect((await call(`mutation { deleteUser(id: "${ns}b") }`, KEYS.admin)).data.deleteUser).toBe(true);
    const metrics = await fetch(`${service.url}/metrics`, { headers: { 'x-api-key': KEYS.app } });
    expect(metrics.status).toBe(403);
    const ok = await fetch(`${service.url}/metrics`, { headers: { authorization: `Bearer ${KEYS.analyst}` } });
    expect(ok.status).toBe(200);
    const text = await ok.text();
    expect(text).toMatch(/graphql_request_duration_seconds_bucket\{[^}]*operation="[^"]+"/);
    expect(text).toMatch(/neo4j_query_duration_seconds_count\{query="user\/upsert"\} \d+/);
    expect(text).toMatch(/tfjs_backend_info\{backend="(wasm|cpu|node|node-gpu)"\} 1/);
  });

  test('query depth and cost limits refuse expensive queries before they run', async () => {
    const deep = await call(
      `{ user(id: "${ns}a") { friends { edges { node { friends { edges { node { friends { edges { node { id } } } } } } } } } } }`,
      KEYS.app,
    );
    expect(codes(deep)).toEqual(['BAD_USER_INPUT']);
    expect(deep.errors[0].message).toMatch(/depth/);
    const costly = await call(
      `query($n: Int) { users(first: $n) { edges { node { friends(first: 100) { totalCount } } } } }`,
      KEYS.app,
      { n: 100 },
    );
    expect(codes(costly)).toEqual(['BAD_USER_INPUT']);
    expect(costly.errors[0].message).toMatch(/cost/);
  });

  test('Cypher stays parameterised: hostile ids and text change nothing else', async () => {
    const before = await service.stores.admin.counts();
    const hostile = [
      `x' OR 1=1 //`,
      'a`) DETACH DELETE n //',
      '}) MATCH (n) DETACH DELETE n //',
      '"}]->() RETURN 1 UNION MATCH (n) DETACH DELETE n //',
      '${evil}',
      '\\u0027; DROP',
    ];
    for (const [i, h] of hostile.entries()) {
      const id = `${ns}${h}`;
      const r = await call(
        `mutation($u: [UserInput!]!, $m: [MediaInput!]!) { upsertUsers(input: $u) { created } upsertMedia(input: $m) { created } }`,
        KEYS.app,
        {
          u: [{ id, name: h }],
          m: [{ id, kind: 'VIDEO', title: h, description: h, tags: [h.slice(0, 50)] }],
        },
      );
      expect(r.errors).toBeUndefined();
      const e = await call(
        `mutation($e: [InteractionInput!]!) { recordInteractions(input: $e) { recorded } }`,
        KEYS.app,
        {
          e: [
            {
              eventId: `${ns}ev${i}`,
              userId: id,
              mediaId: id,
              type: 'COMMENT',
              text: h,
              context: { device: h.slice(0, 60) },
            },
          ],
        },
      );
      expect(e.errors).toBeUndefined();
      const read = await call(`query($id: ID!) { user(id: $id) { id name } media(id: $id) { title } }`, KEYS.app, {
        id,
      });
      expect(read.data.user).toEqual({ id, name: h });
      expect(read.data.media.title).toBe(h);
      expect(
        codes(
          await call(
            `query($id: ID!, $q: String) { recommendMedia(userId: $id, first: 1, query: $q) { totalCount } }`,
            KEYS.app,
            { id, q: h },
          ),
        ),
      ).toEqual([]);
      expect(
        codes(await call(`query($t: String) { mediaItems(first: 1, tag: $t) { totalCount } }`, KEYS.app, { t: h })),
      ).toEqual([]);
    }
    const after = await service.stores.admin.counts();
    expect(after.users - before.users).toBe(hostile.length);
    expect(after.media - before.media).toBe(hostile.length);
    expect(after.interactions - before.interactions).toBe(hostile.length);
    expect(after.follows).toBe(before.follows);
    expect(after.tags - before.tags).toBeLessThanOrEqual(hostile.length);
  });

  test('jobs can be run and their history queried by an admin', async () => {
    const run = await call(`mutation { runJob(job: PAGERANK) { id job status trigger } }`, KEYS.admin);
    expect(run.data.runJob).toMatchObject({ job: 'pagerank', status: 'RUNNING' });
    await service.scheduler.idle();
    const jobs = await call('{ jobs(first: 5) { id job status seconds detail } }', KEYS.admin);
    const mine = jobs.data.jobs.find((j: any) => j.id === run.data.runJob.id);
    expect(mine).toMatchObject({ job: 'pagerank', status: 'SUCCEEDED' });
    expect(JSON.parse(mine.detail).pagerank.users.count).toBeGreaterThan(0);
  });

  test('per-key rate limiting answers 429 with retry-after', async () => {
    const results = await Promise.all(
      Array.from({ length: 130 }, () =>
        fetch(`${service.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': KEYS.analyst },
          body: JSON.stringify({ query: '{ __typename }' }),
        }),
      ),
    );
    const limited = results.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]!.headers.get('retry-after')).toMatch(/^\d+$/);
    // Another key is not affected.
    expect((await call('{ __typename }', KEYS.admin)).status).toBe(200);
  });
});
