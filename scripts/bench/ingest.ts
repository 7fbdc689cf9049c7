/**
 * `npm run bench:ingest`: imports LastFM into a fresh local Neo4j with our importer (validation,
 * reference checks, idempotent upserts and event aggregation), then loads the same rows with bare
 * UNWIND Cypher into another fresh database, and compares throughput. Last line: one JSON object.
 * Set LASTFM_DIR to point elsewhere than ../shared/data/lastfm-2k.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Importer } from '../../src/ingest/importer';
import { readLastfm } from '../../src/ingest/lastfm-source';
import { IMPORT_ORDER, type ImportBatchSource, type ImportEntity } from '../../src/ingest/records';
import { createDriver } from '../../src/store/neo4j/driver';
import { startLocalNeo4j } from '../../src/store/neo4j/local-neo4j';
import { applySchema } from '../../src/store/neo4j/migrations';
import { createStores, type Stores } from '../../src/store/neo4j/stores';
import { freePort } from '../../test/support/free-port';

const DIR = process.env.LASTFM_DIR ?? resolve(__dirname, '..', '..', '..', 'shared', 'data', 'lastfm-2k');
const BATCH = 5000;
const BARE: Record<ImportEntity, string> = {
  user: 'bare-users', media: 'bare-media', follow: 'bare-follows', interaction: 'bare-interactions', tag: 'bare-tags',
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

async function main(): Promise<void> {
  const source = readLastfm(DIR);
  const total = (e: ImportEntity): number => source.records.get(e)?.length ?? 0;
  const rowsAll = IMPORT_ORDER.reduce((s, e) => s + total(e), 0);

  const ours: Record<string, number> = {};
  const importSeconds = await withFreshDb(async (stores) => {
    const marks = new Map<ImportEntity, number>();
    const started = Date.now();
    await new Importer(stores).run(source, {
      batchSize: BATCH,
      onProgress: (entity, done, n) => {
        if (done === 0) marks.set(entity, Date.now());
        if (done === n) ours[entity] = Math.round(total(entity) / Math.max(1e-3, (Date.now() - (marks.get(entity) as number)) / 1000));
      },
    });
    return (Date.now() - started) / 1000;
  });

  const bare: Record<string, number> = {};
  const bareSeconds = await withFreshDb(async (stores) => {
    const started = Date.now();
    for (const entity of IMPORT_ORDER) {
      const statement = readFileSync(join(__dirname, '..', '..', 'cypher', 'bench', `${BARE[entity]}.cypher`), 'utf8');
      const rows = bareRows(source, entity);
      const t0 = Date.now();
      for (let i = 0; i < rows.length; i += BATCH) {
        await stores.db.driver.executeQuery(statement, { rows: rows.slice(i, i + BATCH) });
      }
      bare[entity] = Math.round(rows.length / Math.max(1e-3, (Date.now() - t0) / 1000));
    }
    return (Date.now() - started) / 1000;
  });

  const importRowsPerSec = Math.round(rowsAll / importSeconds);
  const bareRowsPerSec = Math.round(rowsAll / bareSeconds);
  console.log('| entity | rows | import rows/s | bare rows/s |\n|---|---|---|---|');
  for (const e of IMPORT_ORDER) console.log(`| ${e} | ${total(e)} | ${ours[e] ?? '-'} | ${bare[e]} |`);
  console.log(JSON.stringify({
    bench: 'ingest', dataset: 'lastfm-2k', rows: rowsAll, batchSize: BATCH,
    importSeconds, bareSeconds, importRowsPerSec, bareRowsPerSec,
    ratio: Number((importRowsPerSec / bareRowsPerSec).toFixed(3)), perEntity: { import: ours, bare },
  }));
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exitCode = 1;
});
