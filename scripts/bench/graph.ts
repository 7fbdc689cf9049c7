/**
 * npm run bench:graph [-- --dir ../shared/data/lastfm-2k --models lightgcn,bpr-mf,gat,ease,graph-ease
 *                        --epochs 60 --gat-epochs 2 --cache <eval embedding cache dir> --synthetic-nodes 200000 --synthetic-edges 2000000 --skip-models]
 *
 * Prints, on LastFM (seed 1): projection size; PageRank time and iterations on the FOLLOWS graph and
 * on the weighted engagement graph; per model seconds per epoch and the time until test NDCG@10
 * first reaches the published LightGCN row (0.1972) — test is only *observed* here for timing, never
 * used to select anything. Then a synthetic graph (default 200k nodes / 2M edges): PageRank to
 * tolerance 1e-9 and one LightGCN epoch, with peak memory. The last line is one JSON object.
 */
import { buildInteractionGraph, engagementCsr, graphBytes } from '../../src/graph/interaction-graph';
import { pagerank } from '../../src/graph/pagerank';
import { buildCsr, transposeCsr } from '../../src/graph/csr';
import { loadLastfm } from '../../src/eval/lastfm';
import { fileEmbeddingCache } from '../../src/eval/embedding-cache';
import { resolveModelConfig } from '../../src/config/model-config';
import { evaluateRanking } from '../../src/eval/metrics';
import { splitByUser } from '../../src/eval/split';
import { buildTrainData } from '../../src/eval/train-data';
import { initBackend } from '../../src/models/backend';
import { createModel, MODELS } from '../../src/models/catalogue';
import { createRng } from '../../src/models/random';
import type { TrainData } from '../../src/models/types';
import { join } from 'node:path';

const LIGHTGCN_ROW_NDCG10 = 0.1972;

function arg(name: string, fallback: string): string {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 && process.argv[k + 1] !== undefined ? process.argv[k + 1]! : fallback;
}

// The work is synchronous, so a timer would never fire: sample RSS at every log line and phase end
// (wasm memory only grows, so the last sample after training bounds its peak).
let peakRss = 0;
const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
const mb = (b: number) => Math.round((b / 2 ** 20) * 10) / 10;
const log = (line: string) => {
  sample();
  process.stdout.write(`${line}\n`);
};

async function main(): Promise<void> {
  const backend = await initBackend({
    ...(process.env['TFJS_BACKEND'] ? { preferred: process.env['TFJS_BACKEND'] as 'wasm' } : {}),
    log,
  });
  const dir = arg('dir', join('..', 'shared', 'data', 'lastfm-2k'));
  const result: Record<string, unknown> = { backend: backend.name };
  const d = loadLastfm(dir);
  const heapBefore = process.memoryUsage().heapUsed;
  const g = buildInteractionGraph({ userIds: d.userIds, itemIds: d.itemIds, edges: d.pairs, follows: d.social });
  result['lastfmProjectionMB'] = mb(graphBytes(g));
  log(
    `LastFM projection: ${d.userIds.length} users, ${d.itemIds.length} items, ${g.userItems.targets.length} engagement edges, ${g.following.targets.length} follows · ${mb(graphBytes(g))} MB (heap +${mb(process.memoryUsage().heapUsed - heapBefore)} MB)`,
  );
  for (const [name, csr, weighted] of [
    ['follows', g.following, false],
    ['engagement', engagementCsr(g), true],
  ] as const) {
    for (const tolerance of [1e-6, 1e-9]) {
      const t = performance.now();
      const r = pagerank(csr, { tolerance, maxIterations: 1000, weighted });
      const ms = performance.now() - t;
      log(
        `PageRank ${name} (${csr.rows} nodes, ${csr.targets.length} edges) tol ${tolerance}: ${ms.toFixed(1)} ms, ${r.iterations} iterations, delta ${r.delta.toExponential(2)}`,
      );
      result[`pagerank_${name}_tol${tolerance}`] = { ms: Math.round(ms * 10) / 10, iterations: r.iterations };
    }
  }
  if (!process.argv.includes('--skip-models')) {
    const split = splitByUser(d, { seed: 1 });
    const data = buildTrainData(d, split);
    const models: Record<string, unknown> = {};
    for (const name of arg('models', 'lightgcn,bpr-mf,gat,ease,graph-ease').split(',')) {
      const config = resolveModelConfig(MODELS, name);
      if (name !== 'ease' && name !== 'graph-ease')
        config['epochs'] = Number(name === 'gat' ? arg('gat-epochs', '2') : arg('epochs', '60'));
      if (name === 'graph-ease') config['tune'] = false;
      const model = createModel(MODELS, name, config);
      const start = performance.now();
      let reachedAt: number | undefined;
      const validate = (scorer: (u: Int32Array) => Float32Array) => {
        const v = evaluateRanking(scorer, split.valid, [split.train], { ks: [10] })['ndcg@10']!;
        const paused = performance.now();
        const test = evaluateRanking(scorer, split.test, [split.train, split.valid], { ks: [10] })['ndcg@10']!;
        if (reachedAt === undefined && test >= LIGHTGCN_ROW_NDCG10) reachedAt = paused - start;
        return v;
      };
      const cacheDir = arg('cache', '');
      // graph-ease can reuse the LightGCN component trained by `eval --cache` (its fit time then excludes it).
      const embeddingCache = name === 'graph-ease' && cacheDir ? fileEmbeddingCache(cacheDir) : undefined;
      await model.fit(data, {
        seed: 1,
        log,
        validate,
        backend: backend.name,
        dataset: d.name,
        ...(embeddingCache ? { embeddingCache } : {}),
      });
      const fitSeconds = (performance.now() - start) / 1000;
      const final = evaluateRanking((u) => model.score(u), split.test, [split.train, split.valid], { ks: [10] })[
        'ndcg@10'
      ]!;
      if (reachedAt === undefined && final >= LIGHTGCN_ROW_NDCG10) reachedAt = fitSeconds * 1000;
      const run = (model as { lastRun?: { secondsPerEpoch: number; epochs: number } }).lastRun;
      models[name] = {
        secondsPerEpoch: run ? Math.round(run.secondsPerEpoch * 100) / 100 : null,
        epochs: run?.epochs ?? null,
        fitSeconds: Math.round(fitSeconds * 10) / 10,
        testNdcg10: Math.round(final * 10000) / 10000,
        secondsToLightGcnRow: reachedAt === undefined ? null : Math.round(reachedAt / 100) / 10,
      };
      log(`${name}: ${JSON.stringify(models[name])}`);
      model.dispose?.();
    }
    result['lastfmModels'] = models;
  }
  const nodes = Number(arg('synthetic-nodes', '200000'));
  const edges = Number(arg('synthetic-edges', '2000000'));
  result['synthetic'] = synthetic(nodes, edges);
  const gcn = await syntheticGcnEpoch(nodes, edges);
  (result['synthetic'] as Record<string, unknown>)['gcnEpoch'] = gcn;
  result['peakRssMB'] = mb(peakRss);
  log(JSON.stringify(result));
}

