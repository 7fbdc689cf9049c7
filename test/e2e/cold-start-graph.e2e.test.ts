/**
 * Serving new uploads through graph-text (issue 13, item 4): after an embeddings job with
 * `--model graph-text` (its text → graph-space projection stored next to the embeddings), an upserted
 * item's text vector, from the background embed queue, is projected into graph space when the snapshot
 * reloads: with no job run, the item joins the graph candidates of a user whose taste its text matches,
 * with a GRAPH reason naming what it resembles, and stays out of the top 20 of a user of the other taste.
 */
import { runJob } from '../../src/jobs/run-job';
import { startService, type Service } from '../../src/main';
import { client } from '../support/graphql-client';
import { until } from '../support/poll';
import { namespace, testConfig } from '../support/db';

const ASTRONOMY = [
  'telescope',
  'galaxy',
  'nebula',
  'planet',
  'orbit',
  'comet',
  'stars',
  'observatory',
  'eclipse',
  'meteor',
];
const BAKING = ['sourdough', 'bread', 'oven', 'flour', 'pastry', 'croissant', 'dough', 'butter', 'cake', 'yeast'];

const FEED = `query($u: ID!) { recommendMedia(userId: $u, first: 20) { edges { node { media { id } reasons { kind label evidence } } } } }`;

