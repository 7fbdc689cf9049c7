/**
 * `npm run bench:ingest`: imports LastFM into a fresh local Neo4j with our importer (validation,
 * reference checks, idempotent upserts and event aggregation), then loads the same rows with bare
 * UNWIND Cypher into another fresh database, then through the bulk path (the same rows as JSONL →
 * CSV → neo4j-admin import → constraints and indexes; `import -- jsonl --bulk`) into a third, and
 * compares throughput. Last line: one JSON object.
 * Set LASTFM_DIR to point elsewhere than ../shared/data/lastfm-2k; `--file world.jsonl` benches a JSONL
 * file instead (e.g. from `npm run generate`), `--phases online,bare,bulk` picks the loads to run. The
 * bulk path also reports its CPU seconds (the conversion's, and neo4j-admin's with the database's);
 * `--profile N` runs the conversion under V8's sampling profiler and reports its N functions with the most
 * self time (cpu-profile.ts).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseCli } from '../../src/cli/cli-args';
import { convertJsonlToCsv, loadFiles } from '../../src/ingest/bulk/jsonl-to-csv';
import { Importer } from '../../src/ingest/importer';
import { readJsonl } from '../../src/ingest/jsonl-source';
import { readLastfm } from '../../src/ingest/lastfm-source';
import { IMPORT_ORDER, type ImportBatchSource, type ImportEntity } from '../../src/ingest/records';
import { createDriver } from '../../src/store/neo4j/driver';
import { bulkLoadLocal } from '../../src/store/neo4j/bulk-load';
import { startLocalNeo4j } from '../../src/store/neo4j/local-neo4j';
import { applySchema } from '../../src/store/neo4j/migrations';
import { createStores, type Stores } from '../../src/store/neo4j/stores';
import { weighCommentBySentiment } from '../../src/text/sentiment';
import { freePort } from '../../test/support/free-port';
import { maybeProfiled, type FunctionTime } from './cpu-profile';

const DIR = process.env.LASTFM_DIR ?? resolve(__dirname, '..', '..', '..', 'shared', 'data', 'lastfm-2k');
const BATCH = 5000;
const BARE: Record<ImportEntity, string> = {
  user: 'bare-users',
  media: 'bare-media',
  follow: 'bare-follows',
  interaction: 'bare-interactions',
  tag: 'bare-tags',
};

async function withFreshDb<T>(work: (stores: Stores) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-ingest-'));
  const neo4j = await startLocalNeo4j({ port: await freePort(), dataDir, pageCacheMb: 512, heapMb: 2048 });
  const driver = createDriver({ uri: neo4j.uri, user: 'neo4j', password: neo4j.password, connectionTimeoutMs: 60_000 });
  try {
    const stores = createStores(driver);
    await applySchema(stores.db);
    return await work(stores);
  } finally {
    await driver.close();
    await neo4j.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The rows as the bare load gets them: already clean, already shaped, no validation or checks. */
function bareRows(source: ImportBatchSource, entity: ImportEntity): Record<string, unknown>[] {
  return (source.records.get(entity) ?? []).map((r) => {
    const d = r.data;
    if (entity === 'tag') return { ...d, tag: String(d.tag).toLowerCase() };
    if (entity === 'media') return { ...d, tags: d.tags ?? [] };
    return d;
  });
}

const USAGE = 'usage: npm run bench:ingest -- [--file world.jsonl] [--phases online,bare,bulk] [--profile 20]';
const PHASES = ['online', 'bare', 'bulk'] as const;

/** The source as JSONL lines (what the bulk path reads), in write order. */
function toJsonl(source: ImportBatchSource, file: string): void {
  const lines: string[] = [];
  for (const e of IMPORT_ORDER)
    for (const r of source.records.get(e) ?? []) lines.push(JSON.stringify({ entity: e, ...r.data }));
  writeFileSync(file, lines.join('\n') + '\n');
}

/**
 * CPU seconds so far: this process's own (every thread), and its ended child processes' (neo4j-admin, and
 * the database once stopped) from /proc (Linux; NaN elsewhere).
 */