/** Random directed graph with skewed (power-law-like) targets; PageRank to 1e-9. */
function synthetic(n: number, e: number): Record<string, unknown> {
  const rng = createRng(7);
  const src = new Int32Array(e);
  const dst = new Int32Array(e);
  for (let k = 0; k < e; k++) {
    src[k] = rng.int(n);
    dst[k] = Math.floor(n * Math.pow(rng.next(), 2)); // popular low indices
  }
  const before = process.memoryUsage().rss;
  const t0 = performance.now();
  const csr = buildCsr(n, n, src, dst);
  const buildMs = performance.now() - t0;
  const t = performance.now();
  const r = pagerank(csr, { tolerance: 1e-9, maxIterations: 1000 });
  const ms = performance.now() - t;
  sample();
  log(
    `synthetic ${n} nodes / ${csr.targets.length} edges: CSR build ${buildMs.toFixed(0)} ms; PageRank tol 1e-9 ${ms.toFixed(0)} ms, ${r.iterations} iterations; rss +${mb(process.memoryUsage().rss - before)} MB`,
  );
  return {
    nodes: n,
    edges: csr.targets.length,
    peakRssMB: mb(peakRss),
    csrBuildMs: Math.round(buildMs),
    pagerankMs: Math.round(ms),
    pagerankIterations: r.iterations,
    pagerankDelta: r.delta,
  };
}

/** One LightGCN epoch on a synthetic bipartite graph: n/2 users, n/2 items, e/2 interactions (e directed edges). */
async function syntheticGcnEpoch(n: number, e: number): Promise<Record<string, unknown>> {
  const rng = createRng(11);
  const nu = n / 2;
  const ni = n - nu;
  const pairs = e / 2;
  const u = new Int32Array(pairs);
  const i = new Int32Array(pairs);
  for (let k = 0; k < pairs; k++) {
    u[k] = rng.int(nu);
    i[k] = Math.floor(ni * Math.pow(rng.next(), 2));
  }
  const userItems = buildCsr(nu, ni, u, i);
  const data: TrainData = {
    numUsers: nu,
    numItems: ni,
    userItems,
    itemUsers: transposeCsr(userItems),
    social: buildCsr(nu, nu, new Int32Array(0), new Int32Array(0)),
  };
  const batchSize = Number(arg('synthetic-batch', '65536'));
  const model = createModel(MODELS, 'lightgcn', { epochs: 1, evalEvery: 1, batchSize, layers: 3, dim: 64 });
  const t = performance.now();
  await model.fit(data, { seed: 1, log });
  const s = (performance.now() - t) / 1000;
  sample();
  log(
    `synthetic LightGCN epoch: ${userItems.targets.length} interactions (${2 * userItems.targets.length} directed edges), batch ${batchSize}, 3 layers × 64: ${s.toFixed(1)} s; peak rss ${mb(peakRss)} MB`,
  );
  return {
    interactions: userItems.targets.length,
    batchSize,
    seconds: Math.round(s * 10) / 10,
    peakRssMB: mb(peakRss),
  };
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
