/**
 * The JSON report of `npm run eval -- --out FILE`, kept on disk as the run goes: rewritten after every
 * seed (atomically: a temporary file renamed over it), and on SIGTERM or SIGINT (a timeout, Ctrl-C)
 * written once more with the seeds done so far (`complete: false`) before the process exits with
 * 128 + the signal's number — so a stopped run leaves its finished seeds, never a half-written file.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { EvalReport } from './run';

export function writeReportFile(path: string, report: EvalReport): void {
  const file = resolve(path);
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(report, null, 2)}\n`);
  renameSync(tmp, file);
}

/** The part of `process` the keeper listens on (injectable for tests). */
export interface SignalSource {
  on(signal: NodeJS.Signals, listener: () => void): unknown;
  removeListener(signal: NodeJS.Signals, listener: () => void): unknown;
}

export interface ReportKeeperOptions {
  log: (line: string) => void;
  exit?: (code: number) => void;
  signals?: SignalSource;
}

export interface ReportKeeper {
  /** The report so far (after a seed, or the final one): written at once when there is a file. */
  update(report: EvalReport): void;
  /** Stops listening for signals (the run is over). */
  dispose(): void;
}

const STOP_SIGNALS = { SIGINT: 2, SIGTERM: 15 } as const;

export function keepReport(path: string | undefined, initial: EvalReport, options: ReportKeeperOptions): ReportKeeper {
  const source = options.signals ?? process;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let latest = initial;
  const handlers = (Object.keys(STOP_SIGNALS) as (keyof typeof STOP_SIGNALS)[]).map((signal) => {
    const handler = (): void => {
      const seeds = latest.seeds.length ? `seeds ${latest.seeds.join(',')}` : 'no seed';
      if (path) {
        writeReportFile(path, latest);
        options.log(
          `stopped by ${signal} after ${seeds} of ${latest.seedsPlanned.join(',')}: partial report in ${path}`,
        );
      } else options.log(`stopped by ${signal} after ${seeds} of ${latest.seedsPlanned.join(',')} (no --out file)`);
      exit(128 + STOP_SIGNALS[signal]);
    };
    source.on(signal, handler);
    return [signal, handler] as const;
  });
  return {
    update(report) {
      latest = report;
      if (path) writeReportFile(path, report);
    },
    dispose() {
      for (const [signal, handler] of handlers) source.removeListener(signal, handler);
    },
  };
}
