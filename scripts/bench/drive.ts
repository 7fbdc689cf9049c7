/** Runs the load driver in its own process (async, so a server in this process keeps serving). */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface LoadOp {
  name: string;
  query: string;
  variables: Record<string, unknown>[];
  weight: number;
}

export type LoadResult = Record<string, unknown> & {
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p99: number;
  /** Every latency, with `keepLatencies`. */
  latencies?: number[];
};

export async function drive(
  url: string,
  mix: LoadOp[],
  concurrency: number,
  seconds: number,
  headers?: Record<string, string>,
  rate?: number,
  keepLatencies = false,
): Promise<LoadResult> {
  // Through a file: one argv string is capped at 128 KiB by Linux, and abuse mixes send 1 MB queries.
  const dir = mkdtempSync(join(tmpdir(), 'socialrec-load-'));
  const file = join(dir, 'spec.json');
  writeFileSync(file, JSON.stringify({ url, mix, concurrency, seconds, headers, rate, keepLatencies }));
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [...process.execArgv, join(__dirname, 'load-driver.ts'), file],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 24,
      },
    );
    return JSON.parse(stdout.trim().split('\n').pop() as string) as LoadResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
