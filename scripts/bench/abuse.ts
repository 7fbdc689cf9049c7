/**
 * `npm run bench:abuse`: does one abusive key hurt another? The service runs as operators run it (its own
 * process, production mode, API keys) on the LastFM world of bench:serve. A victim key asks for feeds at
 * a steady BENCH_VICTIM_RATE (20/s, two in flight at most), first alone (the idle baseline), then while an
 * abuser key runs each mix of issue 10 as fast as the service lets it:
 *   aliases  — 10,000 aliased recommendMedia(first:1, query) in one 1 MB body (case 2), 8 in flight;
 *   neighbour — 100 aliased feeds per request, 8 in flight (case 3: heavy but each request allowed);
 *   defaults — mediaItems(first: $n = 100) with a variable default (case 4), 8 in flight;
 *   uploads  — 150 slow 5 MB uploads held open and reopened as the server cuts them (case 8).
 * Prints the victim's p50/p99 next to its idle baseline, the abuser's HTTP statuses, the service's peak
 * RSS and the victim's errors per mix; last line JSON. Target: victim p99 within 2× idle, no victim error.
 * Options (env): BENCH_SECONDS (20 per phase), BENCH_EPOCHS (first run only, 30), EMBEDDING_KIND (the
 * service's encoder, as configured; it embeds the abuser's query texts), BENCH_MIXES (a comma-separated
 * subset of the mixes), BENCH_NODE_OPTIONS (the service's NODE_OPTIONS, e.g. --max-old-space-size).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { loadConfig } from '../../src/config/config';
import { startChildService } from '../../test/support/child-service';
import { drive, type LoadOp, type LoadResult } from './drive';
import { openLastfmWorld } from './lastfm-world';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const EPOCHS = Number(process.env.BENCH_EPOCHS ?? 30);
/** The victim is a well-behaved app: feeds at a steady pace, well within its key's limits. */
const VICTIM_RATE = Number(process.env.BENCH_VICTIM_RATE ?? 20);
const KEYS = { victim: 'victim-key-0123456789', abuser: 'abuser-key-0123456789', analyst: 'analyst-key-0123456789' };
const FEED = `query($id: ID!) { recommendMedia(userId: $id, first: 20) { edges { node { score media { id title } reasons { kind } } } } }`;

const aliasedFeeds = (users: string[], n: number): string =>
  `{ ${Array.from({ length: n }, (_, i) => `a${i}: recommendMedia(userId: ${JSON.stringify(users[i % users.length])}, first: 1, query: "heavy metal guitar ${i}") { totalCount }`).join(' ')} }`;

function mixes(users: string[]): Record<string, LoadOp[] | 'uploads'> {
  return {
    aliases: [{ name: 'aliases', query: aliasedFeeds(users, 10_000), variables: [{}], weight: 1 }],
    neighbour: [{ name: 'neighbour', query: aliasedFeeds(users, 100), variables: [{}], weight: 1 }],
    defaults: [
      {
        name: 'defaults',
        query: 'query($n: Int = 100) { mediaItems(first: $n) { edges { node { id title tags } } } }',
        variables: [{}],
        weight: 1,
      },
    ],
    uploads: 'uploads',
  };
}

/** Holds `n` stalled 5 MB uploads open until `seconds` pass, reopening each as the server closes it. */
async function slowUploads(port: number, key: string, n: number, seconds: number): Promise<Record<string, number>> {
  const statuses: Record<string, number> = {};
  const deadline = Date.now() + seconds * 1000;
  const sockets = new Set<Socket>();
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1', () =>
        socket.write(
          `POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\nx-api-key: ${key}\r\ncontent-length: 5000000\r\n\r\n{"query":"${'x'.repeat(1000)}`,
        ),
      );
      sockets.add(socket);
      let head = '';
      socket.on('data', (d) => (head ||= d.toString().split('\r\n')[0] ?? ''));
      const done = (): void => {
        sockets.delete(socket);
        const status = head.split(' ')[1] ?? 'closed';
        statuses[status] = (statuses[status] ?? 0) + 1;
        resolve();
      };
      socket.on('close', done);
      socket.on('error', () => undefined);
    });
  const loop = async (): Promise<void> => {
    while (Date.now() < deadline) {
      await one();
      if (Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    }
  };
  const stopper = setTimeout(() => sockets.forEach((s) => s.destroy()), seconds * 1000);
  await Promise.all(Array.from({ length: n }, loop));
  clearTimeout(stopper);
  return statuses;
}