function cpuSeconds(): { own: number; children: number } {
  const { user, system } = process.cpuUsage();
  let children = NaN;
  try {
    // Fields after the command's closing parenthesis: cutime and cstime are the 14th and 15th.
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    children = (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS;
  } catch {
    // not Linux
  }
  return { own: (user + system) / 1e6, children };
}
/** Linux's USER_HZ, the unit of /proc's CPU times (`getconf CLK_TCK`). */
const CLOCK_TICKS = 100;

/**
 * JSONL → CSV → neo4j-admin import into a fresh folder → constraints and indexes; seconds of each step,
 * and the CPU seconds of the conversion (this process) and of neo4j-admin plus the database (children).
 */
async function bulkLoad(
  file: string,
  profileTop?: number,
): Promise<{ figures: Record<string, number>; rows: number; profile?: FunctionTime[] }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-ingest-bulk-'));
  try {
    const started = Date.now();
    const cpu0 = cpuSeconds();
    // Sampled every 500 µs when profiled: the conversion's own figures then include the profiler's small overhead.
    const { result: conversion, profile } = await maybeProfiled(
      () => convertJsonlToCsv(file, join(dataDir, 'bulk-csv'), { weighComment: weighCommentBySentiment }),
      profileTop,
      500,
    );
    const cpu1 = cpuSeconds();
    let adminCpu = NaN;
    const files = loadFiles(conversion);
    const loaded = await bulkLoadLocal({
      dataDir,
      port: await freePort(),
      pageCacheMb: 512,
      heapMb: 2048,
      files,
      arrayDelimiter: conversion.arrayDelimiter,
      emptyTagMedia: conversion.emptyTagMedia,
      // neo4j-admin has ended (the database is counted once stopped).
      onImported: () => {
        adminCpu = cpuSeconds().children - cpu1.children;
      },
    });
    const cpu2 = cpuSeconds();
    const figures = {
      seconds: (Date.now() - started) / 1000,
      convertSeconds: conversion.report.seconds,
      convertCpuSeconds: cpu1.own - cpu0.own,
      adminCpuSeconds: adminCpu,
      neo4jCpuSeconds: cpu2.children - cpu1.children,
      loadOwnCpuSeconds: cpu2.own - cpu1.own,
      adminImportSeconds: loaded.importSeconds,
      startSeconds: loaded.startSeconds,
      schemaSeconds: loaded.schemaSeconds,
      fixupSeconds: loaded.fixupSeconds,
      engagements: loaded.counts.engagements,
      interactions: loaded.counts.interactions,
      follows: loaded.counts.follows,
    };
    const rows = Object.values(conversion.report.entities).reduce((n, e) => n + e.read, 0);
    return { figures, rows, ...(profile ? { profile } : {}) };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseCli(
    process.argv.slice(2),
    { file: { type: 'string' }, phases: { type: 'string' }, profile: { type: 'string' } },
    USAGE,
  );
  if (values.help) return console.log(USAGE);
  const phases = new Set((values.phases ?? PHASES.join(',')).split(',').map((p) => p.trim()));
  for (const p of phases)
    if (!(PHASES as readonly string[]).includes(p))
      throw new Error(`--phases takes ${PHASES.join(', ')} (got ${p})\n${USAGE}`);
  // A file loaded by the bulk path alone is not read into memory here (the 100× world is 2.3 GB): its
  // rows are counted by the conversion.
  const bulkOnly = values.file !== undefined && !phases.has('online') && !phases.has('bare');
  const source = bulkOnly ? null : values.file ? await readJsonl(values.file) : readLastfm(DIR);
  const dataset = values.file ?? 'lastfm-2k';
  const total = (e: ImportEntity): number => source?.records.get(e)?.length ?? 0;
  let rowsAll = IMPORT_ORDER.reduce((s, e) => s + total(e), 0);

  const ours: Record<string, number> = {};
  const importSeconds = !phases.has('online')
    ? NaN
    : await withFreshDb(async (stores) => {
        const marks = new Map<ImportEntity, number>();
        const started = Date.now();
        await new Importer(stores).run(source!, {
          batchSize: BATCH,
          onProgress: (entity, done, n) => {
            if (done === 0) marks.set(entity, Date.now());
            if (done === n)
              ours[entity] = Math.round(
                total(entity) / Math.max(1e-3, (Date.now() - (marks.get(entity) as number)) / 1000),
              );
          },
        });
        return (Date.now() - started) / 1000;
      });

  const bare: Record<string, number> = {};
  const bareSeconds = !phases.has('bare')
    ? NaN
    : await withFreshDb(async (stores) => {
        const started = Date.now();
        for (const entity of IMPORT_ORDER) {
          const statement = readFileSync(
            join(__dirname, '..', '..', 'cypher', 'bench', `${BARE[entity]}.cypher`),
            'utf8',
          );
          const rows = bareRows(source!, entity);
          const t0 = Date.now();
          for (let i = 0; i < rows.length; i += BATCH) {
            await stores.db.driver.executeQuery(statement, { rows: rows.slice(i, i + BATCH) });
          }
          bare[entity] = Math.round(rows.length / Math.max(1e-3, (Date.now() - t0) / 1000));
        }
        return (Date.now() - started) / 1000;
      });

  let bulk: Record<string, number> | null = null;
  let conversionProfile: FunctionTime[] | undefined;
  if (phases.has('bulk')) {
    const dir = mkdtempSync(join(tmpdir(), 'bench-ingest-jsonl-'));
    try {
      let file = values.file;
      if (!file) {
        file = join(dir, 'source.jsonl');
        toJsonl(source!, file);
      }
      const loaded = await bulkLoad(file, values.profile === undefined ? undefined : Number(values.profile));
      bulk = loaded.figures;
      conversionProfile = loaded.profile;
      if (bulkOnly) rowsAll = loaded.rows;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const importRowsPerSec = Math.round(rowsAll / importSeconds);
  const bareRowsPerSec = Math.round(rowsAll / bareSeconds);
  const bulkRowsPerSec = bulk ? Math.round(rowsAll / bulk.seconds!) : NaN;
  if (source) {
    console.log('| entity | rows | import rows/s | bare rows/s |\n|---|---|---|---|');
    for (const e of IMPORT_ORDER) console.log(`| ${e} | ${total(e)} | ${ours[e] ?? '-'} | ${bare[e] ?? '-'} |`);
  }
  if (bulk) {
    console.log(
      `bulk: ${rowsAll} rows in ${bulk.seconds!.toFixed(1)} s = ${bulkRowsPerSec} rows/s (convert ${bulk.convertSeconds!.toFixed(1)} s, ` +
        `neo4j-admin ${bulk.adminImportSeconds!.toFixed(1)} s, start ${bulk.startSeconds!.toFixed(1)} s, schema ${bulk.schemaSeconds!.toFixed(1)} s; ` +
        `CPU: conversion ${bulk.convertCpuSeconds!.toFixed(1)} s, neo4j-admin ${bulk.adminCpuSeconds!.toFixed(1)} s, with the database ${bulk.neo4jCpuSeconds!.toFixed(1)} s)`,
    );
  }
  for (const f of conversionProfile ?? [])
    console.log(`  conversion: ${f.selfMs.toFixed(0)} ms (${(100 * f.share).toFixed(1)}%)  ${f.fn}`);
  const num = (x: number): number | null => (Number.isFinite(x) ? x : null);
  console.log(
    JSON.stringify({
      bench: 'ingest',
      dataset,
      rows: rowsAll,
      batchSize: BATCH,
      importSeconds: num(importSeconds),
      bareSeconds: num(bareSeconds),
      importRowsPerSec: num(importRowsPerSec),
      bareRowsPerSec: num(bareRowsPerSec),
      ratio: num(Number((importRowsPerSec / bareRowsPerSec).toFixed(3))),
      perEntity: { import: ours, bare },
      bulkRowsPerSec: num(bulkRowsPerSec),
      bulkVsImport: num(Number((bulkRowsPerSec / importRowsPerSec).toFixed(2))),
      bulk,
      ...(conversionProfile ? { conversionProfile } : {}),
    }),
  );
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exitCode = 1;
});
