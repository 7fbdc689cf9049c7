/**
 * The service as an operator runs it: `tsx src/main.ts` in its own process group, configured only by
 * environment, its JSON log lines collected. Tests that must see the process survive (or exit), or read
 * its logs, use this rather than an in-process `startService`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from './free-port';

export interface ChildService {
  url: string;
  process: ChildProcess;
  /** Every log line so far, parsed (non-JSON lines kept as `{ msg: line }`). */
  logs(): Record<string, unknown>[];
  alive(): boolean;
  stop(): Promise<void>;
}

const ROOT = join(__dirname, '..', '..');

export async function startChildService(env: Record<string, string>, readyTimeoutMs = 90_000): Promise<ChildService> {
  const port = await freePort();
  const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), ['src/main.ts'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    // LOG_LEVEL is at most info: readiness is the "service ready" info line.
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      SEED_DEMO: 'false',
      EMBEDDING_KIND: 'hashing',
      SNAPSHOT_REFRESH_SEC: '0',
      HOST: '127.0.0.1',
      ...env,
      LOG_LEVEL: env.LOG_LEVEL === 'debug' ? 'debug' : 'info',
      PORT: String(port),
    },
  });
  const lines: Record<string, unknown>[] = [];
  let exited = false;
  child.once('exit', () => (exited = true));
  const collect = (chunk: Buffer): void => {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        lines.push({ msg: line });
      }
    }
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const stop = async (): Promise<void> => {
    if (exited) return;
    const gone = new Promise((r) => child.once('exit', r));
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, 15_000);
    await gone;
    clearTimeout(timer);
  };
  const deadline = Date.now() + readyTimeoutMs;
  while (!lines.some((l) => l.msg === 'service ready')) {
    if (exited || Date.now() > deadline) {
      await stop();
      throw new Error(`the service did not start: ${JSON.stringify(lines.slice(-5))}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url: `http://127.0.0.1:${port}`, process: child, logs: () => lines, alive: () => !exited, stop };
}
