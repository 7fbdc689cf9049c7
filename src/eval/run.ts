/**
 * Runs the evaluation protocol for one model over several seeds: split → fit (validation NDCG@10
 * available for early stopping) → test metrics excluding training and validation items.
 */
import { createModel } from '../models/catalogue';
import type { EmbeddingCache, ItemTextEncoder, Recommender, Scorer } from '../models/types';
import type { Dataset } from './dataset';
import { EVAL_MODELS } from './models';
import { evaluateRanking } from './metrics';
import type { MetricValues } from './metrics';
import { protocolSplit, type Protocol, type RankingTask } from './protocol';
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
  /** warm (default: per-user 80/10/10, full ranking) or cold-items (docs/evaluation.md). */
  protocol?: Protocol;
  /** The configured text encoder, for content models (FitContext.textEncoder). */
  textEncoder?: ItemTextEncoder;
  /** Called after each seed's fit, e.g. to export embeddings; the model is disposed afterwards. */
  onFitted?: (model: Recommender, seed: number) => void;
  /** Called after each seed with the report so far (the CLI writes it, so a stopped run leaves its finished seeds). */
  onSeed?: (report: EvalReport) => void;
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
  protocol: Protocol;
  model: string;
  /** The seeds whose results are in (every mean is over these). */
  seeds: number[];
  /** The seeds the run was asked for. */
  seedsPlanned: number[];
  /** False while seeds are missing: a partial report (a run stopped early, or one written between seeds). */
  complete: boolean;
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
  const protocol = options.protocol ?? 'warm';
  const rank = (
    scorer: Scorer,
    task: RankingTask,
    ks: readonly number[],
    onUser?: (user: number, metrics: MetricValues) => void,
  ): MetricValues =>
    evaluateRanking(scorer, task.relevant, task.exclude, {
      ks,
      ...(onUser ? { onUser } : {}),
      ...(task.candidates ? { candidates: task.candidates } : {}),
      ...(task.users ? { users: task.users } : {}),
      ...(task.tieOrder ? { tieOrder: task.tieOrder } : {}),
      ...(task.coldItems ? { coldItems: task.coldItems } : {}),
    });
  for (const seed of options.seeds) {
    const tasks = protocolSplit(protocol, dataset, seed);
    const split = tasks.split;
    const data = buildTrainData(dataset, split);
    const model = createModel(EVAL_MODELS, options.model, options.config);
    const validate = (scorer: Scorer): number => rank(scorer, tasks.valid, [10])['ndcg@10']!;
    const t0 = performance.now();
    await model.fit(data, {
      seed,
      log: options.log,
      validate,
      validatePerUser: (scorer: Scorer) => {
        const perUser = new Map<number, number>();
        rank(scorer, tasks.valid, [10], (user, m) => perUser.set(user, m['ndcg@10']!));
        return perUser;
      },
      validateMetrics: (scorer: Scorer) => rank(scorer, tasks.valid, [10, 20]),
      validPairs: split.valid,
      backend: options.backend,
      // Cached components are keyed by dataset and seed: a cold-items split is another split.
      dataset: protocol === 'warm' ? dataset.name : `${dataset.name}|${protocol}`,
      ...(options.embeddingCache ? { embeddingCache: options.embeddingCache } : {}),
      ...(options.textEncoder ? { textEncoder: options.textEncoder } : {}),
    });
    const trainSeconds = (performance.now() - t0) / 1000;
    const scorer: Scorer = (users) => model.score(users);
    const t1 = performance.now();
    const validation = rank(scorer, tasks.valid, options.ks);
    const metrics = rank(scorer, tasks.test, options.ks);
    const evalSeconds = (performance.now() - t1) / 1000;
    options.onFitted?.(model, seed);
    model.dispose?.();
    options.log(
      `seed ${seed}: test recall@10 ${fmt(metrics['recall@10'])} ndcg@10 ${fmt(metrics['ndcg@10'])} · valid ndcg@10 ${fmt(validation['ndcg@10'])} · train ${trainSeconds.toFixed(1)} s, eval ${evalSeconds.toFixed(1)} s`,
    );
    perSeed.push({ seed, metrics, validation, trainSeconds, evalSeconds });
    options.onSeed?.(evalReport(dataset, options, perSeed));
    // Let the event loop run between seeds: a fit of a plain-JS model never leaves it, so without this
    // a SIGTERM (and the CLI's partial report) would wait for the last seed.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return evalReport(dataset, options, perSeed);
}

/** The report over the seeds done so far (none yet: empty metrics, `complete: false`). */
export function evalReport(dataset: Dataset, options: EvalRunOptions, perSeed: readonly SeedResult[]): EvalReport {
  return {
    dataset: dataset.name,
    protocol: options.protocol ?? 'warm',
    model: options.model,
    seeds: perSeed.map((s) => s.seed),
    seedsPlanned: [...options.seeds],
    complete: perSeed.length === options.seeds.length,
    metrics: mean(perSeed.map((s) => s.metrics)),
    validation: mean(perSeed.map((s) => s.validation)),
    perSeed: [...perSeed],
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
