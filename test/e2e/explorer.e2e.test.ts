/**
 * The analyst explorer end to end: the service (real Neo4j) with a small seeded graph, the analytics
 * queries over HTTP, and /explorer driven in headless Chromium (Debian's chromium via playwright-core,
 * never a downloaded browser): a search draws one hop by default, clicking a node expands it, the side
 * panel shows recommendations whose reasons list clickable evidence ids, the URL and the controls
 * follow each other (load, change, Back), an unknown id gives a clear message, a 390 px wide screen
 * stacks the controls without horizontal scrolling, and an API key set on the page is sent as
 * x-api-key (never in the URL). Screenshots go to test-artifacts/ (gitignored); with UPDATE_SCREENSHOTS=1
 * the desktop and narrow ones replace docs/explorer-desktop.png and docs/explorer-narrow.png (the README's).
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
// The README's screenshots are rewritten only when asked (UPDATE_SCREENSHOTS=1), so a test run leaves docs/ as it was.
const DOCS = process.env.UPDATE_SCREENSHOTS === '1' ? join(__dirname, '..', '..', 'docs') : ARTIFACTS;
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // sigma.js draws with WebGL2; without a GPU Chromium needs SwiftShader for it.
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];
const WAIT = { timeout: 30_000 };

/** Page helpers over window.__explorer (the page's test hook). */
const order = (page: Page): Promise<number> => page.evaluate(() => (window as any).__explorer.graph.order as number);
const idle = (page: Page): Promise<unknown> =>
  page.waitForFunction(() => (window as any).__explorer && document.body.dataset.busy === 'false', null, WAIT);
/** Waits until the page has drawn the search `query` names (its URL) and finished its side panel. */
async function drawn(page: Page, query: string): Promise<void> {
  await page.waitForFunction(
    (q) =>
      location.search === q && (window as any).__explorer?.graph.order > 0 && document.body.dataset.busy === 'false',
    query,
    WAIT,
  );
}
const controls = (page: Page): Promise<{ id: string; type: string; hops: string }> =>
  page.evaluate(() => ({
    id: (document.getElementById('search') as HTMLInputElement).value,
    type: (document.getElementById('search-type') as HTMLSelectElement).value,
    hops: (document.getElementById('hops') as HTMLSelectElement).value,
  }));

