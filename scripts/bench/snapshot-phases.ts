/**
 * `npm run bench:snapshot-phases -- --scale 10`: when each part of a serving snapshot's load runs and what
 * the process holds then, on a world an earlier `npm run bench:scale -- --scales N --keep` left in
 * data/bench-scale/db-N. Every Neo4j stream's start and end (projection queries, text vectors, context
 * counts) is logged with the seconds since the load began, RSS, the kernel's high-water mark, and the JS
 * heap and external memory, and the main thread's collector seconds by kind at the load's end; RSS is
 * also sampled every 0.5 s (the samples stop while a synchronous build holds the thread: the high-water
 * mark at the next line covers them). The main thread's gaps between
 * the streams are the builds (interaction graph, then after the last stream the item graphs' end and
 * buildServingData). After the load it times what the service does next without a trained ranker: the
 * default ranker's feature statistics (DefaultRankerSource: DEFAULT_RANKER_SAMPLE_USERS users' requests),
 * both as the service measures them (past VECTOR_INDEX_MIN_ITEMS candidate-only requests with Neo4j's index
 * lookups, recommend/candidate-indexes.ts; catalogue scans below it) and, as the baseline, on catalogue-scan
 * requests in one piece (what the service measured before). Run it with the service's heap for comparable
 * peaks (`--max-old-space-size`, as the npm script passes 6144). With `--reload` the snapshot is then
 * loaded a second time as the service reloads it (the first one serving meanwhile: its unchanged text
 * vectors are kept, pipeline/item-text.ts), timed with its phases, and its content rows compared with the
 * first load's (equal, and whether they are the very same rows). Last line one JSON object.
 */
import { readFileSync } from 'node:fs';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { parseCli } from '../../src/cli/cli-args';
import { loadConfig } from '../../src/config/config';
import { CandidateIndexes } from '../../src/recommend/candidate-indexes';
import { DefaultRankerSource } from '../../src/recommend/default-ranker-source';
import { loadSnapshot } from '../../src/recommend/snapshot';
import { loadKeptSnapshot } from './kept-snapshot';

const USAGE = 'usage: npm run bench:snapshot-phases -- [--scale 10] [--reload]';
const mb = (kb: number): number => Math.round(kb / 1024);

interface Memory {
  rssMb: number;
  hwmMb: number;
  heapMb: number;
  externalMb: number;
}

function memory(): Memory {
  const status = readFileSync('/proc/self/status', 'utf8');
  const kb = (key: string): number => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  const u = process.memoryUsage();
  return {
    rssMb: mb(kb('VmRSS')),
    hwmMb: mb(kb('VmHWM')),
    heapMb: mb(u.heapUsed / 1024),
    externalMb: mb(u.external / 1024),
  };
}

