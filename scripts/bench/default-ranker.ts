/**
 * The untrained default ranker on LastFM (validation split, seed 1): Recall/NDCG@10 of the served feed
 * (rankForUser) and how its scores spread across a top 20, for the default weights standardised on the
 * data (what serving uses before train-ranker) against the earlier hand-set weights on raw features, and
 * the default weights with the blend feature weighted 0, 1 and 2 instead of its default.
 * Graph vectors come from the spectral embedding (a training-free stand-in for LightGCN); no content
 * vectors. Prints one JSON line per model.   npx tsx scripts/bench/default-ranker.ts [--users 600]
 */
import { resolve } from 'node:path';
import { loadLastfm } from '../../src/eval/lastfm';
import { rankMetrics } from '../../src/eval/metrics';
import { splitByUser } from '../../src/eval/split';
import { buildTrainData } from '../../src/eval/train-data';
import { initBackend } from '../../src/models/backend';
import { itemSet } from '../../src/models/sparse-item-item';
import { CO_ENGAGEMENT_DEFAULTS, itemGraphs } from '../../src/pipeline/co-engagement';
import { defaultRanker } from '../../src/ranking/default-ranker';
import { featureStats } from '../../src/ranking/feature-stats';
import { FEATURE_INDEX, FEATURE_NAMES } from '../../src/ranking/features';
import { rankForUser } from '../../src/ranking/rank-for-user';
import type { RankerModel } from '../../src/ranking/ranker';
import { buildRankingData } from '../../src/ranking/ranking-data';
import { spectralEmbedding } from '../../src/ranking/spectral-embedding';
import { userStateFromData } from '../../src/ranking/user-state';

async function main(): Promise<void> {
  await initBackend();
  const args = process.argv.slice(2);
  const at = args.indexOf('--users');
  const maxUsers = at >= 0 ? Number(args[at + 1]) : 600;
  const dataset = loadLastfm(resolve(__dirname, '..', '..', '..', 'shared', 'data', 'lastfm-2k'));
  const split = splitByUser(dataset, { seed: 1 });
  const train = buildTrainData(dataset, split);
  // The serving snapshot's item graphs (EASE's rows, the walk), as pipeline/serving-data.ts builds them.
  const graphs = itemGraphs(train);
  const data = buildRankingData(train, {
    graph: spectralEmbedding(train.userItems),
    coEngagement: graphs.coEngagement,
    walk: graphs.walk,
    ...(graphs.easeSigned ? { easeSigned: graphs.easeSigned } : {}),
    blendItems: itemSet(train, CO_ENGAGEMENT_DEFAULTS.minUsers).items,
    userIds: dataset.userIds,
    itemIds: dataset.itemIds,
  });

  /** The weights served before standardisation (raw features, μ = 0, σ = 1). */
  const RAW: RankerModel = {
    kind: 'logistic',
    version: 1,
    features: [...FEATURE_NAMES],
    mean: new Array<number>(FEATURE_NAMES.length).fill(0),
    std: new Array<number>(FEATURE_NAMES.length).fill(1),
    weights: [2.0, 1.5, 8.0, 1.0, 0.8, 0.8, 0.3, 0.5, 0.5, 0.5, 0], // no blend feature then
    bias: -3,
  };
  const stats = featureStats(data, { sampleUsers: 48 });
  const standardised = defaultRanker(stats);
  const b = FEATURE_INDEX.blend;
  console.log(JSON.stringify({ blendStats: { mean: +stats.mean[b]!.toFixed(2), std: +stats.std[b]!.toFixed(2) } }));
  /** The default weights with the blend feature weighted otherwise (0: as before the feature existed). */
  const blendWeighted = (w: number): RankerModel => ({
    ...standardised,
    weights: standardised.weights.map((x, f) => (f === FEATURE_INDEX.blend ? w : x)),
  });
  const models: Record<string, RankerModel> = {
    standardised,
    'blend weight 0': blendWeighted(0),
    'blend weight 1': blendWeighted(1),
    'blend weight 2': blendWeighted(2),
    raw: RAW,
  };
  const quantile = (xs: number[], p: number): number =>
    +[...xs].sort((a, b) => a - b)[Math.floor(p * (xs.length - 1))]!.toFixed(4);

  for (const [name, model] of Object.entries(models)) {
    let n = 0;
    const sums: Record<string, number> = {};
    const top1: number[] = [];
    const top20: number[] = [];
    for (let u = 0; u < split.numUsers && n < maxUsers; u += 3) {
      const relevant = new Set<number>();
      for (let k = split.valid.offsets[u]!; k < split.valid.offsets[u + 1]!; k++) relevant.add(split.valid.targets[k]!);
      if (relevant.size === 0) continue;
      const ranked = rankForUser(
        data,
        model,
        { user: u, state: userStateFromData(data, u), k: 20 },
        { withReasons: false },
      );
      for (const [k, v] of Object.entries(
        rankMetrics(
          ranked.map((r) => r.item),
          relevant,
          [10, 20],
        ),
      ))
        sums[k] = (sums[k] ?? 0) + v;
      top1.push(ranked[0]?.score ?? NaN);
      top20.push(ranked[19]?.score ?? NaN);
      n++;
    }
    const metrics = Object.fromEntries(
      ['recall@10', 'ndcg@10', 'recall@20', 'ndcg@20'].map((k) => [k, +((sums[k] ?? 0) / n).toFixed(4)]),
    );
    console.log(
      JSON.stringify({
        model: name,
        users: n,
        metrics,
        top1Score: { p10: quantile(top1, 0.1), p50: quantile(top1, 0.5), p90: quantile(top1, 0.9) },
        top20Score: { p10: quantile(top20, 0.1), p50: quantile(top20, 0.5), p90: quantile(top20, 0.9) },
        top20Above0999: +(top20.filter((s) => s > 0.999).length / n).toFixed(3),
      }),
    );
  }
}

void main();
