/**
 * `npm run bench:scale`: the cost curve of the service over synthetic worlds of 1× and 10× LastFM
 * (`npm run generate`; 100× with `--scales 1,10,100`), each bulk-loaded (`import -- jsonl --bulk`) into a
 * fresh local Neo4j in data/bench-scale. Per scale: load time and rows/s; PageRank (compute, and the job
 * with projection and write-back); the co-engagement graph the snapshot builds (pipeline/co-engagement.ts:
 * EASE rows where affordable, local EASE past that up to 100k model items, item-kNN beyond); LightGCN seconds per
 * epoch (the embeddings job); embed-media with the hashing encoder; then the service as an operator runs
 * it (child process, FEED_PREWARM=false): snapshot load time and resident memory (bytes per interaction,
 * and the marginal bytes per interaction between scales), cold feed latency (each user's first
 * recommendMedia after the load: p50/p99 over --users users, one request at a time) and warm latency (the
 * same users again), and similarMedia latency (first 20, 200 sampled media, after the feeds). Prints the log–log growth exponent of each cost against interactions between
 * consecutive scales; last line one JSON object. Per service it also reads peak RSS (the kernel's high-water
 * mark) and, from /metrics, the collector's seconds and Neo4j's queries during the cold feeds. The latest
 * 100× service figures of docs/results.md: `npm run bench:scale -- --scales 10,100 --skip
 * lightgcn,pagerank,co-engagement,embed-media --neo4j-heap 4096 --service-heap 6144 --service-semi-space 64
 * --users 500 --reuse --scan candidates` (without --reuse and embed-media in --skip the first time: it loads
 * the world, embeds its media and keeps it; later runs start on it).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseCli } from '../../src/cli/cli-args';
import { loadConfig } from '../../src/config/config';
import { worldSizes, WORLD_DEFAULTS } from '../../src/generate/options';
import { writeWorld } from '../../src/generate/write-world';
import { convertJsonlToCsv, loadFiles } from '../../src/ingest/bulk/jsonl-to-csv';
import { graphFromProjection, trainDataFromGraph } from '../../src/pipeline/graph-data';
import { runJob } from '../../src/jobs/run-job';
import { initBackend } from '../../src/models/backend';
import { chooseCoEngagement, coEngagementGraph } from '../../src/pipeline/co-engagement';
import { createRng } from '../../src/models/random';
import { bulkLoadLocal } from '../../src/store/neo4j/bulk-load';
import { startLocalNeo4j, type LocalNeo4jHandle } from '../../src/store/neo4j/local-neo4j';
import { createDriver } from '../../src/store/neo4j/driver';
import { applySchema } from '../../src/store/neo4j/migrations';
import { createStores } from '../../src/store/neo4j/stores';
import { weighCommentBySentiment } from '../../src/text/sentiment';
import { startChildService } from '../../test/support/child-service';
import { freePort } from '../../test/support/free-port';
import { groupRssMb, latencies, processDelta, processFigures, type Latency, type ProcessFigures } from './scale-probes';

const ROOT = resolve(__dirname, '..', '..');
const DIR = join(ROOT, 'data', 'bench-scale');
const STEPS = ['pagerank', 'co-engagement', 'lightgcn', 'embed-media'] as const;
const USAGE = `usage: npm run bench:scale -- [--scales 1,10] [--users 500] [--epochs 1] [--seed 1] [--skip steps] [--neo4j-heap 2048] [--service-heap mb] [--service-semi-space mb] [--keep] [--reuse] [--scan both]
  --scales <list>   scales to measure, in increasing order (default 1,10; 100 ≈ 9M interactions)
  --users <n>       users whose cold and warm feeds are timed (default 500)
  --epochs <n>      LightGCN epochs timed per scale (default 1)
  --seed <n>        world seed (default ${WORLD_DEFAULTS.seed})
  --skip <list>     offline steps not to time (${STEPS.join(', ')}; e.g. lightgcn at 100× on wasm)
  --neo4j-heap <mb> the local Neo4j's heap (default 2048; at 100× a 2 GB heap stalled past the driver's
                    120 s while the service read its snapshot)
  --service-heap <mb> the service's Node heap (--max-old-space-size; default Node's own, about 4 GB: the
                    100× snapshot needs more, 6144 is enough)
  --service-semi-space <mb> the service's young generation (--max-semi-space-size; default Node's 16: at
                    100× the load's scavenges took 145 s of 546 s in-process, 53 s of 434 s with 64)
  --keep            keep each scale's database in data/bench-scale/db-<scale> (default: removed after)
  --reuse           start on a database kept by an earlier --keep run of the same scale and seed instead
                    of loading it again (its load figures are that run's); implies --keep
  --scan <how>      the service's feeds: candidates (VECTOR_INDEX_MIN_ITEMS=0: candidates from Neo4j's
                    vector indexes, features for them only), catalogue (every item scored), or both
                    (default: the candidate-only service measured, the catalogue scan as its baseline)`;

interface MeasureOptions {
  users: number;
  epochs: number;
  seed: number;
  keep: boolean;
  reuse: boolean;
  skip: Set<string>;
  neo4jHeapMb: number;
  serviceHeapMb: number | null;
  /** The service's young generation (--max-semi-space-size, MB); null: Node's default (16). */
  serviceSemiSpaceMb: number | null;
  scan: 'both' | 'candidates' | 'catalogue';
}