describe('analyst explorer', () => {
  let service: Service;
  let gql: ReturnType<typeof client>;
  let context: BrowserContext | null = null;
  let profile = '';
  const problems: string[] = []; // page errors and console errors, across every page
  const ns = namespace();
  const u = (i: number): string => `${ns}u${i}`;
  const m = (i: number): string => `${ns}m${i}`;
  const q = (params: Record<string, string>): string => `?${new URLSearchParams(params).toString()}`;

  async function newPage(viewport = { width: 1280, height: 800 }): Promise<Page> {
    if (!context) {
      mkdirSync(ARTIFACTS, { recursive: true });
      profile = mkdtempSync(join(tmpdir(), 'explorer-chromium-'));
      context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: ARGS,
        viewport: { width: 1280, height: 800 },
      });
    }
    const page = await context.newPage();
    await page.setViewportSize(viewport);
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
    });
    return page;
  }

  /** The ids a reason's evidence links point at, by type, in the side panel's lists. */
  const evidenceIds = (page: Page, type: 'USER' | 'MEDIA'): Promise<string[]> =>
    page.$$eval(`#panel a.evidence-link[data-evidence-type="${type}"]`, (as) =>
      as.map((a) => a.getAttribute('data-evidence-id') ?? ''),
    );

  beforeAll(async () => {
    // Fail loudly, never skip: the explorer test is part of the suite CI runs.
    if (!existsSync(CHROMIUM))
      throw new Error(
        `Chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH`,
      );
    service = await startService(testConfig({ EMBEDDING_KIND: 'hashing', SNAPSHOT_REFRESH_SEC: '0' }));
    gql = client(service.url);
    const ok = async (query: string, variables?: Record<string, unknown>): Promise<void> => {
      const r = await gql(query, variables);
      if (r.errors) throw new Error(`seeding failed: ${JSON.stringify(r.errors)}`);
    };
    const users = Array.from({ length: 8 }, (_, i) => ({ id: u(i), name: `Explorer user ${i}` }));
    await ok(`mutation($in: [UserInput!]!) { upsertUsers(input: $in) { created } }`, { in: users });
    const media = Array.from({ length: 12 }, (_, i) => ({
      id: m(i),
      kind: i < 6 ? 'AUDIO' : 'VIDEO',
      title: i < 6 ? `Late night jazz ${i}` : `Street food tour ${i}`,
      tags: i < 6 ? ['jazz', 'night'] : ['food', 'travel'],
    }));
    await ok(`mutation($in: [MediaInput!]!) { upsertMedia(input: $in) { created } }`, { in: media });
    const events: Record<string, unknown>[] = [];
    // u0..u3 like jazz (m0..m5), u4..u7 watch food (m6..m11); u3 and u4 bridge both.
    for (const user of [0, 1, 2, 3])
      for (let i = user; i < user + 3; i++)
        events.push({ userId: u(user), mediaId: m(i), type: 'LIKE', context: { localHour: 21 } });
    for (const user of [4, 5, 6, 7])
      for (let i = user + 2; i < user + 5; i++)
        events.push({ userId: u(user), mediaId: m(i), type: 'VIEW', context: { localHour: 12 } });
    events.push(
      { userId: u(3), mediaId: m(6), type: 'VIEW' },
      { userId: u(0), mediaId: m(1), type: 'LISTEN', context: { localHour: 7 } },
    );
    await ok(`mutation($in: [InteractionInput!]!) { recordInteractions(input: $in) { recorded } }`, { in: events });
    const follows: [number, number][] = [
      [0, 1],
      [1, 0],
      [1, 2],
      [2, 0],
      [3, 0],
      [4, 5],
      [5, 4],
      [6, 4],
      [7, 5],
      [3, 4],
    ];
    for (const [a, b] of follows) await ok(`mutation { follow(followerId: "${u(a)}", followeeId: "${u(b)}") }`);
    await service.state.reload();
  });

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await service?.stop();
  });

  afterEach(() => {
    // No test leaves a page error or a console error behind (an unknown id included).
    expect(problems.splice(0)).toEqual([]);
  });

  test('analytics queries answer over HTTP', async () => {
    const r = await gql<any>(
      `query($u: ID!, $m: ID!) {
      graphStats { nodes { users media } edges { follows } components { social { count largest } } }
      neighbourhood(id: $u, depth: 1, limit: 50) { nodes { id type label } edges { source target type } }
      shortestPath(fromId: $u, toId: $m) { length nodes { id } }
      tasteProfile(userId: $u) { engagedMedia topTags { tag } activityByHour peakHour }
      communities(graph: SOCIAL, first: 3) { count modularity communities { size } }
      topInfluencers(first: 3) { edges { node { rank user { id } } } } }`,
      { u: u(0), m: m(10) },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data.graphStats.nodes.users).toBeGreaterThanOrEqual(8);
    const ids = r.data.neighbourhood.nodes.map((n: any) => n.id).sort();
    expect(ids).toEqual([u(0), u(1), u(2), u(3), m(0), m(1), m(2)].sort());
    expect(r.data.neighbourhood.nodes.find((n: any) => n.id === u(0)).label).toBe('Explorer user 0');
    expect(r.data.shortestPath.nodes[0].id).toBe(u(0));
    expect(r.data.shortestPath.nodes[r.data.shortestPath.length].id).toBe(m(10));
    expect(r.data.tasteProfile.topTags[0].tag).toBe('jazz');
    expect(r.data.tasteProfile.activityByHour[21]).toBe(3);
    expect(r.data.tasteProfile.activityByHour[7]).toBe(1);
    expect(r.data.communities.count).toBeGreaterThan(0);
    const bad = await gql(`{ neighbourhood(id: "${u(0)}", depth: 4) { truncated } }`);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const ghost = await gql(`{ neighbourhood(id: "${ns}ghost") { truncated } }`);
    expect(ghost.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // The former spelling (deprecated) still answers existing clients, the same.
    const former = await gql<any>(
      `query($u: ID!) { neighborhood(id: $u, depth: 1, limit: 50) { nodes { id type label } edges { source target type } } }`,
      { u: u(0) },
    );
    expect(former.errors).toBeUndefined();
    expect(former.data.neighborhood).toEqual(r.data.neighbourhood);
  });

  test('serves the page and its vendored libraries', async () => {
    for (const [path, type] of [
      ['/explorer', 'text/html'],
      ['/explorer/app.js', 'javascript'],
      ['/explorer/style.css', 'text/css'],
      ['/explorer/vendor/sigma.js', 'javascript'],
      ['/explorer/vendor/graphology.js', 'javascript'],
    ]) {
      const res = await fetch(`${service.url}${path}`);
      expect([path, res.status]).toEqual([path, 200]);
      expect(res.headers.get('content-type')).toContain(type);
      await res.arrayBuffer();
    }
  });

  test('a search draws one hop by default, a clicked node expands, the panel shows recommendations', async () => {
    const page = await newPage();
    await page.goto(`${service.url}/explorer`);
    await expect(page.title()).resolves.toBe('Graph explorer');
    expect(await page.locator('#hops').inputValue()).toBe('1');

    await page.fill('#search', u(0));
    await page.click('#search-button');
    await drawn(page, q({ id: u(0), hops: '1' })); // the search went into the URL
    const before = await order(page);
    expect(before).toBe(7); // u0, the three users it follows or is followed by, its three media
    expect(await page.locator('#node-count').getAttribute('data-count')).toBe('7');
    expect(await page.locator('#graph canvas').count()).toBeGreaterThan(0);
    // The side panel shows the searched user's feed with reasons and friend suggestions.
    await page.waitForFunction(() => document.querySelectorAll('#recs-list li a.node-link').length > 0, null, WAIT);
    expect(await page.locator('#recs-list .reason').count()).toBeGreaterThan(0);
    expect(await page.locator('#friends-list li').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, 'explorer-search.png') });

    // Click the bridge user u3 on the canvas: its follows and food videos join the graph.
    const target = `u:${u(3)}`;
    const pos = await page.evaluate(
      (k) => (window as any).__explorer.viewportPosition(k) as { x: number; y: number } | null,
      target,
    );
    expect(pos).not.toBeNull();
    const box = (await page.locator('#graph').boundingBox())!;
    await page.mouse.click(box.x + pos!.x, box.y + pos!.y);
    await page.waitForFunction(
      (n) => (window as any).__explorer.graph.order > n && document.body.dataset.busy === 'false',
      before,
      WAIT,
    );
    expect(await order(page)).toBeGreaterThan(before);
    expect(await page.evaluate(() => (window as any).__explorer.state.selected)).toBe(target);
    expect(await page.evaluate((k) => (window as any).__explorer.graph.hasNode(k), `m:${m(6)}`)).toBe(true);
    await page.waitForFunction(() => document.querySelectorAll('#recs-list li').length > 0, null, WAIT);
    await page.screenshot({ path: join(ARTIFACTS, 'explorer-expanded.png') });
    await page.close();
  });

  test('the URL fills the controls and draws; changing the hops redraws and replaces the URL', async () => {
    const two = await gql<any>(
      `query($u: ID!) { neighbourhood(id: $u, type: USER, depth: 2, limit: 300) { nodes { id } } }`,
      { u: u(0) },
    );
    const twoHops = two.data.neighbourhood.nodes.length;
    expect(twoHops).toBeGreaterThan(7);

    const page = await newPage();
    await page.goto(`${service.url}/explorer?user=${encodeURIComponent(u(0))}&hops=2`);
    await drawn(page, q({ user: u(0), hops: '2' }));
    expect(await controls(page)).toEqual({ id: u(0), type: 'USER', hops: '2' });
    expect(await order(page)).toBe(twoHops);
    expect(await page.evaluate(() => (window as any).__explorer.state.center)).toEqual({
      id: u(0),
      type: 'USER',
      hops: 2,
    });

    // Two hops → one hop from the control: redrawn, and the URL says so without a new history entry.
    const entries = await page.evaluate(() => history.length);
    await page.selectOption('#hops', '1');
    await drawn(page, q({ user: u(0), hops: '1' }));
    expect(await order(page)).toBe(7);
    expect(await page.evaluate(() => history.length)).toBe(entries);

    // Older links (?id=&type=&depth=) still work and are rewritten to the current form.
    await page.goto(`${service.url}/explorer?id=${encodeURIComponent(m(0))}&type=MEDIA&depth=1`);
    await drawn(page, q({ media: m(0), hops: '1' }));
    expect(await controls(page)).toEqual({ id: m(0), type: 'MEDIA', hops: '1' });
    expect(await page.evaluate(() => (window as any).__explorer.state.selected)).toBe(`m:${m(0)}`);
    await page.close();
  });

  test("the reasons' evidence ids are shown and clicking one navigates to that node; Back returns", async () => {
    const page = await newPage();
    await page.goto(`${service.url}/explorer?user=${encodeURIComponent(u(0))}`);
    await drawn(page, q({ user: u(0), hops: '1' }));
    expect(await controls(page)).toEqual({ id: u(0), type: 'USER', hops: '1' });
    await page.waitForFunction(() => document.querySelectorAll('#recs-list a.evidence-link').length > 0, null, WAIT);
    // u0's friend u1 engaged with jazz u0 has not heard: a SOCIAL reason names u1; item-based reasons name u0's media.
    const users = await evidenceIds(page, 'USER');
    const media = await evidenceIds(page, 'MEDIA');
    expect(users).toContain(u(1));
    expect(media.length).toBeGreaterThan(0);
    for (const id of media) expect([m(0), m(1), m(2)]).toContain(id);
    await page.screenshot({ path: join(DOCS, 'explorer-desktop.png') });

    // Click the user evidence: the explorer goes to u1 (new history entry), its panel follows.
    const entries = await page.evaluate(() => history.length);
    await page
      .locator(`#recs-list a.evidence-link[data-evidence-id="${u(1)}"]`)
      .first()
      .click();
    await drawn(page, q({ user: u(1), hops: '1' }));
    expect(await controls(page)).toEqual({ id: u(1), type: 'USER', hops: '1' });
    expect(await page.evaluate(() => (window as any).__explorer.state.selected)).toBe(`u:${u(1)}`);
    await expect(page.locator('#selection .kv').first().textContent()).resolves.toBe(`user ${u(1)}`);
    expect(await page.evaluate(() => history.length)).toBe(entries + 1);

    // Then a media evidence id from u1's panel: the explorer centres on that item.
    await page.waitForFunction(
      () => document.querySelectorAll('#panel a.evidence-link[data-evidence-type="MEDIA"]').length > 0,
      null,
      WAIT,
    );
    const item = (await evidenceIds(page, 'MEDIA'))[0]!;
    await page
      .locator(`#panel a.evidence-link[data-evidence-type="MEDIA"][data-evidence-id="${item}"]`)
      .first()
      .click();
    await drawn(page, q({ media: item, hops: '1' }));
    expect(await page.evaluate(() => (window as any).__explorer.state.selected)).toBe(`m:${item}`);
    await expect(page.locator('#recs-title').textContent()).resolves.toBe('Similar media');

    // Back: the previous URL's controls and drawing come back.
    await page.goBack();
    await drawn(page, q({ user: u(1), hops: '1' }));
    expect(await controls(page)).toEqual({ id: u(1), type: 'USER', hops: '1' });
    expect(await page.evaluate(() => (window as any).__explorer.state.selected)).toBe(`u:${u(1)}`);
    await page.close();
  });

  test('an unknown id gives a clear message, not an empty canvas or a console error', async () => {
    const ghost = `${ns}ghost`;
    const page = await newPage();
    await page.goto(`${service.url}/explorer?user=${encodeURIComponent(ghost)}`);
    await page.locator('#notice').waitFor({ state: 'visible', ...WAIT });
    await idle(page);
    expect(await page.locator('#notice').textContent()).toContain(`No user with id "${ghost}"`);
    expect(await controls(page)).toEqual({ id: ghost, type: 'USER', hops: '1' });
    expect(await order(page)).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'explorer-unknown.png') });

    // A known id draws and hides the message; an unknown one typed afterwards clears the old drawing.
    await page.fill('#search', u(0));
    await page.click('#search-button');
    await drawn(page, q({ user: u(0), hops: '1' }));
    expect(await page.locator('#notice').isHidden()).toBe(true);
    await page.selectOption('#search-type', '');
    await drawn(page, q({ id: u(0), hops: '1' }));
    await page.fill('#search', ghost);
    await page.click('#search-button');
    await page.locator('#notice').waitFor({ state: 'visible', ...WAIT });
    await idle(page);
    expect(await page.locator('#notice').textContent()).toContain(`No user or media item with id "${ghost}"`);
    expect(await order(page)).toBe(0);
    await expect(page.locator('#selection').textContent()).resolves.toBe('Nothing selected.');
    expect(await page.evaluate(() => location.search)).toBe(q({ id: ghost, hops: '1' }));
    await page.close();
  });

  test('a 390 px wide screen stacks the controls, fits the canvas and never scrolls sideways', async () => {
    const page = await newPage({ width: 390, height: 844 });
    await page.goto(`${service.url}/explorer?user=${encodeURIComponent(u(0))}`);
    await drawn(page, q({ user: u(0), hops: '1' }));
    await page.waitForFunction(() => document.querySelectorAll('#recs-list a.evidence-link').length > 0, null, WAIT);
    const layout = await page.evaluate(() => {
      const box = (id: string) => {
        const r = document.getElementById(id)!.getBoundingClientRect();
        return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height };
      };
      return {
        viewport: document.documentElement.clientWidth,
        scrollWidth: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
        search: box('search'),
        type: box('search-type'),
        hops: box('hops'),
        button: box('search-button'),
        graph: box('graph'),
        panel: box('panel'),
        canvases: Array.from(document.querySelectorAll('#graph canvas'), (c) => c.getBoundingClientRect().right),
      };
    });
    expect(layout.viewport).toBe(390);
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.viewport);
    for (const c of [layout.search, layout.type, layout.hops, layout.button]) {
      expect(c.left).toBeGreaterThanOrEqual(0);
      expect(c.right).toBeLessThanOrEqual(390);
    }
    expect(layout.hops.top).toBeGreaterThanOrEqual(layout.search.bottom); // the selects sit under the id field
    expect(layout.graph.left).toBeGreaterThanOrEqual(0);
    expect(layout.graph.right).toBeLessThanOrEqual(390);
    expect(layout.graph.width).toBeGreaterThan(300);
    expect(layout.graph.height).toBeGreaterThan(300);
    for (const right of layout.canvases) expect(right).toBeLessThanOrEqual(390);
    expect(layout.panel.top).toBeGreaterThanOrEqual(layout.graph.bottom); // the panel follows below the graph
    expect(layout.panel.right).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(DOCS, 'explorer-narrow.png'), fullPage: true });
    await page.close();
  });

  describe('with API keys', () => {
    let secured: Service;
    const KEY = `${ns}analyst-key`;

    beforeAll(async () => {
      secured = await startService(
        testConfig({
          EMBEDDING_KIND: 'hashing',
          SNAPSHOT_REFRESH_SEC: '0',
          API_KEYS: `${KEY}:analyst`,
          AUTH_REQUIRED: 'true',
        }),
      );
    });

    afterAll(async () => {
      await secured?.stop();
    });

    test('a shared link asks for the key, the saved key goes in x-api-key (never the URL) and the link draws', async () => {
      const page = await newPage();
      const sent: (string | undefined)[] = [];
      page.on('request', (r) => {
        if (r.url().endsWith('/graphql')) sent.push(r.headers()['x-api-key']);
      });
      // The page is public; /graphql refuses the keyless request with 401, which Chromium logs.
      await page.goto(`${secured.url}/explorer?user=${encodeURIComponent(u(0))}`);
      await page.waitForFunction(
        () => (document.getElementById('key-box') as HTMLDetailsElement).open && document.body.dataset.busy === 'false',
        null,
        WAIT,
      );
      expect(await page.locator('#status').textContent()).toContain('API key');
      expect(problems.splice(0).every((p) => /401/.test(p))).toBe(true);
      await page.fill('#api-key', KEY);
      await page.click('#save-key');
      await drawn(page, q({ user: u(0), hops: '1' }));
      expect(await order(page)).toBe(7);
      expect(sent[0]).toBeUndefined();
      expect(sent.slice(1).length).toBeGreaterThan(0);
      expect(sent.slice(1).every((k) => k === KEY)).toBe(true);
      expect(page.url()).not.toContain(KEY);
      const hrefs = await page.$$eval('a', (as) => as.map((a) => a.getAttribute('href') ?? ''));
      expect(hrefs.some((h) => h.includes(KEY))).toBe(false);
      await page.close();
    });
  });
});
