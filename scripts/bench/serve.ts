/**
 * `npm run bench:serve`: the server on the LastFM data, driven by a separate load process at
 * concurrency 16 for 30 s per query: first a trivial query (`user(id){id}`, the server's floor), then
 * recommendMedia and suggestFriends for random users. Prints p50/p99 latency and requests/s for each;
 * last line one JSON object. The LastFM database is kept in data/bench-lastfm between runs (imported,
 * PageRank, a short embedding training and embed-media on the first run).
 * Options (env): BENCH_SECONDS (30), BENCH_CONCURRENCY (16), LASTFM_DIR, BENCH_EPOCHS (30),
 * FEED_PREWARM (true: every user's feed is ranked before the load starts, as a warm service serves;
 * false: each user's first request ranks on demand).
 */
import { loadConfig } from '../../src/config/config';
import { startService } from '../../src/main';
import { drive, type LoadResult } from './drive';
import { openLastfmWorld, worldServerConfig } from './lastfm-world';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const EPOCHS = Number(process.env.BENCH_EPOCHS ?? 30);

const QUERIES = {
  floor: 'query($id: ID!) { user(id: $id) { id } }',
  recommendMedia: `query($id: ID!) { recommendMedia(userId: $id, first: 20) { edges { node { score media { id title } reasons { kind label evidence } } } } }`,
  suggestFriends: `query($id: ID!) { suggestFriends(userId: $id, first: 20) { edges { node { score mutualFriends user { id } reasons { kind label } } } } }`,
};

function load(url: string, query: string, ids: string[], seconds = SECONDS): Promise<LoadResult> {
  return drive(url, [{ name: 'q', query, variables: ids.map((id) => ({ id })), weight: 1 }], CONCURRENCY, seconds);
}

async function main(): Promise<void> {
  const log = (l: string): void => console.error(`[bench:serve] ${l}`);
  const config0 = loadConfig({ ...process.env, SEED_DEMO: 'false' });
  const { neo4j, users } = await openLastfmWorld(config0, EPOCHS, log);
  const config = worldServerConfig(neo4j, { LOG_LEVEL: 'info', FEED_PREWARM: process.env.FEED_PREWARM ?? 'true' });
  try {
    const service = await startService(config);
    const url = `${service.url}/graphql`;
    if (config.feedPrewarm) {
      const t0 = Date.now();
      await service.recommend.prewarm(users); // joins the warm-up main started: cached after the first
      log(
        `feeds and friend suggestions of ${users.length} users ranked in ${((Date.now() - t0) / 1000).toFixed(1)} s before load`,
      );
    }
    try {
      log(`server at ${url}; ${users.length} users; ${CONCURRENCY} concurrent for ${SECONDS} s per query`);
      const results: Record<string, LoadResult> = {};
      for (const [name, query] of Object.entries(QUERIES)) {
        await load(url, query, users.slice(0, 50), Math.min(5, SECONDS)); // warm-up: JIT, connection pools, caches
        results[name] = await load(url, query, users);
        log(`${name}: ${JSON.stringify(results[name])}`);
      }
      console.log('| query | p50 ms | p99 ms | requests/s | errors |\n|---|---|---|---|---|');
      for (const [name, r] of Object.entries(results))
        console.log(`| ${name} | ${r.p50} | ${r.p99} | ${r.rps} | ${r.errors} |`);
      const floor = results.floor!.rps as number;
      console.log(
        JSON.stringify({
          bench: 'serve',
          dataset: 'lastfm-2k',
          concurrency: CONCURRENCY,
          seconds: SECONDS,
          ...results,
          recommendVsFloor: Number(((results.recommendMedia!.rps as number) / floor).toFixed(3)),
          friendsVsFloor: Number(((results.suggestFriends!.rps as number) / floor).toFixed(3)),
        }),
      );
    } finally {
      await service.stop();
    }
  } finally {
    await neo4j.stop();
  }
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exitCode = 1;
});
