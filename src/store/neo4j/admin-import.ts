/**
 * Neo4j's offline bulk importer (`neo4j-admin database import full`, class org.neo4j.cli.AdminTool from
 * neo4j-import-tool, already among the launcher's Maven dependencies) run on the embedded database's
 * folder while no Neo4j runs there. It builds the store files directly from CSV, with no transactions:
 * the fast path for an initial load. The database's previous files are replaced (--overwrite-destination):
 * callers check that it was empty first (bulk-load.ts).
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureBuilt, LAUNCHER_DIR } from './local-neo4j';

export interface ImportFile {
  kind: 'nodes' | 'relationships';
  /** Node label or relationship type. */
  label: string;
  path: string;
  /** Values with line breaks: read as multi-line fields (slower). */
  multiline: boolean;
}

export interface AdminImportOptions {
  /** The embedded Neo4j's home (NEO4J_DATA_DIR): the database goes to <dataDir>/data/databases/<database>. */
  dataDir: string;
  database?: string;
  files: readonly ImportFile[];
  arrayDelimiter: string;
  /** Worker threads (default: the importer's own choice, the processor count). */
  threads?: number;
  heapMb?: number;
  /** Off-heap memory for the importer's caches (default 2G; the tool's own default is 90% of RAM). */
  maxOffHeap?: string;
  /** Where the tool's output goes (default <dataDir>/bulk-import.log). */
  logFile?: string;
}

export interface AdminImportResult {
  seconds: number;
  logFile: string;
  /** The tool's summary ("IMPORT DONE in …", counts, peak memory). */
  summary: string;
}

/** A delimiter as the tool's flags take it: printable as is, others as U+XXXX. */
function delimiterFlag(d: string): string {
  const code = d.codePointAt(0)!;
  return code >= 0x21 && code < 0x7f ? d : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

export function adminImportArgs(options: AdminImportOptions): string[] {
  for (const f of options.files) {
    if (/[,=]/.test(f.path)) throw new Error(`Bulk import file paths must not contain ',' or '=' (got ${f.path})`);
  }
  const multiline = options.files.filter((f) => f.multiline).map((f) => resolve(f.path));
  return [
    // The database name first: --nodes and --relationships take any number of files after them.
    'database',
    'import',
    'full',
    options.database ?? 'neo4j',
    '--overwrite-destination=true',
    '--bad-tolerance=0',
    '--skip-bad-relationships=false',
    '--skip-duplicate-nodes=false',
    '--ignore-empty-strings=false',
    `--array-delimiter=${delimiterFlag(options.arrayDelimiter)}`,
    `--max-off-heap-memory=${options.maxOffHeap ?? '2G'}`,
    `--report-file=${join(resolve(options.dataDir), 'bulk-import.report')}`,
    ...(options.threads ? [`--threads=${options.threads}`] : []),
    ...(multiline.length > 0 ? ['--multiline-fields-format=v2', `--multiline-fields=${multiline.join(',')}`] : []),
    ...options.files.map((f) => `--${f.kind}=${f.label}=${resolve(f.path)}`),
  ];
}

export async function runAdminImport(options: AdminImportOptions): Promise<AdminImportResult> {
  ensureBuilt();
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const logFile = options.logFile ?? join(dataDir, 'bulk-import.log');
  const args = [
    `-Xmx${options.heapMb ?? 1024}m`,
    '-XX:+UseG1GC',
    '-cp',
    `${join(LAUNCHER_DIR, 'target', 'classes')}:${join(LAUNCHER_DIR, 'target', 'lib', '*')}`,
    'org.neo4j.cli.AdminTool',
    ...adminImportArgs(options),
  ];
  const started = Date.now();
  const out = openSync(logFile, 'w');
  let code: number | null;
  try {
    const child = spawn('java', args, { env: { ...process.env, NEO4J_HOME: dataDir }, stdio: ['ignore', out, out] });
    code = await new Promise<number | null>((res, rej) => {
      child.once('error', rej);
      child.once('exit', res);
    });
  } finally {
    closeSync(out);
  }
  const output = readFileSync(logFile, 'utf8');
  if (code !== 0) {
    const tail = output.trim().split('\n').slice(-15).join('\n');
    throw new Error(`neo4j-admin database import failed (exit ${code}); see ${logFile}:\n${tail}`);
  }
  const at = output.lastIndexOf('IMPORT DONE');
  return { seconds: (Date.now() - started) / 1000, logFile, summary: at >= 0 ? output.slice(at).trim() : '' };
}
