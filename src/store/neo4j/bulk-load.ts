/**
 * Initial load of the embedded Neo4j through the offline importer (admin-import.ts): refuses a database
 * that holds anything, builds the store from CSV with no Neo4j running, then starts it, creates the
 * constraints and indexes (cypher/schema, built once over the loaded data instead of maintained per
 * write), sets what CSV cannot say (empty tag lists), and reports the counts and time of each step.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppError } from '../../domain/errors';
import { runAdminImport, type ImportFile } from './admin-import';
import type { GraphCounts } from '../../domain/ports';
import { loadSchemaStatements } from './cypher-registry';
import { createDriver } from './driver';
import { startLocalNeo4j, type LocalNeo4jHandle } from './local-neo4j';
import { createStores } from './stores';

export interface LocalDatabase {
  dataDir: string;
  port: number;
  pageCacheMb?: number;
  heapMb?: number;
  log?: (line: string) => void;
}

export interface BulkLoadOptions extends LocalDatabase {
  files: readonly ImportFile[];
  arrayDelimiter: string;
  emptyTagMedia: readonly string[];
  threads?: number;
  importHeapMb?: number;
  maxOffHeap?: string;
  /** Leave the database running and return its handle (default: stop it). */
  keepRunning?: boolean;
  /** Called when neo4j-admin has ended, before the database starts (a bench reads its CPU time then). */
  onImported?: () => void;
}

export interface BulkLoadResult {
  /** neo4j-admin import: CSV to store files. */
  importSeconds: number;
  startSeconds: number;
  /** Constraints and indexes built over the loaded data. */
  schemaSeconds: number;
  fixupSeconds: number;
  seconds: number;
  summary: string;
  counts: GraphCounts;
  handle?: LocalNeo4jHandle;
}

export class DatabaseNotEmptyError extends AppError {
  constructor(nodes: number, dataDir: string) {
    super(
      'CONFLICT',
      `a bulk load goes only into an empty database: ${dataDir} holds ${nodes} nodes (use the online import, or another NEO4J_DATA_DIR)`,
      { nodes, dataDir },
    );
    this.name = 'DatabaseNotEmptyError';
  }
}

async function withLocal<T>(
  db: LocalDatabase,
  work: (stores: ReturnType<typeof createStores>, handle: LocalNeo4jHandle) => Promise<T>,
  keep = false,
): Promise<T> {
  const handle = await startLocalNeo4j({
    port: db.port,
    dataDir: db.dataDir,
    pageCacheMb: db.pageCacheMb ?? 512,
    heapMb: db.heapMb ?? 1024,
    ...(db.log ? { log: db.log } : {}),
  });
  const driver = createDriver({
    uri: handle.uri,
    user: 'neo4j',
    password: handle.password,
    connectionTimeoutMs: 60_000,
  });
  let ok = false;
  try {
    const result = await work(createStores(driver), handle);
    ok = true;
    return result;
  } finally {
    await driver.close();
    if (!keep || !ok) await handle.stop();
  }
}

/** The number of nodes in the local database (0 when it was never created), starting it for the check. */
export async function localNodeCount(db: LocalDatabase): Promise<number> {
  if (!existsSync(join(resolve(db.dataDir), 'data', 'databases', 'neo4j'))) return 0;
  return withLocal(db, async (stores) => (await stores.db.read('admin/node-count'))[0]!.nodes as number);
}

/** Loads the files into the local database, which must be stopped and empty (see localNodeCount). */
export async function bulkLoadLocal(options: BulkLoadOptions): Promise<BulkLoadResult> {
  const started = Date.now();
  options.log?.('Running neo4j-admin database import full...');
  const imported = await runAdminImport({
    dataDir: options.dataDir,
    files: options.files,
    arrayDelimiter: options.arrayDelimiter,
    ...(options.threads ? { threads: options.threads } : {}),
    ...(options.importHeapMb ? { heapMb: options.importHeapMb } : {}),
    ...(options.maxOffHeap ? { maxOffHeap: options.maxOffHeap } : {}),
  });
  options.log?.(imported.summary);
  options.onImported?.();
  const t1 = Date.now();
  let schemaSeconds = 0;
  let fixupSeconds = 0;
  let startSeconds = 0;
  let handle: LocalNeo4jHandle | undefined;
  const counts = await withLocal(
    options,
    async (stores, h) => {
      handle = h;
      startSeconds = (Date.now() - t1) / 1000;
      const t2 = Date.now();
      options.log?.('Creating constraints and indexes over the loaded data...');
      for (const statement of loadSchemaStatements()) await stores.db.runAutoCommit(statement);
      await stores.db.runAutoCommit('CALL db.awaitIndexes(86400)');
      schemaSeconds = (Date.now() - t2) / 1000;
      const t3 = Date.now();
      for (let i = 0; i < options.emptyTagMedia.length; i += 10_000) {
        await stores.db.write('media/set-empty-tags', { ids: options.emptyTagMedia.slice(i, i + 10_000) });
      }
      fixupSeconds = (Date.now() - t3) / 1000;
      return stores.admin.counts();
    },
    options.keepRunning === true,
  );
  return {
    importSeconds: imported.seconds,
    startSeconds,
    schemaSeconds,
    fixupSeconds,
    seconds: (Date.now() - started) / 1000,
    summary: imported.summary,
    counts,
    ...(options.keepRunning && handle ? { handle } : {}),
  };
}
