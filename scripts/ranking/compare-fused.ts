/**
 * Fused vs single signals on the evaluation protocol, overall and on the cold-start slice (users
 * with ≤ `--cold` training interactions, default 5), mean over seeds.
 *   npx tsx scripts/ranking/compare-fused.ts --seeds 1,2,3 --models popularity,item-knn,ease,fused --out docs/results-fused.json
 *   (--cache DIR reuses trained embeddings as `npm run eval -- --cache` does; --set fused.coModel=graph-ease
 *   overrides one model's hyperparameter)
 * Same split, TrainData and metrics as `npm run eval` (src/eval); the slice passes `users` to evaluateRanking.
 */
import { writeFileSync } from 'node:fs';
import { fileEmbeddingCache } from '../../src/eval/embedding-cache';
import { loadLastfm } from '../../src/eval/lastfm';
import { evaluateRanking } from '../../src/eval/metrics';
import { splitByUser } from '../../src/eval/split';
import { buildTrainData } from '../../src/eval/train-data';
import { initBackend } from '../../src/models/backend';
import { addOverride, parseOverride, resolveModelConfig } from '../../src/config/model-config';
import { EVAL_MODELS } from '../../src/eval/models';
import { createModel } from '../../src/models/catalogue';
import type { Csr } from '../../src/graph/csr';

function arg(name: string, dflt: string): string {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 ? process.argv[k + 1]! : dflt;
}

/** `--set model.key=value` (repeatable): one hyperparameter of one model, as in `npm run eval -- --set`. */
function overrides(model: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  process.argv.forEach((a, k) => {
    const v = process.argv[k + 1];
    if (a !== '--set' || !v?.startsWith(`${model}.`)) return;
    const [key, value] = parseOverride(v.slice(model.length + 1));
    addOverride(out, key, value);
  });
  return out;
}

/** Users with at least one test pair and at most `max` training pairs. */
export function coldUsers(train: Csr, test: Csr, max: number): Int32Array {
  const out: number[] = [];
  for (let u = 0; u < train.rows; u++) {
    if (test.offsets[u + 1]! > test.offsets[u]! && train.offsets[u + 1]! - train.offsets[u]! <= max) out.push(u);
  }
  return Int32Array.from(out);
}

async function main(): Promise<void> {
  const seeds = arg('seeds', '1,2,3').split(',').map(Number);
  const models = arg('models', 'popularity,item-knn,ease,fused').split(',');
  const cold = Number(arg('cold', '5'));
  const out = arg('out', '');
  const cacheDir = arg('cache', '');
  const cache = cacheDir ? fileEmbeddingCache(cacheDir) : undefined;
  const log = (s: string) => process.stderr.write(`${s}\n`);
  await initBackend({ log });
  const dataset = loadLastfm(arg('dir', '../shared/data/lastfm-2k'));
  const rows: Record<string, { all: number[]; cold: number[]; coldR: number[]; allR: number[]; coldUsers: number[] }> =
    {};
  for (const seed of seeds) {
    const split = splitByUser(dataset, { seed });
    const data = buildTrainData(dataset, split);
    const slice = coldUsers(split.train, split.test, cold);
    for (const name of models) {
      const config = resolveModelConfig(EVAL_MODELS, name, {
        overrides: overrides(name),
        overridesFrom: `--set ${name}.`,
      });
      const model = createModel(EVAL_MODELS, name, config);
      const validate = (scorer: (u: Int32Array) => Float32Array) =>
        evaluateRanking(scorer, split.valid, [split.train], { ks: [10] })['ndcg@10']!;
      await model.fit(data, {
        seed,
        log,
        validate,
        validPairs: split.valid,
        backend: 'wasm',
        dataset: dataset.name,
        ...(cache ? { embeddingCache: cache } : {}),
      });
      const scorer = (u: Int32Array) => model.score(u);
      const all = evaluateRanking(scorer, split.test, [split.train, split.valid], { ks: [10, 20] });
      const c = evaluateRanking(scorer, split.test, [split.train, split.valid], { ks: [10, 20], users: slice });
      model.dispose?.();
      const r = (rows[name] ??= { all: [], cold: [], coldR: [], allR: [], coldUsers: [] });
      r.all.push(all['ndcg@10']!);
      r.allR.push(all['recall@10']!);
      r.cold.push(c['ndcg@10']!);
      r.coldR.push(c['recall@10']!);
      r.coldUsers.push(slice.length);
      log(
        `seed ${seed} ${name}: ndcg@10 ${all['ndcg@10']!.toFixed(4)} recall@10 ${all['recall@10']!.toFixed(4)} · cold (${slice.length} users) ndcg@10 ${c['ndcg@10']!.toFixed(4)}`,
      );
    }
  }
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const lines = [
    '| model | R@10 | N@10 | cold R@10 | cold N@10 | cold users/seed | per-seed N@10 | per-seed cold N@10 |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const [name, r] of Object.entries(rows)) {
    lines.push(
      `| ${name} | ${mean(r.allR).toFixed(4)} | ${mean(r.all).toFixed(4)} | ${mean(r.coldR).toFixed(4)} | ${mean(r.cold).toFixed(4)} | ${r.coldUsers.join('/')} | ${r.all.map((x) => x.toFixed(4)).join(' ')} | ${r.cold.map((x) => x.toFixed(4)).join(' ')} |`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  if (out) writeFileSync(out, `${JSON.stringify({ seeds, cold, rows }, null, 2)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