interface ScaleResult extends ServiceFigures {
  scale: number;
  users: number;
  media: number;
  interactions: number;
  follows: number;
  rows: number;
  generateSeconds: number | null;
  load: Record<string, number>;
  pagerankSeconds: number;
  pagerankJobSeconds: number;
  projectSeconds: number;
  coEngagementSeconds: number;
  /** What the snapshot builds on this world: 'ease' or 'item-knn', with its model items. */
  coEngagementModel: string;
  lightgcnSecondsPerEpoch: number;
  embedMediaSeconds: number;
  /** Schema applied and every index online before the service starts (the text vectors' index populating). */
  vectorIndexSeconds: number;
  /** How the measured service's feeds scan: 'candidates' (VECTOR_INDEX_MIN_ITEMS=0) or 'catalogue'. */
  scan: string;
  bytesPerInteraction: number;
  /** The same service with the catalogue scan, with --scan both (the baseline of the same run). */
  catalogueScan?: ServiceFigures;
}

interface ServiceFigures {
  snapshotLoadMs: number;
  serviceRssMb: number;
  /** Highest RSS (each process's high-water mark, summed) by the end of the load, and by the end of the feeds. */
  loadPeakRssMb: number;
  serviceRssAfterFeedsMb: number;
  feedPeakRssMb: number;
  coldFeed: Latency;
  /** The service's heap and external memory after the cold feeds, its GC time and Neo4j queries during them. */
  coldProcess: ProcessFigures;
  warmFeed: Latency;
  /** "More like this" (similarMedia, first 20) of SIMILAR_MEDIA sampled media, after the feeds. */
  similar: Latency;
  /** "vector index lookup failed" log lines (a lookup that fell back to the exact scan). */
  indexWarnings: number;
}

const FEED =
  'query($id: ID!) { recommendMedia(userId: $id, first: 20) { edges { node { score media { id title } reasons { kind label } } } } }';

const SIMILAR =
  'query($id: ID!) { similarMedia(mediaId: $id, first: 20) { edges { node { score media { id } reasons { kind } } } } }';
/** Media whose similarMedia is timed at each scale. */
const SIMILAR_MEDIA = 200;

/** A kept database's marker: the load figures of the run that loaded it. */
const MARKER = 'bench-scale-load.json';

/**
 * The scale's world in a running local Neo4j: bulk-loaded into a fresh database, or with `reuse` the one an
 * earlier `--keep` run of the same world left (its marker says it loaded completely).
 */
