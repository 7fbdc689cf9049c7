/**
 * `npm run bench:feed-arrays -- --scale 10 [--users 100] [--rounds 3]`: the in-process time of a
 * candidate-only feed (what the service runs past VECTOR_INDEX_MIN_ITEMS) with its catalogue-length
 * signal arrays lent from the snapshot's pool (ranking/item-scratch.ts), against the same feeds with
 * fresh arrays each (the baseline, as before the pool: a pool that keeps no idle array, so every array a
 * feed takes is newly allocated), alternated in rounds on the same users. The snapshot is the one an earlier `npm run
 * bench:scale -- --scales N --keep` left in data/bench-scale/db-N; the graph, content and query index
 * lookups (Neo4j's vector indexes in the service) are answered by fixed lists, so only the process's own
 * work is timed, and the collector's share is read from V8's GC entries. With `--profile N` one more pass
 * of the lent feeds runs under V8's sampling profiler and the N functions with the most self time are
 * reported per feed (cpu-profile.ts). Last line one JSON object.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { parseCli } from '../../src/cli/cli-args';
import type { NearestNeighbourIndex } from '../../src/ranking/candidates';
import { defaultRanker } from '../../src/ranking/default-ranker';
import { ItemScratchPool, itemScratch } from '../../src/ranking/item-scratch';
import { rankForUser, type RankOptions } from '../../src/ranking/rank-for-user';
import type { RankingData } from '../../src/ranking/ranking-data';
import { userStateFromData } from '../../src/ranking/user-state';
import { profileFunctions, type FunctionTime } from './cpu-profile';
import { loadKeptSnapshot } from './kept-snapshot';

const USAGE = 'usage: npm run bench:feed-arrays -- [--scale 10] [--users 100] [--rounds 3] [--profile 15]';

/** A fixed "index" answer of 200 spread items per user and source. */
function fixedIndex(data: RankingData, seed: number): NearestNeighbourIndex {
  const hits = Array.from({ length: 200 }, (_, i) => ({
    item: (seed * 7919 + i * 104_729) % data.numItems,
    score: 1 - i / 200,
  }));
  return { search: (_q, k, accept) => hits.filter((h) => !accept || accept(h.item)).slice(0, k) };
}

async function main(): Promise<void> {
  const { values } = parseCli(
    process.argv.slice(2),
    {
      scale: { type: 'string' },
      users: { type: 'string' },
      rounds: { type: 'string' },
      profile: { type: 'string' },
    } as const,
    USAGE,
  );
  if (values.help) return console.log(USAGE);
  const scale = Number(values.scale ?? 10);
  const userCount = Number(values.users ?? 100);
  const rounds = Number(values.rounds ?? 3);
  const { snapshot, loadSeconds, peakRss } = await loadKeptSnapshot(scale, {
    heapMb: scale >= 100 ? 4096 : 2048,
    pageCacheMb: scale >= 100 ? 4096 : 1024,
  });
  const data = snapshot.data;
  const ranker = defaultRanker();
  const users = Array.from({ length: userCount }, (_, i) => (i * 37) % data.numUsers);
  const lentPool = itemScratch(data);
  const freshPool = new ItemScratchPool(data.numItems, { floats: 0, ints: 0, bytes: 0 });
  const feed = (u: number) => {
    const options: Partial<RankOptions> = {
      scan: 'candidates',
      index: fixedIndex(data, u),
      contentIndex: fixedIndex(data, u + 1),
      queryIndex: fixedIndex(data, u + 2),
    };
    return rankForUser(data, ranker, { user: u, state: userStateFromData(data, u), k: 50, now: 0 }, options);
  };
  let gcMs = 0;
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcMs += e.duration;
  });
  observer.observe({ entryTypes: ['gc'] });
  const settled = () => new Promise((resolve) => setTimeout(resolve, 50)); // the GC entries arrive after a turn
  const time = async (lent: boolean): Promise<{ ms: number; gcMs: number }> => {
    itemScratch(data, lent ? lentPool : freshPool);
    await settled();
    const gc0 = gcMs;
    const t = process.hrtime.bigint();
    for (const u of users) feed(u);
    const ms = Number(process.hrtime.bigint() - t) / 1e6 / users.length;
    await settled();
    return { ms, gcMs: (gcMs - gc0) / users.length };
  };
  for (const u of users.slice(0, 10)) feed(u); // warm-up: JIT, the pool, the per-snapshot caches
  const runs: { lent: { ms: number; gcMs: number }[]; fresh: { ms: number; gcMs: number }[] } = { lent: [], fresh: [] };
  for (let r = 0; r < rounds; r++) {
    runs.fresh.push(await time(false));
    runs.lent.push(await time(true));
  }
  observer.disconnect();
  let profile: FunctionTime[] | undefined;
  if (values.profile !== undefined) {
    itemScratch(data, lentPool);
    const top = await profileFunctions(() => {
      for (const u of users) feed(u);
    }, Number(values.profile));
    // Per feed, as the timings above.
    profile = top.map((f) => ({ ...f, selfMs: Math.round((1000 * f.selfMs) / users.length) / 1000 }));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const result = {
    bench: 'feed-arrays',
    scale,
    items: data.numItems,
    users: userCount,
    rounds,
    loadSeconds,
    loadPeakRssMb: Math.round(peakRss / 2 ** 20),
    lentMsPerFeed: median(runs.lent.map((x) => x.ms)),
    freshMsPerFeed: median(runs.fresh.map((x) => x.ms)),
    lentGcMsPerFeed: median(runs.lent.map((x) => x.gcMs)),
    freshGcMsPerFeed: median(runs.fresh.map((x) => x.gcMs)),
    runs,
    ...(profile ? { profile } : {}),
  };
  console.log(
    `scale ${scale}: ${result.items} items; a feed's own work ${result.freshMsPerFeed.toFixed(2)} ms with fresh arrays ` +
      `(collector ${result.freshGcMsPerFeed.toFixed(2)}), ${result.lentMsPerFeed.toFixed(2)} ms with lent ones ` +
      `(collector ${result.lentGcMsPerFeed.toFixed(2)})`,
  );
  for (const f of profile ?? [])
    console.log(`  ${f.selfMs.toFixed(3)} ms a feed (${(100 * f.share).toFixed(1)}%)  ${f.fn}`);
  console.log(JSON.stringify(result));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
