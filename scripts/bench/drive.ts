/** Runs the load driver in its own process (async, so a server in this process keeps serving). */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface LoadOp {
  name: string;
  query: string;
  variables: Record<string, unknown>[];
  weight: number;
}

export type LoadResult = Record<string, unknown> & { requests: number; errors: number; rps: number; p50: number; p99: number };

export async function drive(url: string, mix: LoadOp[], concurrency: number, seconds: number): Promise<LoadResult> {
  const spec = { url, mix, concurrency, seconds };
  const { stdout } = await promisify(execFile)(process.execPath, [...process.execArgv, join(__dirname, 'load-driver.ts'), JSON.stringify(spec)], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  return JSON.parse(stdout.trim().split('\n').pop() as string) as LoadResult;
}
