/**
 * The LastFM world the serving benchmarks run against, kept in data/bench-lastfm between runs: on the
 * first run it imports LastFM and runs PageRank, a short embedding training and embed-media. Returns the
 * running local Neo4j (stopped by the caller) and every user id.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig, type Config } from '../../src/config/config';
import { encoderOptions } from '../../src/config/encoder-options';
import { Importer } from '../../src/ingest/importer';
import { readLastfm } from '../../src/ingest/lastfm-source';
import { runEmbedMediaJob } from '../../src/jobs/embed-media-job';
import { runEmbeddingJob } from '../../src/jobs/embedding-job';
import { runPagerankJob } from '../../src/jobs/pagerank-job';
import { initBackend } from '../../src/models/backend';
import { createDriver } from '../../src/store/neo4j/driver';
import { startLocalNeo4j, type LocalNeo4jHandle } from '../../src/store/neo4j/local-neo4j';
import { applySchema } from '../../src/store/neo4j/migrations';
import { createStores } from '../../src/store/neo4j/stores';
import { createEncoder } from '../../src/text/create-encoder';
import { freePort } from '../../test/support/free-port';

const ROOT = resolve(__dirname, '..', '..');
export const LASTFM_DIR = process.env.LASTFM_DIR ?? resolve(ROOT, '..', 'shared', 'data', 'lastfm-2k');
export const WORLD_DIR = join(ROOT, 'data', 'bench-lastfm');

export interface LastfmWorld {
  neo4j: LocalNeo4jHandle;
  users: string[];
}

/** `config` only chooses the tfjs backend and the text encoder of the first run's jobs. */
export async function openLastfmWorld(
  config: Config,
  epochs: number,
  log: (line: string) => void,
): Promise<LastfmWorld> {
  const fresh = !existsSync(join(WORLD_DIR, 'data'));
  const neo4j = await startLocalNeo4j({ port: await freePort(), dataDir: WORLD_DIR, pageCacheMb: 512, heapMb: 2048 });
  try {
    const driver = createDriver({
      uri: neo4j.uri,
      user: 'neo4j',
      password: neo4j.password,
      connectionTimeoutMs: 60_000,
    });
    try {
      const stores = createStores(driver);
      await applySchema(stores.db);
      if (fresh || (await stores.admin.counts()).users === 0) {
        log('importing LastFM and running the jobs (first run only)...');
        await new Importer(stores).run(readLastfm(LASTFM_DIR));
        await runPagerankJob(stores.graph, log);
        const backend = await initBackend({ preferred: config.tfjsBackend });
        await runEmbeddingJob(stores.graph, {
          model: 'lightgcn',
          config: { epochs },
          seed: 1,
          backend: backend.name,
          log,
        });
        await runEmbedMediaJob(stores.content, await createEncoder(encoderOptions(config.embedding)));
      }
      const users = (await stores.db.runAutoCommit('MATCH (u:User) RETURN u.id AS id')).map((r) => r.id as string);
      return { neo4j, users };
    } finally {
      await driver.close();
    }
  } catch (error) {
    await neo4j.stop();
    throw error;
  }
}

/** The configuration of a server in this process on the world's Neo4j: any port, no demo seed, no periodic reload; `env` on top. */
export function worldServerConfig(neo4j: LocalNeo4jHandle, env: Record<string, string>): Config {
  return loadConfig({
    ...process.env,
    NEO4J_URI: neo4j.uri,
    NEO4J_PASSWORD: neo4j.password,
    PORT: '0',
    HOST: '127.0.0.1',
    SEED_DEMO: 'false',
    SNAPSHOT_REFRESH_SEC: '0',
    ...env,
  });
}
