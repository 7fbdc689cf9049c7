/** Measurements bench:scale takes of a running service: its process group's memory, request latencies. */
import { readdirSync, readFileSync } from 'node:fs';

/**
 * Resident memory of a process group (tsx runs the service in a child node), in MB: now (VmRSS), or each
 * process's highest so far (VmHWM, the kernel's high-water mark: no sampling missed while a thread was busy).
 */
export function groupRssMb(pgid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
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
          .find((l) => l.startsWith(`${field}:`)) ?? `${field}: 0 kB`;
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

/** What the service's /metrics says about its memory, its collector and its Neo4j queries. */
export interface ProcessFigures {
  heapUsedMb: number;
  externalMb: number;
  /** Time in V8's collector since the start, by kind (major, minor, incremental, weakcb), seconds. */
  gcSeconds: Record<string, number>;
  /** Neo4j queries by name (cypher/ file): how many, and their total seconds. */
  queries: Record<string, { n: number; seconds: number }>;
}

/** Reads ProcessFigures from the service's Prometheus text (prom-client's default metric names). */
export async function processFigures(baseUrl: string): Promise<ProcessFigures> {
  const lines = (await (await fetch(`${baseUrl}/metrics`)).text()).split('\n');
  const value = (name: string, labels = ''): number => {
    const line = lines.find((l) => l.startsWith(`${name}${labels} `));
    return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
  };
  const mb = (bytes: number): number => Math.round(bytes / 2 ** 20);
  const gcSeconds: Record<string, number> = {};
  for (const kind of ['major', 'minor', 'incremental', 'weakcb'])
    gcSeconds[kind] = value('nodejs_gc_duration_seconds_sum', `{kind="${kind}"}`);
  const queries: Record<string, { n: number; seconds: number }> = {};
  for (const l of lines) {
    const m = /^neo4j_query_duration_seconds_(sum|count)\{query="([^"]+)"\} (\S+)$/.exec(l);
    if (!m) continue;
    const q = (queries[m[2]!] ??= { n: 0, seconds: 0 });
    if (m[1] === 'sum') q.seconds = Number(m[3]);
    else q.n = Number(m[3]);
  }
  return {
    heapUsedMb: mb(value('nodejs_heap_size_used_bytes')),
    externalMb: mb(value('nodejs_external_memory_bytes')),
    gcSeconds,
    queries,
  };
}

/** `after` less `before`: collector seconds and the queries that ran between the two (memory as of `after`). */
export function processDelta(before: ProcessFigures, after: ProcessFigures): ProcessFigures {
  const r2 = (x: number): number => Number(x.toFixed(2));
  const queries: Record<string, { n: number; seconds: number }> = {};
  for (const [name, q] of Object.entries(after.queries)) {
    const n = q.n - (before.queries[name]?.n ?? 0);
    if (n > 0) queries[name] = { n, seconds: r2(q.seconds - (before.queries[name]?.seconds ?? 0)) };
  }
  return {
    heapUsedMb: after.heapUsedMb,
    externalMb: after.externalMb,
    gcSeconds: Object.fromEntries(
      Object.entries(after.gcSeconds).map(([k, v]) => [k, r2(v - (before.gcSeconds[k] ?? 0))]),
    ),
    queries,
  };
}
