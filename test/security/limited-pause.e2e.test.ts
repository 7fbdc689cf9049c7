/**
 * Issue 10, defect 3 (noisy neighbour): a key over its request or cost budget gets its 429 after a pause
 * (RATE_LIMIT_PAUSE_MS, at most its retry-after) holding one of its in-flight slots, so a client looping on
 * refusals gets a few a second instead of thousands; past its in-flight cap it is answered at once with its
 * connection closed; another key is served meanwhile.
 */
import { startService, type Service } from '../../src/main';
import { testConfig } from '../support/db';

const KEYS = { flood: 'flood-key-123456', victim: 'victim-key-123456', pages: 'pages-key-123456' };
/** Costs 301 units (query-cost.ts): 1 + 100 × (edges 1 + node 1 + id 1). */
const PAGE = '{ mediaItems(first: 100) { edges { node { id } } } }';
const CONCURRENT = 3;

describe('refusals of a key over its budget', () => {
  let service: Service;

  beforeAll(async () => {
    service = await startService(
      testConfig({
        NODE_ENV: 'production',
        API_KEYS: `${KEYS.flood}:app,${KEYS.victim}:app,${KEYS.pages}:app`,
        MAX_CONCURRENT_PER_KEY: String(CONCURRENT),
        // One request every two seconds after a burst of five: the burst is spent below before a token can
        // come back (at five a second, a loaded CI machine refilled one between the five and the refusals).
        RATE_LIMIT_PER_MIN: '30',
        RATE_LIMIT_BURST: '5',
        RATE_LIMIT_PAUSE_MS: '1000',
        // 500 units of cost, refilled at 10 a second: one PAGE fits, a second one not yet.
        RATE_LIMIT_COST_PER_MIN: '600',
        RATE_LIMIT_COST_BURST: '500',
        SNAPSHOT_REFRESH_SEC: '0',
      }),
    );
  });

  afterAll(async () => {
    await service?.stop();
  });

  const timed = async (key: string, query = '{ __typename }') => {
    const started = performance.now();
    const res = await fetch(`${service.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({ query }),
    });
    await res.text();
    return {
      status: res.status,
      ms: performance.now() - started,
      connection: res.headers.get('connection'),
      retryAfter: res.headers.get('retry-after'),
    };
  };

  test('are answered after a pause, at most the in-flight cap at a time; past the cap at once, closing the connection', async () => {
    for (let i = 0; i < 5; i++) expect((await timed(KEYS.flood)).status).toBe(200);
    const answers = await Promise.all(Array.from({ length: CONCURRENT + 2 }, () => timed(KEYS.flood)));
    expect(answers.map((a) => a.status)).toEqual(Array(CONCURRENT + 2).fill(429));
    for (const a of answers) expect(a.retryAfter).toMatch(/^\d+$/);
    // Held: the cap's worth, each after the 1 s pause (the timer never fires early); past the cap: at once,
    // closing the connection (compared with the held ones, not timed, so a loaded machine cannot fail it).
    const held = answers.filter((a) => a.connection !== 'close');
    const atOnce = answers.filter((a) => a.connection === 'close');
    expect(held).toHaveLength(CONCURRENT);
    expect(atOnce).toHaveLength(2);
    for (const a of held) expect(a.ms).toBeGreaterThanOrEqual(990);
    for (const a of atOnce) expect(a.ms).toBeLessThan(Math.min(...held.map((h) => h.ms)));
  });

  test('another key is served at once while one key waits on its refusals', async () => {
    // More than the refill since the last test: some of these are refused and held.
    const flood = Array.from({ length: 12 }, () => timed(KEYS.flood));
    await new Promise((r) => setTimeout(r, 100));
    const victim = await timed(KEYS.victim);
    expect(victim.status).toBe(200);
    expect(victim.ms).toBeLessThan(900);
    expect((await Promise.all(flood)).filter((a) => a.status === 429 && a.ms >= 900).length).toBeGreaterThan(0);
  });

  test('a query refused for its cost after parsing (budget short of it, not spent) is held too', async () => {
    const first = await timed(KEYS.pages, PAGE);
    expect(first.status).toBe(200);
    const second = await timed(KEYS.pages, PAGE);
    expect(second.status).toBe(429);
    expect(second.ms).toBeGreaterThanOrEqual(990);
  });
});
