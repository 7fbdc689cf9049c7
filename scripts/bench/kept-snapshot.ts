/**
 * The serving snapshot of a world an earlier `npm run bench:scale -- --scales N --keep` left in
 * data/bench-scale/db-N, loaded in-process as the service loads it (recommend/snapshot.ts), with the
 * load's seconds and the process's peak RSS after it. Shared by bench:snapshot-memory, bench:snapshot-phases and bench:feed-arrays.
 */
import { join, resolve } from 'node:path';
import { loadSnapshot, type ServingSnapshot } from '../../src/recommend/snapshot';
import { createDriver } from '../../src/store/neo4j/driver';
import { startLocalNeo4j } from '../../src/store/neo4j/local-neo4j';
import { createStores, type Stores } from '../../src/store/neo4j/stores';
import { freePort } from '../../test/support/free-port';

export interface KeptSnapshot {
  snapshot: ServingSnapshot;
  loadSeconds: number;
  /** The kernel's high-water mark after the load, bytes (a sampling timer misses synchronous builds' peaks). */
  peakRss: number;
}

export async function loadKeptSnapshot(
  scale: number,
  neo4jMemory: { heapMb: number; pageCacheMb: number } = { heapMb: 2048, pageCacheMb: 1024 },
  /** Called with the stores before the load (to watch their queries). */
  onStores?: (stores: Stores) => void,
  /** Called after the load while the database still runs (the stores, the snapshot, its text model). */
  afterLoad?: (stores: Stores, snapshot: ServingSnapshot, model: string) => Promise<void>,
): Promise<KeptSnapshot> {
  const dataDir = join(resolve(__dirname, '..', '..'), 'data', 'bench-scale', `db-${scale}`);
  const neo4j = await startLocalNeo4j({ port: await freePort(), dataDir, ...neo4jMemory });
  const driver = createDriver({ uri: neo4j.uri, user: 'neo4j', password: neo4j.password, connectionTimeoutMs: 60_000 });
  try {
    const stores = createStores(driver);
    const session = driver.session();
    const row = await session.run('MATCH (m:Media) WHERE m.textModel IS NOT NULL RETURN m.textModel AS model LIMIT 1');
    await session.close();
    const model = (row.records[0]?.get('model') as string | undefined) ?? 'none';
    onStores?.(stores);
    const t = Date.now();
    const snapshot = await loadSnapshot(stores.graph, stores.content, model, 1);
    const kept = { snapshot, loadSeconds: (Date.now() - t) / 1000, peakRss: process.resourceUsage().maxRSS * 1024 };
    await afterLoad?.(stores, snapshot, model);
    return kept;
  } finally {
    await driver.close();
    await neo4j.stop();
  }
}
