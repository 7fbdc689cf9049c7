/**
 * Runs the evaluation protocol for one model over several seeds: split → fit (validation NDCG@10
 * available for early stopping) → test metrics excluding training and validation items.
 */
import { createModel } from '../models/registry';
import type { EmbeddingCache, Recommender, Scorer } from '../models/types';
import type { Dataset } from './dataset';
import { evaluateRanking } from './metrics';
import type { MetricValues } from './metrics';
import { splitByUser } from './split';
import { buildTrainData } from './train-data';

export interface EvalRunOptions {
  model: string;
  config: Record<string, unknown>;
  seeds: readonly number[];
  ks: readonly number[];
  backend: string;
  log: (line: string) => void;
  /** Reuse of trained components across runs (see FitContext.embeddingCache). */
  embeddingCache?: EmbeddingCache;
  /** Called after each seed's fit, e.g. to export embeddings; the model is disposed afterwards. */
  onFitted?: (model: Recommender, seed: number) => void;
}

export const EVAL_RUN_DEFAULTS = Object.freeze({ ks: [10, 20] as readonly number[] });

export interface SeedResult {
  seed: number;
  metrics: MetricValues;
  validation: MetricValues;
  trainSeconds: number;
  evalSeconds: number;
}

export interface EvalReport {
  dataset: string;
  model: string;
  seeds: number[];
  /** Test metrics, mean over seeds. */
  metrics: MetricValues;
  /** Validation metrics, mean over seeds (what tuning may look at). */
  validation: MetricValues;
  perSeed: SeedResult[];
  /** Mean per seed. */
  trainSeconds: number;
  evalSeconds: number;
  backend: string;
  config: Record<string, unknown>;
  stats: { users: number; items: number; pairs: number; socialEdges: number };
}

export async function runEvaluation(dataset: Dataset, options: EvalRunOptions): Promise<EvalReport> {
  const perSeed: SeedResult[] = [];
  for (const seed of options.seeds) {
    const split = splitByUser(dataset, { seed });
    const data = buildTrainData(dataset, split);
    const model = createModel(options.model, options.config);
    const validate = (scorer: Scorer): number =>
      evaluateRanking(scorer, split.valid, [split.train], { ks: [10] })['ndcg@10']!;
    const t0 = performance.now();
    await model.fit(data, {
      seed,
      log: options.log,
      validate,
      validPairs: split.valid,
      backend: options.backend,
      dataset: dataset.name,
      ...(options.embeddingCache ? { embeddingCache: options.embeddingCache } : {}),
    });
    const trainSeconds = (performance.now() - t0) / 1000;
    const scorer: Scorer = (users) => model.score(users);
    const t1 = performance.now();
    const validation = evaluateRanking(scorer, split.valid, [split.train], { ks: options.ks });
    const metrics = evaluateRanking(scorer, split.test, [split.train, split.valid], { ks: options.ks });
    const evalSeconds = (performance.now() - t1) / 1000;
    options.onFitted?.(model, seed);
    model.dispose?.();
    options.log(
      `seed ${seed}: test recall@10 ${fmt(metrics['recall@10'])} ndcg@10 ${fmt(metrics['ndcg@10'])} · valid ndcg@10 ${fmt(validation['ndcg@10'])} · train ${trainSeconds.toFixed(1)} s, eval ${evalSeconds.toFixed(1)} s`,
    );
    perSeed.push({ seed, metrics, validation, trainSeconds, evalSeconds });
  }
  return {
    dataset: dataset.name,
    model: options.model,
    seeds: [...options.seeds],
    metrics: mean(perSeed.map((s) => s.metrics)),
    validation: mean(perSeed.map((s) => s.validation)),
    perSeed,
    trainSeconds: avg(perSeed.map((s) => s.trainSeconds)),
    evalSeconds: avg(perSeed.map((s) => s.evalSeconds)),
    backend: options.backend,
    config: options.config,
    stats: {
      users: dataset.userIds.length,
      items: dataset.itemIds.length,
      pairs: dataset.pairs.user.length,
      socialEdges: dataset.social.src.length,
    },
  };
}

function mean(rows: MetricValues[]): MetricValues {
  const out: MetricValues = {};
  for (const key of Object.keys(rows[0] ?? {})) out[key] = avg(rows.map((r) => r[key]!));
  return out;
}

function avg(xs: number[]): number {
  return xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0;
}

function fmt(x: number | undefined): string {
  return (x ?? 0).toFixed(4);
}
