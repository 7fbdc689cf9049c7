/**
 * The analyst explorer end to end: the service (real Neo4j) with a small seeded graph, the analytics
 * queries over HTTP, and /explorer driven in headless Chromium (Debian's chromium via playwright-core):
 * a search draws a non-empty graph, clicking a node expands it, the side panel shows recommendations
 * and friend suggestions. Screenshots go to test-artifacts/ (gitignored).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startService, type Service } from '../../src/main';
import { client } from '../support/graphql-client';
import { namespace, testConfig } from '../support/db';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  // sigma.js draws with WebGL2; without a GPU Chromium needs SwiftShader for it.
  '--use-angle=swiftshader', '--enable-unsafe-swiftshader'];

describe('analyst explorer', () => {
  let service: Service;
  let gql: ReturnType<typeof client>;
  let context: BrowserContext | null = null;
  let profile = '';
  const ns = namespace();
  const u = (i: number): string => `${ns}u${i}`;
  const m = (i: number): string => `${ns}m${i}`;

  beforeAll(async () => {
    // Fail loudly, never skip: the explorer test is part of the suite CI runs.
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH`);
    service = await startService(testConfig({ EMBEDDING_KIND: 'hashing', SNAPSHOT_REFRESH_SEC: '0' }));
    gql = client(service.url);
    const users = Array.from({ length: 8 }, (_, i) => ({ id: u(i), name: `Explorer user ${i}` }));
    await gql(`mutation($in: [UserInput!]!) { upsertUsers(input: $in) { created } }`, { in: users });
    const media = Array.from({ length: 12 }, (_, i) => ({
      id: m(i),
      kind: i < 6 ? 'AUDIO' : 'VIDEO',
      title: i < 6 ? `Late night jazz ${i}` : `Street food tour ${i}`,
      tags: i < 6 ? ['jazz', 'night'] : ['food', 'travel'],
    }));
    await gql(`mutation($in: [MediaInput!]!) { upsertMedia(input: $in) { created } }`, { in: media });
    const events: Record<string, unknown>[] = [];
    // u0..u3 like jazz (m0..m5), u4..u7 watch food (m6..m11); u3 and u4 bridge both.
    for (const user of [0, 1, 2, 3]) for (let i = user; i < user + 3; i++) events.push({ userId: u(user), mediaId: m(i), type: 'LIKE', context: { localHour: 21 } });
    for (const user of [4, 5, 6, 7]) for (let i = user + 2; i < user + 5; i++) events.push({ userId: u(user), mediaId: m(i), type: 'VIEW', context: { localHour: 12 } });
    events.push({ userId: u(3), mediaId: m(6), type: 'VIEW' }, { userId: u(0), mediaId: m(1), type: 'LISTEN', context: { localHour: 7 } });
    await gql(`mutation($in: [InteractionInput!]!) { recordInteractions(input: $in) { recorded } }`, { in: events });
    const follows: [number, number][] = [[0, 1], [1, 0], [1, 2], [2, 0], [3, 0], [4, 5], [5, 4], [6, 4], [7, 5], [3, 4]];
    for (const [a, b] of follows) await gql(`mutation { follow(followerId: "${u(a)}", followeeId: "${u(b)}") }`);
    await service.state.reload();
  });

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await service?.stop();
  });

  test('analytics queries answer over HTTP', async () => {
    const r = await gql<any>(`query($u: ID!, $m: ID!) {
      graphStats { nodes { users media } edges { follows } components { social { count largest } } }
      neighborhood(id: $u, depth: 1, limit: 50) { nodes { id type label } edges { source target type } }
      shortestPath(fromId: $u, toId: $m) { length nodes { id } }
      tasteProfile(userId: $u) { engagedMedia topTags { tag } activityByHour peakHour }
      communities(graph: SOCIAL, first: 3) { count modularity communities { size } }
      topInfluencers(first: 3) { edges { node { rank user { id } } } } }`, { u: u(0), m: m(10) });
    expect(r.errors).toBeUndefined();
    expect(r.data.graphStats.nodes.users).toBeGreaterThanOrEqual(8);
    const ids = r.data.neighborhood.nodes.map((n: any) => n.id).sort();
    expect(ids).toEqual([u(0), u(1), u(2), u(3), m(0), m(1), m(2)].sort());
    expect(r.data.neighborhood.nodes.find((n: any) => n.id === u(0)).label).toBe('Explorer user 0');
    expect(r.data.shortestPath.nodes[0].id).toBe(u(0));
    expect(r.data.shortestPath.nodes[r.data.shortestPath.length].id).toBe(m(10));
    expect(r.data.tasteProfile.topTags[0].tag).toBe('jazz');
    expect(r.data.tasteProfile.activityByHour[21]).toBe(3);
    expect(r.data.tasteProfile.activityByHour[7]).toBe(1);
    expect(r.data.communities.count).toBeGreaterThan(0);
    const bad = await gql(`{ neighborhood(id: "${u(0)}", depth: 4) { truncated } }`);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const ghost = await gql(`{ neighborhood(id: "${ns}ghost") { truncated } }`);
    expect(ghost.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  test('serves the page and its vendored libraries', async () => {
    for (const [path, type] of [['/explorer', 'text/html'], ['/explorer/app.js', 'javascript'], ['/explorer/style.css', 'text/css'], ['/explorer/vendor/sigma.js', 'javascript'], ['/explorer/vendor/graphology.js', 'javascript']]) {
      const res = await fetch(`${service.url}${path}`);
      expect([path, res.status]).toEqual([path, 200]);
      expect(res.headers.get('content-type')).toContain(type);
      await res.arrayBuffer();
    }
  });

  test('headless Chromium draws a neighbourhood, expands a clicked node and shows recommendations', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    profile = mkdtempSync(join(tmpdir(), 'explorer-chromium-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 800 } });
    const page: Page = context.pages()[0] ?? (await context.newPage());
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${service.url}/explorer`);
    await expect(page.title()).resolves.toBe('Graph explorer');

    await page.fill('#search', u(0));
    await page.selectOption('#depth', '1');
    await page.click('#search-button');
    await page.waitForFunction(() => (window as any).__explorer?.graph.order > 0 && document.body.dataset.busy === 'false', null, { timeout: 30_000 });
    const before = await page.evaluate(() => (window as any).__explorer.graph.order as number);
    expect(before).toBe(7);
    expect(await page.locator('#node-count').getAttribute('data-count')).toBe('7');
    expect(await page.locator('#graph canvas').count()).toBeGreaterThan(0);
    // The side panel shows the searched user's feed with reasons and friend suggestions.
    await page.waitForFunction(() => document.querySelectorAll('#recs-list li a.node-link').length > 0, null, { timeout: 30_000 });
    expect(await page.locator('#recs-list .reason').count()).toBeGreaterThan(0);
    expect(await page.locator('#friends-list li').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, 'explorer-search.png') });

    // Click the bridge user u3 on the canvas: its follows and food videos join the graph.
    const target = `u:${u(3)}`;
    const pos = await page.evaluate((k) => (window as any).__explorer.viewportPosition(k) as { x: number; y: number } | null, target);
    expect(pos).not.toBeNull();
    const box = (await page.locator('#graph').boundingBox())!;
    await page.mouse.click(box.x + pos!.x, box.y + pos!.y);
    await page.waitForFunction((n) => (window as any).__explorer.graph.order > n && document.body.dataset.busy === 'false', before, { timeout: 30_000 });
    const after = await page.evaluate(() => (window as any).__explorer.graph.order as number);
    expect(after).toBeGreaterThan(before);
    expect(await page.evaluate(() => (window as any).__explorer.state.selected)).toBe(target);
    expect(await page.evaluate((k) => (window as any).__explorer.graph.hasNode(k), `m:${m(6)}`)).toBe(true);
    await page.waitForFunction(() => document.querySelectorAll('#recs-list li').length > 0, null, { timeout: 30_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'explorer-expanded.png') });
    expect(pageErrors).toEqual([]);
  });
});
