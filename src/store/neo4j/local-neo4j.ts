/**
 * The embedded default: builds (once) and runs scripts/neo4j, a small Java launcher of Neo4j Community
 * 5.26 with only the Bolt connector on 127.0.0.1. Used by `npm start` without NEO4J_URI, by
 * `npm run neo4j:start|stop`, and by the test setup.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { dirname, join, resolve } from 'node:path';

export const LAUNCHER_DIR = resolve(__dirname, '..', '..', '..', 'scripts', 'neo4j');
const MAIN_CLASS = 'dev.socialrec.LocalNeo4j';

export interface LocalNeo4jOptions {
  port: number;
  dataDir: string;
  pageCacheMb?: number;
  heapMb?: number;
  log?: (line: string) => void;
}

export interface LocalNeo4jHandle {
  uri: string;
  pid: number;
  stop(): Promise<void>;
}

function built(): boolean {
  const lib = join(LAUNCHER_DIR, 'target', 'lib');
  const cls = join(LAUNCHER_DIR, 'target', 'classes', 'dev', 'socialrec', 'LocalNeo4j.class');
  if (!existsSync(lib) || !existsSync(cls)) return false;
  const src = join(LAUNCHER_DIR, 'src', 'main', 'java', 'dev', 'socialrec', 'LocalNeo4j.java');
  const newest = Math.max(statSync(join(LAUNCHER_DIR, 'pom.xml')).mtimeMs, statSync(src).mtimeMs);
  return statSync(cls).mtimeMs >= newest;
}

/** Builds the launcher with Maven when its classes or jars are missing or older than its sources. */
export function ensureBuilt(log: (line: string) => void = () => undefined): void {
  if (built()) return;
  log('Building the local Neo4j launcher with Maven (first run downloads Neo4j 5.26 jars)...');
  const result = spawnSync('mvn', ['-q', '-B', 'package', '-DskipTests'], { cwd: LAUNCHER_DIR, stdio: 'inherit' });
  if (result.error) throw new Error(`Could not run Maven (mvn): ${result.error.message}. Install Java 17 and Maven, or set NEO4J_URI.`);
  if (result.status !== 0) throw new Error(`Maven build of ${LAUNCHER_DIR} failed with exit code ${result.status}`);
}

export function waitForPort(port: number, timeoutMs: number, host = '127.0.0.1'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolvePromise, reject) => {
    const attempt = (): void => {
      const socket = createConnection({ port, host });
      socket.once('connect', () => { socket.destroy(); resolvePromise(); });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`Nothing answered on ${host}:${port} within ${timeoutMs} ms`));
        else setTimeout(attempt, 200);
      });
    };
    attempt();
  });
}

export function portOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return waitForPort(port, 0, host).then(() => true, () => false);
}

/** Starts the launcher as a child; resolves when it prints READY and Bolt accepts connections. */
export async function startLocalNeo4j(options: LocalNeo4jOptions & { detached?: boolean; logFile?: string }): Promise<LocalNeo4jHandle> {
  const log = options.log ?? (() => undefined);
  ensureBuilt(log);
  if (await portOpen(options.port)) throw new Error(`Port ${options.port} is already in use; set NEO4J_BOLT_PORT to another port or NEO4J_URI to use that server`);
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const args = [
    `-Xmx${options.heapMb ?? 1024}m`,
    '-XX:+UseG1GC',
    '-cp',
    `${join(LAUNCHER_DIR, 'target', 'classes')}:${join(LAUNCHER_DIR, 'target', 'lib', '*')}`,
    MAIN_CLASS,
  ];
  const env = {
    ...process.env,
    NEO4J_BOLT_PORT: String(options.port),
    NEO4J_DATA_DIR: dataDir,
    NEO4J_PAGECACHE_MB: String(options.pageCacheMb ?? 512),
  };
  let child: ChildProcess;
  if (options.detached) {
    const out = openSync(options.logFile ?? join(dataDir, 'neo4j.out'), 'a');
    child = spawn('java', args, { env, detached: true, stdio: ['ignore', out, out] });
    child.unref();
  } else {
    child = spawn('java', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d: Buffer) => d.toString().split('\n').filter(Boolean).forEach((l) => log(`[neo4j] ${l}`)));
    child.stderr?.on('data', () => undefined);
  }
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`Local Neo4j exited during start (code ${code}); see ${dataDir}/logs`))),
  );
  await Promise.race([waitForPort(options.port, 120_000), exited]);
  const pid = child.pid as number;
  return {
    uri: `bolt://127.0.0.1:${options.port}`,
    pid,
    stop: () => stopPid(pid),
  };
}

/** SIGTERM (clean shutdown in the launcher's hook), then SIGKILL after a grace period. */
export async function stopPid(pid: number, graceMs = 30_000): Promise<void> {
  if (!alive(pid)) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) process.kill(pid, 'SIGKILL');
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function pidFile(dataDir: string): string {
  return join(dirname(resolve(dataDir)), `${resolve(dataDir).split('/').pop()}.pid`);
}

export function readPid(dataDir: string): number | null {
  const file = pidFile(dataDir);
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && alive(pid) ? pid : null;
}

export function writePid(dataDir: string, pid: number): void {
  mkdirSync(dirname(pidFile(dataDir)), { recursive: true });
  writeFileSync(pidFile(dataDir), `${pid}\n`);
}

export function removePid(dataDir: string): void {
  rmSync(pidFile(dataDir), { force: true });
}
