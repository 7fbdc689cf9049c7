/**
 * `npm run bench:snapshot-memory -- --scale 10`: where the serving snapshot's memory goes, on a world an
 * earlier `npm run bench:scale -- --scales N --keep` left in data/bench-scale/db-N. Loads the snapshot
 * in-process as the service does (recommend/snapshot.ts), reads the process's peak RSS after it, then
 * drops each field of the snapshot in turn and reports the heap plus external memory it held (after two
 * full collections). Needs `--expose-gc`, which the npm script passes. Last line one JSON object.
 */
import { join, resolve } from 'node:path';
import { parseCli } from '../../src/cli/cli-args';
import { loadSnapshot } from '../../src/recommend/snapshot';
import { createDriver } from '../../src/store/neo4j/driver';
import { startLocalNeo4j } from '../../src/store/neo4j/local-neo4j';
import { createStores } from '../../src/store/neo4j/stores';
import { freePort } from '../../test/support/free-port';

const USAGE = 'usage: npm run bench:snapshot-memory -- [--scale 10]';
const mb = (bytes: number): number => Math.round(bytes / 1048576);

function live(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc (npm run bench:snapshot-memory does)');
  gc();
  gc();
  const u = process.memoryUsage();
  return u.heapUsed + u.external;
}

async function main(): Promise<void> {
  const { values } = parseCli(process.argv.slice(2), { scale: { type: 'string' } } as const, USAGE);
  if (values.help) return console.log(USAGE);
  const scale = Number(values.scale ?? 10);
  const dataDir = join(resolve(__dirname, '..', '..'), 'data', 'bench-scale', `db-${scale}`);
  const neo4j = await startLocalNeo4j({ port: await freePort(), dataDir, pageCacheMb: 1024, heapMb: 2048 });
  const driver = createDriver({ uri: neo4j.uri, user: 'neo4j', password: neo4j.password, connectionTimeoutMs: 60_000 });
  let snapshot: Record<string, unknown>;
  let loadSeconds: number;
  let peakRss = 0;
  try {
    const stores = createStores(driver);
    const session = driver.session();
    const row = await session.run('MATCH (m:Media) WHERE m.textModel IS NOT NULL RETURN m.textModel AS model LIMIT 1');
    await session.close();
    const model = (row.records[0]?.get('model') as string | undefined) ?? 'none';
    const t = Date.now();
    snapshot = (await loadSnapshot(stores.graph, stores.content, model, 1)) as unknown as Record<string, unknown>;
    loadSeconds = (Date.now() - t) / 1000;
    // The kernel's high-water mark (KB): a sampling timer misses the peaks of long synchronous builds.
    peakRss = process.resourceUsage().maxRSS * 1024;
  } finally {
    await driver.close();
    await neo4j.stop();
  }
  let before = live();
  const result: Record<string, number> = { scale, loadSeconds, peakRssMb: mb(peakRss), liveMb: mb(before) };
  result.rssMb = mb(process.memoryUsage().rss);
  const drop = (name: string, from: Record<string, unknown>, key: string): void => {
    Reflect.deleteProperty(from, key);
    const now = live();
    result[`${name}Mb`] = mb(before - now);
    before = now;
  };
  const data = snapshot.data as Record<string, unknown>;
  for (const key of Object.keys(data)) drop(`data.${key}`, data, key);
  for (const key of ['userIndex', 'itemIndex', 'repeated']) drop(key, snapshot, key);
  for (const [k, v] of Object.entries(result))
    if (k.endsWith('Mb') && k.startsWith('data.')) console.log(k.padEnd(28), v);
  console.log(JSON.stringify({ bench: 'snapshot-memory', ...result }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
