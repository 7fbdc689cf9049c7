/**
 * The embedded default: builds (once) and runs scripts/neo4j, a small Java launcher of Neo4j Community
 * 5.26 with only the Bolt connector on 127.0.0.1. Used by `npm start` without NEO4J_URI, by
 * `npm run neo4j:start|stop`, and by the test setup.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createConnection } from 'node:net';
import { dirname, join, resolve } from 'node:path';

export const LAUNCHER_DIR = resolve(__dirname, '..', '..', '..', 'scripts', 'neo4j');
const MAIN_CLASS = 'dev.socialrec.LocalNeo4j';

export interface LocalNeo4jOptions {
  port: number;
  dataDir: string;
  pageCacheMb?: number;
  heapMb?: number;
  /** Password of the user neo4j; default: the one generated into the data folder (localPassword). */
  password?: string;
  log?: (line: string) => void;
}

export interface LocalNeo4jHandle {
  uri: string;
  user: 'neo4j';
  password: string;
  pid: number;
  /** Settles with the exit code when the process ends (after stop(), or because it died). */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/**
 * The embedded Neo4j's password: generated once into `<dataDir>/service-password` (readable by its owner
 * only) and read from there afterwards, so a local database never accepts any credentials.
 */
export function localPassword(dataDir: string): string {
  const file = join(resolve(dataDir), 'service-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(resolve(dataDir), { recursive: true });
  const password = randomBytes(18).toString('base64url');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

function built(): boolean {
  const lib = join(LAUNCHER_DIR, 'target', 'lib');
  const cls = join(LAUNCHER_DIR, 'target', 'classes', 'dev', 'socialrec', 'LocalNeo4j.class');
  if (!existsSync(lib) || !existsSync(cls)) return false;
  const src = join(LAUNCHER_DIR, 'src', 'main', 'java', 'dev', 'socialrec', 'LocalNeo4j.java');
  const newest = Math.max(statSync(join(LAUNCHER_DIR, 'pom.xml')).mtimeMs, statSync(src).mtimeMs);
  return statSync(cls).mtimeMs >= newest;
}

/**
 * Builds the launcher with Maven when its classes or jars are missing or older than its sources.
 * Maven's output goes to `logFile` when given (the service: its own log stays JSON), else to the terminal.
 */
export function ensureBuilt(log: (line: string) => void = () => undefined, logFile?: string): void {
  if (built()) return;
  log(
    `Building the local Neo4j launcher with Maven (first run downloads Neo4j 5.26 jars)${logFile ? `; Maven output: ${logFile}` : ''}...`,
  );
  let fd: number | undefined;
  if (logFile) {
    mkdirSync(dirname(resolve(logFile)), { recursive: true });
    fd = openSync(logFile, 'a');
  }
  let result;
  try {
    result = spawnSync('mvn', ['-q', '-B', 'package', '-DskipTests'], {
      cwd: LAUNCHER_DIR,
      stdio: fd === undefined ? 'inherit' : ['ignore', fd, fd],
    });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (result.error)
    throw new Error(`Could not run Maven (mvn): ${result.error.message}. Install Java 17 and Maven, or set NEO4J_URI.`);
  if (result.status !== 0)
    throw new Error(
      `Maven build of ${LAUNCHER_DIR} failed with exit code ${result.status}${logFile ? `; see ${logFile}` : ''}`,
    );
}

/** The text appended to `file` since byte `from` (a Neo4j start reads only its own lines). */
function readFrom(file: string, from: number): string {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size <= from) return '';
    const buffer = Buffer.alloc(size - from);
    readSync(fd, buffer, 0, buffer.length, from);
    return buffer.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

export function waitForPort(port: number, timeoutMs: number, host = '127.0.0.1'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolvePromise, reject) => {
    const attempt = (): void => {
      const socket = createConnection({ port, host });
      socket.once('connect', () => {
        socket.destroy();
        resolvePromise();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`Nothing answered on ${host}:${port} within ${timeoutMs} ms`));
        else setTimeout(attempt, 200);
      });
    };
    attempt();
  });
}

function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolvePromise, reject) => {
    const poll = (): void => {
      if (check()) return resolvePromise();
      if (Date.now() > deadline) return reject(new Error(`Local Neo4j did not print ${what} within ${timeoutMs} ms`));
      setTimeout(poll, 100);
    };
    poll();
  });
}

export function portOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return waitForPort(port, 0, host).then(
    () => true,
    () => false,
  );
}

/**
 * Starts the launcher as a child; resolves when it prints READY and Bolt accepts connections. The
 * child's stdout and stderr (and a Maven build's output) go to their own file, `logFile` (default
 * `<dataDir>/neo4j.out`), never into the caller's output: the service's log stays one JSON object a line.
 */
export async function startLocalNeo4j(
  options: LocalNeo4jOptions & { detached?: boolean; logFile?: string },
): Promise<LocalNeo4jHandle> {
  const log = options.log ?? (() => undefined);
  const dataDir = resolve(options.dataDir);
  const logFile = options.logFile ?? join(dataDir, 'neo4j.out');
  ensureBuilt(log, logFile);
  if (await portOpen(options.port))
    throw new Error(
      `Port ${options.port} is already in use; set NEO4J_BOLT_PORT to another port or NEO4J_URI to use that server`,
    );
  mkdirSync(dataDir, { recursive: true });
  const password = options.password ?? localPassword(dataDir);
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
    NEO4J_SERVICE_PASSWORD: password,
  };
  // Bolt listens before the password is set: the launcher's READY line, not the open port, means ready.
  const readyLine = `READY bolt://127.0.0.1:${options.port}`;
  const from = existsSync(logFile) ? statSync(logFile).size : 0;
  const out = openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn('java', args, { env, detached: options.detached === true, stdio: ['ignore', out, out] });
  } finally {
    closeSync(out); // the child holds its own copy
  }
  if (options.detached) child.unref();
  log(`Neo4j output: ${logFile}`);
  const ready = waitFor(() => readFrom(logFile, from).includes(readyLine), 180_000, `${readyLine} in ${logFile}`);
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  const failedStart = exited.then((code) => {
    const cause = readFrom(logFile, from)
      .split('\n')
      .find((l) => l.startsWith('Local Neo4j failed'));
    throw new Error(`Local Neo4j exited during start (code ${code}): ${cause ?? `see ${logFile} and ${dataDir}/logs`}`);
  });
  failedStart.catch(() => undefined); // only awaited during the start below
  await Promise.race([ready.then(() => waitForPort(options.port, 10_000)), failedStart]);
  const pid = child.pid as number;
  return {
    uri: `bolt://127.0.0.1:${options.port}`,
    user: 'neo4j',
    password,
    pid,
    exited,
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
