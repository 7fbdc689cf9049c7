import { monitorEventLoopDelay } from 'node:perf_hooks';
import { runJobOffThread } from '../../src/app/job-thread';
import { IngestService } from '../../src/ingest/ingest-service';
import { runJob } from '../../src/jobs/run-job';
import type { Stores } from '../../src/store/neo4j/stores';
import { namespace, openStores, testConfig } from '../support/db';

/** The longest the event loop was held while `work` ran, in ms. */
async function longestStall(work: () => Promise<unknown>): Promise<number> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  try {
    await work();
  } finally {
    delay.disable();
  }
  return delay.max / 1e6;
}

describe("the service's jobs on a thread of their own", () => {
  let stores: Stores & { close(): Promise<void> };
  const ns = namespace();
  const config = testConfig();
  const connection = { uri: process.env.NEO4J_URI!, password: process.env.NEO4J_PASSWORD ?? 'neo4j' };

  beforeAll(async () => {
    stores = await openStores();
    const ingest = new IngestService({ ...stores, maxBatchSize: 1000 });
    await ingest.upsertUsers(Array.from({ length: 60 }, (_, u) => ({ id: `${ns}u${u}` })));
    await ingest.upsertMedia(
      Array.from({ length: 40 }, (_, m) => ({ id: `${ns}m${m}`, kind: 'AUDIO', title: `t${m}` })),
    );
    const rows = Array.from({ length: 60 }, (_, u) =>
      Array.from({ length: 12 }, (_, k) => ({
        userId: `${ns}u${u}`,
        mediaId: `${ns}m${(u * 7 + k * 3) % 40}`,
        type: 'LISTEN',
        weight: 1 + ((u + k) % 5),
      })),
    ).flat();
    await ingest.recordInteractions(rows);
  });
  afterAll(() => stores.close());

  test('runs the job against the database, its log lines reaching the caller', async () => {
    const lines: string[] = [];
    const result = await runJobOffThread('pagerank', config, connection, { log: (line) => lines.push(line) });
    expect(lines.some((l) => l.startsWith('PageRank:'))).toBe(true);
    expect((result['users'] as { count: number }).count).toBeGreaterThanOrEqual(60);
    const p = await stores.graph.project();
    const ours = p.itemIds.flatMap((id, i) => (id.startsWith(ns) ? [p.itemMeta[i]!.pagerank] : []));
    expect(ours).toHaveLength(40);
    for (const score of ours) expect(score).toBeGreaterThan(0);
  });

  test("a job's error fails its run, not the caller's process", async () => {
    const nowhere = { uri: 'bolt://127.0.0.1:1', password: 'x' };
    await expect(runJobOffThread('pagerank', config, nowhere, { log: () => undefined })).rejects.toThrow(/\S/);
  });

  test('an abort ends the thread mid-training and fails the run', async () => {
    const stopping = new AbortController();
    const lines: string[] = [];
    const started = performance.now();
    const run = runJobOffThread('embeddings', config, connection, {
      // Aborted at the first epoch's line: inside the training loop, which never yields on its thread.
      log: (line) => {
        lines.push(line);
        if (/ epoch \d+\//.test(line)) stopping.abort();
      },
      epochs: 100_000,
      signal: stopping.signal,
    });
    await expect(run).rejects.toThrow(/stopping/);
    expect(lines.some((l) => / epoch \d+\//.test(l))).toBe(true);
    expect(performance.now() - started).toBeLessThan(60_000);
    const early = new AbortController();
    early.abort();
    await expect(
      runJobOffThread('pagerank', config, connection, { log: () => undefined, signal: early.signal }),
    ).rejects.toThrow(/not started/);
  });

  test("training holds the caller's event loop on its thread, not off it", async () => {
    const options = { log: () => undefined, epochs: 60 };
    const here = await longestStall(() => runJob('embeddings', stores, config, options));
    const there = await longestStall(() => runJobOffThread('embeddings', config, connection, options));
    // On the caller's thread the training loop is one synchronous stretch: the loop stalls for all of it.
    expect(here).toBeGreaterThan(500);
    expect(there).toBeLessThan(here / 4);
  });
});