async function loadOrReuse(
  scale: number,
  file: string,
  dataDir: string,
  rows: number,
  options: MeasureOptions,
  log: (l: string) => void,
): Promise<{ load: Record<string, number>; neo4j: LocalNeo4jHandle }> {
  const pageCacheMb = Math.min(4096, 256 + Math.round(scale * 100));
  const marker = join(dataDir, MARKER);
  if (options.reuse && existsSync(marker)) {
    const kept = JSON.parse(readFileSync(marker, 'utf8')) as { file: string; load: Record<string, number> };
    if (kept.file !== file) throw new Error(`${dataDir} holds ${kept.file}, not ${file}: run without --reuse`);
    log(`scale ${scale}: reusing the database in ${dataDir} (loaded by an earlier --keep run)`);
    const neo4j = await startLocalNeo4j({ port: await freePort(), dataDir, pageCacheMb, heapMb: options.neo4jHeapMb });
    return { load: { ...kept.load, reused: 1 }, neo4j };
  }
  rmSync(dataDir, { recursive: true, force: true });

  const t0 = Date.now();
  const conversion = await convertJsonlToCsv(file, join(dataDir, 'bulk-csv'), {
    weighComment: weighCommentBySentiment,
  });
  const files = loadFiles(conversion);
  const loaded = await bulkLoadLocal({
    dataDir,
    port: await freePort(),
    pageCacheMb,
    heapMb: options.neo4jHeapMb,
    files,
    arrayDelimiter: conversion.arrayDelimiter,
    emptyTagMedia: conversion.emptyTagMedia,
    keepRunning: true,
    maxOffHeap: '4G',
  });
  rmSync(join(dataDir, 'bulk-csv'), { recursive: true, force: true });
  const loadSeconds = (Date.now() - t0) / 1000;
  const load = {
    seconds: loadSeconds,
    rowsPerSec: Math.round(rows / loadSeconds),
    convertSeconds: conversion.report.seconds,
    adminImportSeconds: loaded.importSeconds,
    startSeconds: loaded.startSeconds,
    schemaSeconds: loaded.schemaSeconds,
  };
  log(
    `scale ${scale}: ${rows} rows loaded in ${loadSeconds.toFixed(1)} s (${load.rowsPerSec} rows/s): ${JSON.stringify(loaded.counts)}`,
  );
  writeFileSync(marker, JSON.stringify({ file, load }));
  return { load, neo4j: loaded.handle! };
}