/** Resident memory of the service's whole process group (tsx runs the service in a child node), in MB. */
function rssMb(pgid: number): number {
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

/** The service's RSS sampled every 250 ms while `work` runs: the peak in MB. */
async function peakRss<T>(pid: number, work: Promise<T>): Promise<[T, number]> {
  let peak = rssMb(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 250);
  try {
    return [await work, Math.max(peak, rssMb(pid))];
  } finally {
    clearInterval(timer);
  }
}

async function until(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function main(): Promise<void> {
  const log = (l: string): void => console.error(`[bench:abuse] ${l}`);
  const config = loadConfig({ ...process.env, SEED_DEMO: 'false' });
  const { neo4j, users } = await openLastfmWorld(config, EPOCHS, log);
  try {
    const service = await startChildService(
      {
        NODE_ENV: 'production',
        NEO4J_URI: neo4j.uri,
        NEO4J_PASSWORD: neo4j.password,
        API_KEYS: `${KEYS.victim}:app,${KEYS.abuser}:app,${KEYS.analyst}:analyst`,
        EMBEDDING_KIND: config.embedding.kind,
        FEED_PREWARM: 'true',
        ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}),
      },
      600_000,
    );
    const pid = service.process.pid!;
    const url = `${service.url}/graphql`;
    const port = Number(new URL(service.url).port);
    try {
      const victimMix: LoadOp[] = [{ name: 'feed', query: FEED, variables: users.map((id) => ({ id })), weight: 1 }];
      const victim = (seconds: number): Promise<LoadResult> =>
        drive(url, victimMix, 2, seconds, { 'x-api-key': KEYS.victim }, VICTIM_RATE);
      // Prewarming computes every user's feed in the background: measuring before it ends would time that.
      await until(() => service.logs().some((l) => l.msg === 'feeds prewarmed'), 600_000, 'feeds prewarmed');
      await victim(Math.min(5, SECONDS)); // warm-up: JIT, pools
      const [idle, idleRss] = await peakRss(pid, victim(SECONDS));
      log(`idle: victim p50 ${idle.p50} ms, p99 ${idle.p99} ms, rss ${idleRss} MB`);
      const results: Record<
        string,
        {
          victim: Pick<LoadResult, 'p50' | 'p99' | 'requests' | 'errors' | 'statuses' | 'firstError'>;
          p99VsIdle: number;
          abuser: { statuses: unknown; requests?: number; p50?: number };
          peakRssMb: number;
        }
      > = {};
      const only = process.env.BENCH_MIXES?.split(',');
      for (const [name, mix] of Object.entries(mixes(users)).filter(([n]) => !only || only.includes(n))) {
        const abuse =
          mix === 'uploads'
            ? slowUploads(port, KEYS.abuser, 150, SECONDS).then((statuses) => ({ statuses }))
            : drive(url, mix, 8, SECONDS, { 'x-api-key': KEYS.abuser });
        const [[under, abuser], rss] = await peakRss(pid, Promise.all([victim(SECONDS), abuse]));
        results[name] = {
          victim: {
            p50: under.p50,
            p99: under.p99,
            requests: under.requests,
            errors: under.errors,
            statuses: under.statuses,
            firstError: under.firstError,
          },
          p99VsIdle: Number((under.p99 / idle.p99).toFixed(2)),
          abuser: {
            statuses: abuser.statuses,
            ...('requests' in abuser ? { requests: abuser.requests, p50: abuser.p50 } : {}),
          },
          peakRssMb: rss,
        };
        log(`${name}: ${JSON.stringify(results[name])}`);
      }
      console.log(
        '| mix | victim p50 ms | victim p99 ms | p99 vs idle | victim errors | abuser statuses | peak RSS MB |\n|---|---|---|---|---|---|---|',
      );
      console.log(`| idle | ${idle.p50} | ${idle.p99} | 1 | ${idle.errors} | – | ${idleRss} |`);
      for (const [name, r] of Object.entries(results))
        console.log(
          `| ${name} | ${r.victim.p50} | ${r.victim.p99} | ${r.p99VsIdle} | ${r.victim.errors} | ${JSON.stringify(r.abuser.statuses)} | ${r.peakRssMb} |`,
        );
      const worst = Math.max(...Object.values(results).map((r) => r.p99VsIdle));
      const victimErrors = Object.values(results).reduce((s, r) => s + r.victim.errors, idle.errors);
      console.log(
        JSON.stringify({
          bench: 'abuse',
          dataset: 'lastfm-2k',
          seconds: SECONDS,
          idle: { p50: idle.p50, p99: idle.p99, rssMb: idleRss },
          ...results,
          worstP99VsIdle: worst,
          victimErrors,
          target: 'p99 ≤ 2× idle, 0 victim errors',
          met: worst <= 2 && victimErrors === 0,
        }),
      );
    } finally {
      await service.stop();
    }
  } finally {
    await neo4j.stop();
  }
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exitCode = 1;
});
