/**
 * `npm run import -- jsonl <file> --bulk`: the initial load of an empty local Neo4j through Neo4j's
 * offline importer (ingest/bulk/jsonl-to-csv.ts → store/neo4j/bulk-load.ts), the same graph as the online
 * import at many times its speed. Refuses a database that holds anything, and NEO4J_URI (a server's files
 * are not ours to write; run neo4j-admin there). A local Neo4j left running by `npm run neo4j:start` is
 * stopped for the load and started again after.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../config/config';
import { badRowsJsonl, withRowText } from '../ingest/bad-rows';
import { convertJsonlToCsv, loadFiles } from '../ingest/bulk/jsonl-to-csv';
import { IMPORT_ORDER } from '../ingest/records';
import { DatabaseNotEmptyError, bulkLoadLocal, localNodeCount } from '../store/neo4j/bulk-load';
import { createDriver } from '../store/neo4j/driver';
import { localPassword, readPid, removePid, startLocalNeo4j, stopPid, writePid } from '../store/neo4j/local-neo4j';
import { createStores } from '../store/neo4j/stores';
import { weighCommentBySentiment } from '../text/sentiment';
import { UsageError } from './cli-args';

export interface BulkFlags {
  report?: string;
  strict?: boolean;
  threads?: number;
}

async function runningNodeCount(port: number, dataDir: string): Promise<number> {
  const driver = createDriver({
    uri: `bolt://127.0.0.1:${port}`,
    user: 'neo4j',
    password: localPassword(dataDir),
    connectionTimeoutMs: 30_000,
  });
  try {
    return (await createStores(driver).db.read('admin/node-count'))[0]!.nodes as number;
  } finally {
    await driver.close();
  }
}

export async function bulkImportJsonl(file: string, flags: BulkFlags = {}): Promise<number> {
  const config = loadConfig();
  if (config.neo4j.uri) {
    throw new UsageError(
      '--bulk',
      `--bulk loads the local embedded Neo4j offline and cannot write to NEO4J_URI (${config.neo4j.uri}); unset NEO4J_URI, or use the online import`,
    );
  }
  const { dataDir, boltPort: port } = config.neo4j;
  const log = (line: string): void => console.error(line);
  const running = readPid(dataDir);
  const nodes = running !== null ? await runningNodeCount(port, dataDir) : await localNodeCount({ dataDir, port, log });
  if (nodes > 0) throw new DatabaseNotEmptyError(nodes, dataDir);

  const started = Date.now();
  const csvDir = join(resolve(dataDir), 'bulk-csv');
  log(`Converting ${file} to CSV in ${csvDir}...`);
  const conversion = await convertJsonlToCsv(file, csvDir, {
    weighComment: weighCommentBySentiment,
    onProgress: (pass, lines) => log(`  pass ${pass}: ${lines} lines`),
  });
  const { report } = conversion;
  const rows = IMPORT_ORDER.reduce((s, e) => s + report.entities[e].read, 0);
  log(`Converted ${rows} rows in ${report.seconds.toFixed(1)} s`);
  if (report.bad.length > 0) {
    console.log(`${report.bad.length} rows were rejected; the first ones:`);
    for (const b of report.bad.slice(0, 20)) console.log(`  ${b.file}:${b.line} (${b.entity}) ${b.message}`);
    if (flags.report) {
      writeFileSync(flags.report, badRowsJsonl(await withRowText(report.bad)));
      console.log(`All rejected rows: ${flags.report}`);
    }
    if (flags.strict) {
      rmSync(csvDir, { recursive: true, force: true });
      console.error(`error: --strict: ${report.bad.length} rows were rejected; nothing was imported`);
      return 1;
    }
  }

  if (running !== null) {
    log(`Stopping the local Neo4j (pid ${running}) for the offline load; it is started again after.`);
    await stopPid(running);
    removePid(dataDir);
  }
  try {
    const files = loadFiles(conversion);
    const loaded = await bulkLoadLocal({
      dataDir,
      port,
      files,
      arrayDelimiter: conversion.arrayDelimiter,
      emptyTagMedia: conversion.emptyTagMedia,
      log,
      ...(flags.threads ? { threads: flags.threads } : {}),
    });
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `\nBulk-imported ${file} in ${seconds.toFixed(1)} s (${Math.round(rows / seconds)} rows/s): convert ${report.seconds.toFixed(1)} s, neo4j-admin import ${loaded.importSeconds.toFixed(1)} s, start ${loaded.startSeconds.toFixed(1)} s, constraints and indexes ${loaded.schemaSeconds.toFixed(1)} s`,
    );
    console.table(report.entities);
    console.log('Database now holds:', loaded.counts);
  } finally {
    rmSync(csvDir, { recursive: true, force: true });
    if (running !== null) {
      const handle = await startLocalNeo4j({ port, dataDir, detached: true, log });
      writePid(dataDir, handle.pid);
      log(`Local Neo4j started again (pid ${handle.pid}) at ${handle.uri}`);
    }
  }
  return flags.strict && report.bad.length > 0 ? 1 : 0;
}