async function measure(scale: number, options: MeasureOptions, log: (l: string) => void): Promise<ScaleResult> {
  const size = worldSizes({ scale, communitiesAtScale1: WORLD_DEFAULTS.communitiesAtScale1 });
  const file = join(DIR, `world-${scale}-seed${options.seed}.jsonl`);
  let generateSeconds: number | null = null;
  if (!existsSync(file)) {
    const t = Date.now();
    await writeWorld({ scale, seed: options.seed }, file);
    generateSeconds = (Date.now() - t) / 1000;
    log(`generated ${file} in ${generateSeconds.toFixed(1)} s`);
  }
  const dataDir = join(DIR, `db-${scale}`);
  const rows = size.users + size.media + size.follows + size.interactions;
  const { load, neo4j } = await loadOrReuse(scale, file, dataDir, rows, options, log);
  try {
    const config = loadConfig({
      ...process.env,
      NEO4J_URI: neo4j.uri,
      NEO4J_PASSWORD: neo4j.password,
      EMBEDDING_KIND: 'hashing',
      SEED_DEMO: 'false',
    });
    const driver = createDriver({
      uri: neo4j.uri,
      user: 'neo4j',
      password: neo4j.password,
      connectionTimeoutMs: 60_000,
    });
    const stores = createStores(driver);
    // A skipped step reads NaN (null in the JSON).
    let pagerankSeconds = NaN;
    let pagerankJobSeconds = NaN;
    let projectSeconds = NaN;
    let coEngagementSeconds = NaN;
    let coEngagementModel = 'skipped';
    let lightgcnSecondsPerEpoch = NaN;
    let embedMediaSeconds = NaN;
    let vectorIndexSeconds = NaN;
    try {
      let t = Date.now();
      if (!options.skip.has('pagerank')) {
        const pr = (await runJob('pagerank', stores, config, { log })) as {
          users: { seconds: number };
          media: { seconds: number };
          projectSeconds: number;
        };
        pagerankJobSeconds = (Date.now() - t) / 1000;
        pagerankSeconds = pr.users.seconds + pr.media.seconds;
        projectSeconds = pr.projectSeconds;
      }
      if (!options.skip.has('co-engagement')) {
        // The graph the snapshot builds (EASE rows or item-kNN, as the service chooses).
        const train = trainDataFromGraph(graphFromProjection(await stores.graph.project()));
        const chosen = chooseCoEngagement(train);
        if (chosen.model === 'ease') await initBackend();
        t = Date.now();
        coEngagementGraph(train);
        coEngagementSeconds = (Date.now() - t) / 1000;
        coEngagementModel = `${chosen.model} (${chosen.modelItems} model items)`;
      }
      log(
        `PageRank ${pagerankSeconds.toFixed(2)} s (job ${pagerankJobSeconds.toFixed(1)} s); co-engagement ${coEngagementSeconds.toFixed(1)} s (${coEngagementModel})`,
      );
      if (!options.skip.has('lightgcn')) {
        const emb = (await runJob('embeddings', stores, config, { epochs: options.epochs, log })) as {
          trainSeconds: number;
        };
        lightgcnSecondsPerEpoch = emb.trainSeconds / options.epochs;
      }
      if (!options.skip.has('embed-media')) {
        t = Date.now();
        await runJob('embed-media', stores, config, { log });
        embedMediaSeconds = (Date.now() - t) / 1000;
      }
      log(
        `LightGCN ${lightgcnSecondsPerEpoch.toFixed(1)} s/epoch; embed-media (hashing) ${embedMediaSeconds.toFixed(1)} s`,
      );
      // The text vectors' index the candidate-only feed reads (schema 006) populated before any feed is timed.
      if (options.scan !== 'catalogue') {
        const t = Date.now();
        await applySchema(stores.db);
        await stores.db.runAutoCommit('CALL db.awaitIndexes(7200)');
        vectorIndexSeconds = (Date.now() - t) / 1000;
        log(`vector indexes online in ${vectorIndexSeconds.toFixed(1)} s`);
      }
    } finally {
      await driver.close();
    }
    const env = {
      NEO4J_URI: neo4j.uri,
      NEO4J_PASSWORD: neo4j.password,
      FEED_PREWARM: 'false',
      EMBEDDING_KIND: 'hashing',
      ...serviceNodeOptions(options),
    };
    const ids = timedUsers(size.users, options);
    const media = timedMedia(size.media, options);
    // The candidate-only feed (every scale past VECTOR_INDEX_MIN_ITEMS = 0) and, as the baseline of the
    // same run, the catalogue scan (VECTOR_INDEX_MIN_ITEMS above the catalogue).
    const candidates =
      options.scan === 'catalogue'
        ? null
        : await serviceFigures({ ...env, VECTOR_INDEX_MIN_ITEMS: '0' }, ids, media, log);
    const catalogue =
      options.scan === 'candidates'
        ? null
        : await serviceFigures({ ...env, VECTOR_INDEX_MIN_ITEMS: '1000000000' }, ids, media, log);
    const primary = (candidates ?? catalogue)!;
    return {
      scale,
      users: size.users,
      media: size.media,
      interactions: size.interactions,
      follows: size.follows,
      rows,
      generateSeconds,
      load,
      pagerankSeconds,
      pagerankJobSeconds,
      projectSeconds,
      coEngagementSeconds,
      coEngagementModel,
      lightgcnSecondsPerEpoch,
      embedMediaSeconds,
      vectorIndexSeconds,
      scan: candidates ? 'candidates' : 'catalogue',
      ...primary,
      bytesPerInteraction: Math.round((primary.serviceRssMb * 2 ** 20) / size.interactions),
      ...(candidates && catalogue ? { catalogueScan: catalogue } : {}),
    };
  } finally {
    await neo4j.stop();
    if (!options.keep && !options.reuse) rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Users whose feeds are timed: a seeded sample past the first 20 (those warm the service). */
function timedUsers(users: number, options: MeasureOptions): string[] {
  const rng = createRng(options.seed);
  const picked = new Set<number>();
  while (picked.size < Math.min(options.users, users - 20)) picked.add(20 + rng.int(users - 20));
  return [...picked].map((i) => `u${i + 1}`);
}

/** The service's V8 flags (NODE_OPTIONS) from --service-heap and --service-semi-space. */
function serviceNodeOptions(options: MeasureOptions): { NODE_OPTIONS?: string } {
  const flags = [
    ...(options.serviceHeapMb ? [`--max-old-space-size=${options.serviceHeapMb}`] : []),
    ...(options.serviceSemiSpaceMb ? [`--max-semi-space-size=${options.serviceSemiSpaceMb}`] : []),
  ];
  return flags.length ? { NODE_OPTIONS: flags.join(' ') } : {};
}

/** SIMILAR_MEDIA media ids of the world, seeded. */
function timedMedia(media: number, options: MeasureOptions): string[] {
  const rng = createRng(options.seed + 1);
  const picked = new Set<number>();
  while (picked.size < Math.min(SIMILAR_MEDIA, media)) picked.add(rng.int(media));
  return [...picked].map((i) => `m${i + 1}`);
}

/** The service as a child process: snapshot load, RSS, cold then warm feeds of `ids`, similarMedia of `media`. */
async function serviceFigures(
  env: Record<string, string>,
  ids: string[],
  media: string[],
  log: (l: string) => void,
): Promise<ServiceFigures> {
  const service = await startChildService(
    env,
    3_600_000, // the 100× snapshot load was projected at ~43 min from the 10× run
  );
  try {
    const pid = service.process.pid!;
    const loadPeakRssMb = groupRssMb(pid, 'VmHWM');
    const loadedLine = service.logs().find((l) => l.msg === 'serving snapshot loaded');
    const snapshotLoadMs = Number(loadedLine?.ms ?? NaN);
    const serviceRssMb = groupRssMb(pid);
    const url = `${service.url}/graphql`;
    await latencies(
      url,
      FEED,
      Array.from({ length: 20 }, (_, i) => `u${i + 1}`),
    ); // JIT and pools warm, other users
    const before = await processFigures(service.url);
    const coldFeed = await latencies(url, FEED, ids);
    const afterCold = await processFigures(service.url);
    const warmFeed = await latencies(url, FEED, ids);
    const similar = await latencies(url, SIMILAR, media);
    const feedPeakRssMb = groupRssMb(pid, 'VmHWM');
    const serviceRssAfterFeedsMb = groupRssMb(pid);
    const indexWarnings = service.logs().filter((l) => l.msg === 'vector index lookup failed; scanning exactly').length;
    // Where the cold feeds' time went: the collector's and Neo4j's share of it.
    const coldProcess = processDelta(before, afterCold);
    log(
      `VECTOR_INDEX_MIN_ITEMS=${env.VECTOR_INDEX_MIN_ITEMS}: snapshot ${snapshotLoadMs} ms, RSS ${serviceRssMb} MB (load peak ${loadPeakRssMb}) → ${serviceRssAfterFeedsMb} MB (peak ${feedPeakRssMb}); cold feed ${JSON.stringify(coldFeed)} ${JSON.stringify(coldProcess)}, warm ${JSON.stringify(warmFeed)}, similar ${JSON.stringify(similar)}${indexWarnings ? `; ${indexWarnings} index warnings` : ''}`,
    );
    return {
      snapshotLoadMs,
      serviceRssMb,
      loadPeakRssMb,
      serviceRssAfterFeedsMb,
      feedPeakRssMb,
      coldFeed,
      coldProcess,
      warmFeed,
      similar,
      indexWarnings,
    };
  } finally {
    await service.stop();
  }
}

/** The metrics whose growth is reported, and how to read each from a result. */
const METRICS: Record<string, (r: ScaleResult) => number> = {
  loadSeconds: (r) => r.load.seconds!,
  pagerankSeconds: (r) => r.pagerankSeconds,
  coEngagementSeconds: (r) => r.coEngagementSeconds,
  lightgcnSecondsPerEpoch: (r) => r.lightgcnSecondsPerEpoch,
  snapshotLoadMs: (r) => r.snapshotLoadMs,
  serviceRssMb: (r) => r.serviceRssMb,
  vectorIndexSeconds: (r) => r.vectorIndexSeconds,
  coldFeedP50: (r) => r.coldFeed.p50,
  coldFeedP99: (r) => r.coldFeed.p99,
  warmFeedP50: (r) => r.warmFeed.p50,
  warmFeedP99: (r) => r.warmFeed.p99,
  similarP50: (r) => r.similar.p50,
  similarP99: (r) => r.similar.p99,
  catalogueColdFeedP50: (r) => r.catalogueScan?.coldFeed.p50 ?? NaN,
  catalogueColdFeedP99: (r) => r.catalogueScan?.coldFeed.p99 ?? NaN,
  catalogueWarmFeedP50: (r) => r.catalogueScan?.warmFeed.p50 ?? NaN,
  catalogueSimilarP50: (r) => r.catalogueScan?.similar.p50 ?? NaN,
};

async function main(): Promise<void> {
  const options = {
    scales: { type: 'string' },
    users: { type: 'string' },
    epochs: { type: 'string' },
    seed: { type: 'string' },
    skip: { type: 'string' },
    keep: { type: 'boolean' },
    'neo4j-heap': { type: 'string' },
    'service-heap': { type: 'string' },
    'service-semi-space': { type: 'string' },
    reuse: { type: 'boolean' },
    scan: { type: 'string' },
  } as const;
  const { values } = parseCli(process.argv.slice(2), options, USAGE);
  if (values.help) return console.log(USAGE);
  const scales = (values.scales ?? '1,10').split(',').map(Number);
  if (scales.some((s) => !(s > 0)) || scales.some((s, i) => i > 0 && s <= scales[i - 1]!))
    throw new Error(`--scales must be increasing positive numbers (got ${values.scales})`);
  const skip = new Set(
    (values.skip ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  );
  for (const x of skip)
    if (!(STEPS as readonly string[]).includes(x))
      throw new Error(`--skip takes ${STEPS.join(', ')} (got ${x})\n${USAGE}`);
  const o = {
    users: Number(values.users ?? 500),
    epochs: Number(values.epochs ?? 1),
    seed: Number(values.seed ?? WORLD_DEFAULTS.seed),
    keep: values.keep === true,
    skip,
    neo4jHeapMb: Number(values['neo4j-heap'] ?? 2048),
    serviceHeapMb: values['service-heap'] === undefined ? null : Number(values['service-heap']),
    serviceSemiSpaceMb: values['service-semi-space'] === undefined ? null : Number(values['service-semi-space']),
    reuse: values.reuse === true,
    scan: (values.scan ?? 'both') as MeasureOptions['scan'],
  };
  if (!['both', 'candidates', 'catalogue'].includes(o.scan))
    throw new Error(`--scan takes both, candidates or catalogue (got ${values.scan})\n${USAGE}`);
  if (!(Number.isInteger(o.neo4jHeapMb) && o.neo4jHeapMb >= 512))
    throw new Error(`--neo4j-heap must be an integer of at least 512 MB (got ${values['neo4j-heap']})`);
  if (o.serviceHeapMb !== null && !(Number.isInteger(o.serviceHeapMb) && o.serviceHeapMb >= 512))
    throw new Error(`--service-heap must be an integer of at least 512 MB (got ${values['service-heap']})`);
  if (o.serviceSemiSpaceMb !== null && !(Number.isInteger(o.serviceSemiSpaceMb) && o.serviceSemiSpaceMb >= 1))
    throw new Error(`--service-semi-space must be a positive integer (MB) (got ${values['service-semi-space']})`);
  const log = (l: string): void => console.error(`[bench:scale] ${l}`);
  const results: ScaleResult[] = [];
  for (const scale of scales) results.push(await measure(scale, o, log));

  const exponents: Record<string, number[]> = {};
  for (const [name, get] of Object.entries(METRICS)) {
    exponents[name] = results.slice(1).map((r, i) => {
      const a = results[i]!;
      return Number((Math.log(get(r) / get(a)) / Math.log(r.interactions / a.interactions)).toFixed(2));
    });
  }
  const marginal = results
    .slice(1)
    .map((r, i) =>
      Math.round(((r.serviceRssMb - results[i]!.serviceRssMb) * 2 ** 20) / (r.interactions - results[i]!.interactions)),
    );
  console.log(
    `| metric | ${results.map((r) => `${r.scale}×`).join(' | ')} | growth exponent |\n|---|${results.map(() => '---|').join('')}---|`,
  );
  for (const [name, get] of Object.entries(METRICS)) {
    console.log(
      `| ${name} | ${results.map((r) => Number(get(r).toFixed(2))).join(' | ')} | ${exponents[name]!.join(', ')} |`,
    );
  }
  console.log(`marginal service memory: ${marginal.join(', ')} bytes per interaction`);
  console.log(
    JSON.stringify({
      bench: 'scale',
      seed: o.seed,
      users: o.users,
      epochs: o.epochs,
      results,
      exponents,
      marginalBytesPerInteraction: marginal,
    }),
  );
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exitCode = 1;
});
