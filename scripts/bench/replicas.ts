/**
 * `npm run bench:replicas` (issue 15, item 4): two service processes' worth of replicas (A and B, in one
 * Node process) on one fresh local Neo4j.
 *  - propagation: an interaction recorded through A, then B's feed for that user polled every 10 ms until
 *    the engaged item has left it; p50/p99/max over BENCH_PROBES (100) users;
 *  - write cost: recordInteractions batches (100 events) through one service with the change feed on
 *    (REPLICA_POLL_MS, default 250) against one with it off (0), in the same run.
 * Last line: one JSON object.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/config';
import { startService, type Service } from '../../src/main';
import { startLocalNeo4j } from '../../src/store/neo4j/local-neo4j';
import { freePort } from '../../test/support/free-port';

const PROBES = Number(process.env.BENCH_PROBES ?? 100);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 60);
const USERS = 300;
const MEDIA = 400;

interface FeedData {
  recommendMedia: { edges: { node: { media: { id: string } } }[] };
}

async function gql<T = unknown>(service: Service, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`${service.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: unknown; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data as T;
}

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

async function seed(a: Service): Promise<void> {
  await gql(a, `mutation($in: [UserInput!]!) { upsertUsers(input: $in) { created } }`, {
    in: Array.from({ length: USERS }, (_, i) => ({ id: `u${i}` })),
  });
  await gql(a, `mutation($in: [MediaInput!]!) { upsertMedia(input: $in) { created } }`, {
    in: Array.from({ length: MEDIA }, (_, i) => ({
      id: `m${i}`,
      kind: 'AUDIO',
      title: `Track ${i}`,
      tags: [`t${i % 20}`],
    })),
  });
  for (let start = 0; start < USERS; start += 50) {
    const events = [];
    for (let u = start; u < start + 50; u++)
      for (let k = 0; k < 10; k++)
        events.push({ userId: `u${u}`, mediaId: `m${(u * 7 + k * 13) % MEDIA}`, type: 'LIKE' });
    await gql(a, `mutation($in: [InteractionInput!]!) { recordInteractions(input: $in) { recorded } }`, { in: events });
  }
}

const FEED = `query($u: ID!) { recommendMedia(userId: $u, first: 20) { edges { node { media { id } } } } }`;
const feed = async (s: Service, u: string): Promise<string[]> =>
  (await gql<FeedData>(s, FEED, { u })).recommendMedia.edges.map((e) => e.node.media.id);

async function propagation(a: Service, b: Service): Promise<number[]> {
  const ms: number[] = [];
  for (let p = 0; p < PROBES; p++) {
    const user = `u${p}`;
    const target = (await feed(b, user))[0]!;
    // A random pause first: probes right after one another would all start just after B's last read.
    await new Promise((r) => setTimeout(r, Math.random() * 300));
    const t0 = performance.now();
    await gql(
      a,
      `mutation { recordInteractions(input: [{ userId: "${user}", mediaId: "${target}", type: LIKE }]) { recorded } }`,
    );
    while ((await feed(b, user)).includes(target)) {
      if (performance.now() - t0 > 10_000) throw new Error(`B never saw ${user}'s interaction`);
      await new Promise((r) => setTimeout(r, 10));
    }
    ms.push(performance.now() - t0);
  }
  return ms;
}

async function writeRate(s: Service, tag: string): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < BATCHES; i++) {
    const events = Array.from({ length: 100 }, (_, k) => ({
      eventId: `${tag}-${i}-${k}`,
      userId: `u${(i * 100 + k) % USERS}`,
      mediaId: `m${(i * 31 + k * 17) % MEDIA}`,
      type: 'VIEW',
    }));
    await gql(s, `mutation($in: [InteractionInput!]!) { recordInteractions(input: $in) { recorded } }`, { in: events });
  }
  return (BATCHES * 100) / ((performance.now() - t0) / 1000);
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-replicas-'));
  const neo4j = await startLocalNeo4j({ port: await freePort(), dataDir, pageCacheMb: 256, heapMb: 1024 });
  const config = (pollMs: number) =>
    loadConfig({
      ...process.env,
      NEO4J_URI: neo4j.uri,
      NEO4J_PASSWORD: neo4j.password,
      SEED_DEMO: 'false',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      EMBEDDING_KIND: 'hashing',
      SNAPSHOT_REFRESH_SEC: '0',
      JOB_POLL_SEC: '0',
      REPLICA_POLL_MS: String(pollMs),
    });
  try {
    const pollMs = Number(process.env.REPLICA_POLL_MS ?? 250);
    const a = await startService(config(pollMs));
    await seed(a);
    await a.embedQueue?.idle();
    await a.state.reload();
    const b = await startService(config(pollMs));
    const ms = await propagation(a, b);
    await b.stop();
    // The write cost of publishing, one service at a time: the same service with the feed on, then off.
    const withFeed = await writeRate(a, 'on');
    await a.stop();
    const solo = await startService(config(0));
    const without = await writeRate(solo, 'off');
    await solo.stop();
    const result = {
      bench: 'replicas',
      pollMs,
      probes: PROBES,
      propagationMs: {
        p50: Math.round(quantile(ms, 0.5)),
        p90: Math.round(quantile(ms, 0.9)),
        p99: Math.round(quantile(ms, 0.99)),
        max: Math.round(Math.max(...ms)),
      },
      writeEventsPerSec: { changeFeedOn: Math.round(withFeed), changeFeedOff: Math.round(without) },
      writeCostRatio: Number((without / withFeed).toFixed(3)),
    };
    console.log(JSON.stringify(result));
  } finally {
    await neo4j.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
