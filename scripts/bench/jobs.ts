/**
 * `npm run bench:jobs`: how long a job the service runs holds its feeds up. The server on the LastFM data
 * (data/bench-lastfm, as bench:serve) takes a steady load from a separate process (`user(id){id}`, the
 * server's floor, at concurrency 4) while the embeddings job trains LightGCN for BENCH_JOB_EPOCHS (8) epochs:
 *   baseline  the job run on the service's own thread (jobs/run-job.ts runJob, as the scheduler ran it
 *             before app/job-thread.ts);
 *   thread    the job run as the service runs it now: `runJob(job: EMBEDDINGS)` over GraphQL, on its thread.
 * Prints each one's job seconds and the load's p50 / p99 / max latency and requests/s while it ran, then one
 * JSON object. Options (env): BENCH_JOB_EPOCHS (8), BENCH_CONCURRENCY (4), BENCH_EPOCHS (30, the world's
 * first-run training), LASTFM_DIR.
 */
import { loadConfig } from '../../src/config/config';
import { runJob } from '../../src/jobs/run-job';
import { startService, type Service } from '../../src/main';
import { drive, type LoadResult } from './drive';
import { openLastfmWorld, worldServerConfig } from './lastfm-world';

const JOB_EPOCHS = Number(process.env.BENCH_JOB_EPOCHS ?? 8);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const EPOCHS = Number(process.env.BENCH_EPOCHS ?? 30);
const ADMIN = 'bench-admin-key-123456';
const FLOOR = 'query($id: ID!) { user(id: $id) { id } }';

interface Phase {
  jobSeconds: number;
  load: LoadResult & { max: number };
}

/** The floor query's load for `seconds`, every latency kept. */
async function floorLoad(url: string, users: string[], seconds: number): Promise<LoadResult & { max: number }> {
  const mix = [{ name: 'floor', query: FLOOR, variables: users.map((id) => ({ id })), weight: 1 }];
  const headers = { 'x-api-key': ADMIN };
  const r = await drive(url, mix, CONCURRENCY, seconds, headers, undefined, true);
  const { latencies, ...rest } = r;
  return { ...rest, max: Math.max(0, ...(latencies ?? [])) };
}

/** Load from the moment `start` is called until the job it starts has finished (measured in whole seconds). */
async function underLoad(url: string, users: string[], start: () => Promise<unknown>, seconds: number): Promise<Phase> {
  const load = floorLoad(url, users, seconds);
  const t = performance.now();
  await start();
  const jobSeconds = (performance.now() - t) / 1000;
  return { jobSeconds, load: await load };
}

async function main(): Promise<void> {
  const log = (l: string): void => console.error(`[bench:jobs] ${l}`);
  const config0 = loadConfig({ ...process.env, SEED_DEMO: 'false' });
  const { neo4j, users } = await openLastfmWorld(config0, EPOCHS, log);
  const config = worldServerConfig(neo4j, {
    LOG_LEVEL: 'warn',
    JOB_POLL_SEC: '0',
    FEED_PREWARM: 'false',
    API_KEYS: `${ADMIN}:admin`,
    // One key drives the whole load: no rate or cost limit (their 429s and pauses would read as stalls).
    RATE_LIMIT_PER_MIN: '0',
    RATE_LIMIT_COST_PER_MIN: '0',
    JOB_EPOCHS: String(JOB_EPOCHS),
  });
  let service: Service | undefined;
  try {
    service = await startService(config);
    const s = service;
    const url = `${s.url}/graphql`;
    await floorLoad(url, users.slice(0, 50), 5); // warm-up: JIT, connection pools
    const quiet = await floorLoad(url, users, 10);
    log(`no job: ${JSON.stringify(quiet)}`);
    // The load runs a little past the job: its seconds are a first run's estimate (4–6 s an epoch here).
    const seconds = Math.max(20, JOB_EPOCHS * 7);
    const baseline = await underLoad(
      url,
      users,
      () => runJob('embeddings', s.stores, config, { epochs: JOB_EPOCHS, log: () => undefined }),
      seconds,
    );
    log(`on the service's thread: ${JSON.stringify(baseline)}`);
    const thread = await underLoad(
      url,
      users,
      async () => {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': ADMIN },
          body: JSON.stringify({ query: 'mutation { runJob(job: EMBEDDINGS) { id status } }' }),
        });
        const body = (await res.json()) as { errors?: unknown };
        if (body.errors) throw new Error(`runJob: ${JSON.stringify(body.errors)}`);
        await s.scheduler.idle();
      },
      seconds,
    );
    log(`on its own thread: ${JSON.stringify(thread)}`);
    const row = (name: string, p: Phase | { jobSeconds: null; load: Phase['load'] }): string =>
      `| ${name} | ${p.jobSeconds === null ? '—' : p.jobSeconds.toFixed(1)} | ${p.load.p50} | ${p.load.p99} | ${p.load.max.toFixed(0)} | ${p.load.rps} |`;
    console.log('| job | job s | p50 ms | p99 ms | max ms | requests/s |\n|---|---|---|---|---|---|');
    console.log(row('none', { jobSeconds: null, load: quiet }));
    console.log(row("embeddings on the service's thread (baseline)", baseline));
    console.log(row('embeddings on its own thread', thread));
    console.log(
      JSON.stringify({
        bench: 'jobs',
        dataset: 'lastfm-2k',
        jobEpochs: JOB_EPOCHS,
        concurrency: CONCURRENCY,
        quiet,
        baseline,
        thread,
        // The longest request, not p99: a stalled request counts once however long it waits.
        longestVsBaseline: Number((thread.load.max / baseline.load.max).toFixed(4)),
      }),
    );
  } finally {
    await service?.stop();
    await neo4j.stop();
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
