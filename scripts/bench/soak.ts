/**
 * `npm run bench:soak`: the server on a fresh local Neo4j with the demo world, under mixed reads and
 * writes (feeds, friend suggestions, similar media, user pages, new interactions, follows) at
 * concurrency 32 for SOAK_SECONDS (default 120). Reports errors (target 0), p99 latency per operation,
 * and memory growth of the server process between the end of the warm-up and the end of the run
 * (target under 10%). Last line: one JSON object.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/config';
import { startService } from '../../src/main';
import { startLocalNeo4j } from '../../src/store/neo4j/local-neo4j';
import { freePort } from '../../test/support/free-port';
import { drive, type LoadOp } from './drive';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 120);
const CONCURRENCY = Number(process.env.SOAK_CONCURRENCY ?? 32);

function memory(): { rss: number; heapUsed: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed };
}

async function main(): Promise<void> {
  const log = (l: string): void => console.error(`[bench:soak] ${l}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-soak-'));
  const neo4j = await startLocalNeo4j({ port: await freePort(), dataDir, pageCacheMb: 256, heapMb: 1024 });
  try {
    const service = await startService(
      loadConfig({
        ...process.env,
        NEO4J_URI: neo4j.uri,
        NEO4J_PASSWORD: neo4j.password,
        PORT: '0',
        HOST: '127.0.0.1',
        SEED_DEMO: 'true',
        LOG_LEVEL: 'warn',
        SNAPSHOT_REFRESH_SEC: '30',
      }),
    );
    try {
      const users = Array.from({ length: 300 }, (_, i) => `user-${i}`);
      const media = Array.from({ length: 2000 }, (_, i) => `media-${i}`);
      const pick = <T>(xs: T[], n: number): T[] => Array.from({ length: n }, (_, i) => xs[(i * 7919) % xs.length]!);
      const mix: LoadOp[] = [
        {
          name: 'recommendMedia',
          weight: 40,
          query:
            'query($u: ID!) { recommendMedia(userId: $u, first: 20) { edges { node { score media { id title } reasons { kind evidence } } } } }',
          variables: users.map((u) => ({ u })),
        },
        {
          name: 'suggestFriends',
          weight: 10,
          query:
            'query($u: ID!) { suggestFriends(userId: $u, first: 10) { edges { node { user { id } mutualFriends } } } }',
          variables: users.map((u) => ({ u })),
        },
        {
          name: 'similarMedia',
          weight: 10,
          query: 'query($m: ID!) { similarMedia(mediaId: $m, first: 10) { edges { node { media { id } score } } } }',
          variables: media.slice(0, 500).map((m) => ({ m })),
        },
        {
          name: 'userPage',
          weight: 15,
          query:
            'query($u: ID!) { user(id: $u) { id friends(first: 10) { totalCount } engagedMedia(first: 10) { edges { node { id } } } } }',
          variables: users.map((u) => ({ u })),
        },
        {
          name: 'recordInteractions',
          weight: 20,
          query: 'mutation($in: [InteractionInput!]!) { recordInteractions(input: $in) { recorded } }',
          variables: pick(users, 200).map((u, i) => ({
            in: [
              {
                eventId: '@uuid',
                userId: u,
                mediaId: media[(i * 31) % media.length],
                type: 'VIEW',
                context: { device: 'phone', localHour: i % 24 },
              },
            ],
          })),
        },
        {
          name: 'follow',
          weight: 5,
          query: 'mutation($a: ID!, $b: ID!) { follow(followerId: $a, followeeId: $b) }',
          variables: pick(users, 200).map((a, i) => ({
            a,
            b: users[(i * 13 + 1) % users.length] === a ? users[0] : users[(i * 13 + 1) % users.length],
          })),
        },
      ];
      const url = `${service.url}/graphql`;
      // Warm-up long enough for the bounded caches (feeds, entities) to fill, so growth measures leaks.
      const warm = Number(process.env.SOAK_WARMUP_SECONDS ?? 30);
      log(`warm-up ${warm} s, then ${SECONDS} s at concurrency ${CONCURRENCY}`);
      await drive(url, mix, CONCURRENCY, warm);
      const before = memory();
      const result = await drive(url, mix, CONCURRENCY, SECONDS);
      await new Promise((r) => setTimeout(r, 2000));
      const after = memory();
      const growth = (a: number, b: number): number => Number((((b - a) / a) * 100).toFixed(1));
      const summary = {
        bench: 'soak',
        seconds: SECONDS,
        concurrency: CONCURRENCY,
        ...result,
        memory: {
          rssBefore: before.rss,
          rssAfter: after.rss,
          rssGrowthPct: growth(before.rss, after.rss),
          heapBefore: before.heapUsed,
          heapAfter: after.heapUsed,
          heapGrowthPct: growth(before.heapUsed, after.heapUsed),
        },
        counts: await service.stores.admin.counts(),
      };
      console.log(JSON.stringify(summary));
    } finally {
      await service.stop();
    }
  } finally {
    await neo4j.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exitCode = 1;
});