describe('new uploads join the graph candidates through graph-text', () => {
  let service: Service;
  let gql: ReturnType<typeof client>;
  const ns = namespace();
  // Generous timeouts: this test is about what the feed holds, not how fast Neo4j answers on a busy machine.
  const config = testConfig({
    SNAPSHOT_REFRESH_SEC: '0',
    NEO4J_QUERY_TIMEOUT_MS: '60000',
    REQUEST_TIMEOUT_MS: '120000',
  });
  // Astronomy: 10 items, each fan likes 6 (4 left to recommend). Baking: 40 items, each fan likes 10,
  // so a baking fan has 30 unseen baking items for a top 20 of their own taste.
  const astro = (i: number): string => `${ns}astro-${i}`;
  const bake = (i: number): string => `${ns}bake-${i}`;
  const astroFan = (k: number): string => `${ns}astro-fan${k}`;
  const bakeFan = (k: number): string => `${ns}bake-fan${k}`;
  const fresh = `${ns}fresh-comet`;
  const title = (words: string[], i: number): string =>
    `${words[i % 10]} ${words[(i * 3 + 1) % 10]} ${words[(i * 7 + 2) % 10]}`;
  const ids = (r: any): string[] => (r.data?.recommendMedia?.edges ?? []).map((e: any) => e.node.media.id);
  const reasonsOf = (r: any, id: string): { kind: string; label: string; evidence: string[] }[] =>
    (r.data?.recommendMedia?.edges ?? []).find((e: any) => e.node.media.id === id)?.node.reasons ?? [];

  beforeAll(async () => {
    service = await startService(config);
    gql = client(service.url);
    const users = [0, 1, 2, 3].flatMap((k) => [{ id: astroFan(k) }, { id: bakeFan(k) }]);
    expect(
      (await gql<any>(`mutation($in: [UserInput!]!) { upsertUsers(input: $in) { created } }`, { in: users })).errors,
    ).toBeUndefined();
    const media = [
      ...Array.from({ length: 10 }, (_, i) => ({
        id: astro(i),
        kind: 'VIDEO',
        title: `${title(ASTRONOMY, i)} ${i}`,
        description: `Astronomy: the ${title(ASTRONOMY, i + 3)} seen from the observatory`,
        tags: ['astronomy'],
      })),
      ...Array.from({ length: 40 }, (_, i) => ({
        id: bake(i),
        kind: 'VIDEO',
        title: `${title(BAKING, i)} ${i}`,
        description: `Baking at home: ${title(BAKING, i + 5)} from the oven`,
        tags: ['baking'],
      })),
    ];
    const created = await gql<any>(`mutation($in: [MediaInput!]!) { upsertMedia(input: $in) { created } }`, {
      in: media,
    });
    expect(created.errors).toBeUndefined();
    expect(created.data.upsertMedia.created).toBe(50);
    const likes = [0, 1, 2, 3].flatMap((k) => [
      ...Array.from({ length: 6 }, (_, j) => ({ userId: astroFan(k), mediaId: astro((2 * k + j) % 10), type: 'LIKE' })),
      ...Array.from({ length: 10 }, (_, j) => ({ userId: bakeFan(k), mediaId: bake((7 * k + j) % 40), type: 'LIKE' })),
    ]);
    const recorded = await gql<any>(
      `mutation($in: [InteractionInput!]!) { recordInteractions(input: $in) { recorded } }`,
      { in: likes },
    );
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data.recordInteractions.recorded).toBe(64);
    await service.embedQueue!.idle();
    // The embeddings job with graph-text, before the upload (none runs after it).
    const result = await runJob('embeddings', service.stores, config, { model: 'graph-text', epochs: 40 });
    expect(result['model']).toBe('graph-text');
    const stored = await service.stores.graph.readTextProjection();
    expect(stored).toEqual(
      expect.objectContaining({ graphModel: 'graph-text', textModel: expect.stringMatching(/^hashing:/) }),
    );
    await service.state.reload();
  });
  afterAll(() => service?.stop());

  test("an upserted item whose text matches a taste reaches that taste's top 20 by its projected vector, and not the other taste's", async () => {
    const t0 = Date.now();
    const upsert = await gql<any>(`mutation($in: [MediaInput!]!) { upsertMedia(input: $in) { created } }`, {
      in: [
        {
          id: fresh,
          kind: 'VIDEO',
          title: 'Comet and nebula through the telescope',
          description: 'Astronomy for beginners: planet orbit, galaxy and meteor from the observatory',
          tags: ['astronomy'],
        },
      ],
    });
    expect(upsert.data.upsertMedia.created).toBe(1);

    // The fan's feed offers it with a GRAPH reason that names an astronomy item they liked.
    const isAstro = (id: string): boolean => id.startsWith(`${ns}astro-`) && !id.includes('fan');
    const graphReason = (r: any) => reasonsOf(r, fresh).find((x) => x.kind === 'GRAPH');
    const feed = await until(
      () => gql<any>(FEED, { u: astroFan(0) }),
      (r) => graphReason(r) !== undefined,
      30_000,
    );
    expect(feed.value.errors).toBeUndefined();
    expect(ids(feed.value)).toContain(fresh);
    const reason = graphReason(feed.value)!;
    expect(reason.evidence.length).toBeGreaterThan(0);
    expect(reason.evidence.every(isAstro)).toBe(true);
    expect(reason.label).toContain(reason.evidence[0]);
    console.log(
      `new upload in the fan's top 20 through the graph after ${((feed.at - t0) / 1000).toFixed(2)} s: "${reason.label}"`,
    );

    // In the snapshot it is placed by its text, and its graph score favours the astronomy fan.
    const snap = service.state.snapshot;
    const i = snap.itemIndex.get(fresh)!;
    const g = snap.data.graph!;
    expect(g.textPlaced?.[i]).toBe(1);
    const score = (userId: string): number => {
      const u = snap.userIndex.get(userId)!;
      let s = 0;
      for (let c = 0; c < g.dim; c++) s += g.users![u * g.dim + c]! * g.items[i * g.dim + c]!;
      return s;
    };
    expect(score(astroFan(0))).toBeGreaterThan(score(bakeFan(0)));

    // A baking fan's top 20 (same snapshot) does not hold it.
    const other = await gql<any>(FEED, { u: bakeFan(0) });
    expect(ids(other)).toHaveLength(20);
    expect(ids(other)).not.toContain(fresh);

    // No job ran meanwhile.
    const runs = (await gql<any>(`{ jobs(first: 20) { job startedAt } }`)).data.jobs as {
      job: string;
      startedAt: string;
    }[];
    expect(runs.filter((r) => Date.parse(r.startedAt) >= t0)).toEqual([]);
  });
});
