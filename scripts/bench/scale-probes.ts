/** Measurements bench:scale takes of a running service: its process group's memory, request latencies. */
import { readdirSync, readFileSync } from 'node:fs';

/** Resident memory of a process group (tsx runs the service in a child node), in MB. */
export function groupRssMb(pgid: number): number {
  let kb = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Fields after the ")" that ends the command name: state ppid pgrp …
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) !== pgid) continue;
      const line =
        readFileSync(`/proc/${entry}/status`, 'utf8')
          .split('\n')
          .find((l) => l.startsWith('VmRSS:')) ?? 'VmRSS: 0 kB';
      kb += Number(line.split(/\s+/)[1]);
    } catch {
      /* the process ended while we read it */
    }
  }
  return Math.round(kb / 1024);
}

export interface Latency {
  n: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  /** The first failed request's status and error messages, when any failed. */
  firstError?: string;
}

const quantile = (sorted: number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

/** One request per id, one at a time (latency, not throughput): p50/p99/max in ms. */
export async function latencies(url: string, query: string, ids: readonly string[]): Promise<Latency> {
  const ms: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  for (const id of ids) {
    const t = performance.now();
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables: { id } }),
    });
    const body = (await res.json()) as { errors?: { message?: string }[] };
    ms.push(performance.now() - t);
    if (!res.ok || body.errors) {
      errors++;
      firstError ??= `${res.status} ${(body.errors ?? []).map((e) => e.message).join('; ')}`;
    }
  }
  ms.sort((a, b) => a - b);
  const r = (x: number): number => Number(x.toFixed(1));
  return {
    n: ms.length,
    p50: r(quantile(ms, 0.5)),
    p99: r(quantile(ms, 0.99)),
    max: r(ms[ms.length - 1] ?? NaN),
    errors,
    ...(firstError ? { firstError } : {}),
  };
}