async function main(): Promise<void> {
  const { values } = parseCli(
    process.argv.slice(2),
    { scale: { type: 'string' }, reload: { type: 'boolean' } } as const,
    USAGE,
  );
  if (values.help) return console.log(USAGE);
  const scale = Number(values.scale ?? 10);
  let t0 = 0;
  const events: ({ at: number; event: string } & Memory)[] = [];
  const samples: { at: number; rssMb: number }[] = [];
  const mark = (event: string): void => {
    const e = { at: (Date.now() - t0) / 1000, event, ...memory() };
    events.push(e);
    console.log(
      `${e.at.toFixed(1).padStart(7)} s  ${event.padEnd(44)} rss ${e.rssMb}  peak ${e.hwmMb}  heap ${e.heapMb}  external ${e.externalMb} MB`,
    );
  };
  // The main thread's collector during the load, by kind (the item-graph worker's own heap is not seen).
  const gcMs = { minor: 0, major: 0, incremental: 0, weakcb: 0 };
  const kinds: Record<number, keyof typeof gcMs> = {
    [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
    [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
    [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
    [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
  };
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = kinds[(e as { detail?: { kind?: number } }).detail?.kind ?? -1];
      if (kind && t0) gcMs[kind] += e.duration;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const gcSeconds = () => Object.fromEntries(Object.entries(gcMs).map(([k, v]) => [k, Number((v / 1000).toFixed(2))]));
  const timer = setInterval(() => t0 && samples.push({ at: (Date.now() - t0) / 1000, rssMb: memory().rssMb }), 500);
  const large = scale >= 100;
  let servedStatsSeconds = NaN;
  let loadGcSeconds: Record<string, number> = {};
  let candidateOnly = false;
  const reload: {
    seconds?: number;
    gcSeconds?: Record<string, number>;
    contentEqual?: boolean;
    contentShared?: boolean;
  } = {};
  const { snapshot, loadSeconds } = await loadKeptSnapshot(
    scale,
    { heapMb: large ? 4096 : 2048, pageCacheMb: large ? 4096 : 1024 },
    (stores) => {
      const db = stores.db;
      const stream = db.stream.bind(db);
      db.stream = async (name, params, onRow, fetchSize) => {
        mark(`start ${name}`);
        const n = await stream(name, params, onRow, fetchSize);
        mark(`end ${name} (${n} rows)`);
        return n;
      };
      t0 = Date.now();
    },
    async (stores, snap, model) => {
      mark(`load end (collector s: ${JSON.stringify(gcSeconds())})`);
      loadGcSeconds = gcSeconds();
      // The statistics as start-serving measures them, with the service's index lookups.
      const indexes = new CandidateIndexes({
        minItems: loadConfig({}).vectorIndexMinItems,
        vectorSearch: (vector, k) => stores.graph.nearestMedia(vector, k),
        textSearch: (vector, k) => stores.content.nearestMediaByText(model, vector, k),
        onIndexError: (index, error) => console.error(`${index} index lookup failed: ${String(error)}`),
      });
      candidateOnly = indexes.large(snap.data);
      const t = Date.now();
      await new DefaultRankerSource().measure(snap.data, {
        requestOptions: (request, now) => indexes.rankOptions(snap, request, now),
      });
      servedStatsSeconds = (Date.now() - t) / 1000;
      mark(`default ranker's statistics as served (${servedStatsSeconds} s, candidate-only ${candidateOnly})`);
      if (!values.reload) return;
      const gcBefore = { ...gcMs };
      const r = Date.now();
      mark('reload start');
      const next = await loadSnapshot(stores.graph, stores.content, model, 2, undefined, snap);
      reload.seconds = (Date.now() - r) / 1000;
      reload.gcSeconds = Object.fromEntries(
        Object.entries(gcMs).map(([k, v]) => [k, Number(((v - gcBefore[k as keyof typeof gcMs]) / 1000).toFixed(2))]),
      );
      const a = snap.data.content?.items;
      const b = next.data.content?.items;
      reload.contentShared = !!a && a === b;
      reload.contentEqual = !!a && !!b && a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
      mark(
        `reload end (${reload.seconds} s; content rows equal: ${reload.contentEqual}, the same rows: ${reload.contentShared})`,
      );
    },
  );
  const t = Date.now();
  new DefaultRankerSource().forData(snapshot.data);
  const defaultRankerSeconds = (Date.now() - t) / 1000;
  mark(`default ranker's statistics by catalogue scans (${defaultRankerSeconds} s)`);
  clearInterval(timer);
  observer.disconnect();
  const peak = samples.reduce((best, s) => (s.rssMb > best.rssMb ? s : best), { at: 0, rssMb: 0 });
  console.log(
    JSON.stringify({
      bench: 'snapshot-phases',
      scale,
      loadSeconds,
      defaultRankerSeconds,
      servedStatsSeconds,
      candidateOnly,
      loadGcSeconds,
      ...(values.reload ? { reload } : {}),
      events,
      sampledPeak: peak,
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
