/**
 * `served`: what recommendMedia ranks with, run on the evaluation's training split. fit() turns the
 * split into the stored graph's shape (a GraphProjection: users, items with their training tags,
 * engagement edges with their weights, follows; beside it the users' training tag assignments), trains
 * the configured graph model on it as the embeddings job does, encodes item texts with the configured
 * encoder when the dataset has them, and builds the ranking data with the serving snapshot's own builder
 * (pipeline/serving-data.ts). As after `npm run job -- all`: media PageRank as the pagerank job computes it (pipeline/pagerank.ts), and the
 * ranker the train-ranker job learns (pipeline/ranker-fit.ts: recent-engagement hold-out — here a seeded
 * shuffle, the datasets carry no times —, graph model retrained without it, logistic regression, and the
 * safe selection of ranking/ranker-selection.ts that may store the default ranker or one feature instead);
 * `ranker: 'default'` ranks with the default ranker over this data's feature statistics instead
 * (featureStats + defaultRanker, as recommend/default-ranker-source.ts, what a deployment serves before
 * its first train-ranker run). score() ranks each user's feed with ranking/rank-for-user.ts, filters off
 * except already-engaged, and scores the feed's items by their rank (the rest −Infinity).
 *
 * Not here: context histograms (the datasets have no contexts).
 */
import type { GraphProjection } from '../domain/ports';
import type { FitContext, Recommender, TrainData } from '../models/types';
import { CO_ENGAGEMENT_DEFAULTS, type CoEngagementSettings } from '../pipeline/co-engagement';
import { graphFromProjection } from '../pipeline/graph-data';
import { graphEmbeddings, type EvalCache } from '../pipeline/graph-embeddings';
import { graphPagerank } from '../pipeline/pagerank';
import {
  fitServingRanker,
  RANKER_FIT_DEFAULTS,
  SELECTION_MARGIN,
  storedItemGraphs,
  DAMP_GRID,
  GRAM_GRID,
  TAG_GRID,
} from '../pipeline/ranker-fit';
import { itemTextVectors } from '../pipeline/item-text';
import { buildServingData, type SnapshotParts } from '../pipeline/serving-data';
import { projectionFromTrain, tagAssignmentsFromTrain } from './projection';
import { DEFAULT_RANKER_SAMPLE_USERS } from '../ranking/default-ranker';
import { standardisedDefaultRanker } from '../ranking/feature-stats';
import type { RankerModel } from '../ranking/ranker';
import type { SelectionReference } from '../ranking/ranker-selection';
import type { RankingData } from '../ranking/ranking-data';
import { RANK_DEFAULTS, rankForUser } from '../ranking/rank-for-user';
import { userStateFromData } from '../ranking/user-state';

export interface ServedOptions {
  /** Graph model of the embeddings job ('none': no graph embeddings). */
  graphModel: string;
  /** Its configuration (config/models/lightgcn.json first). */
  graph: Record<string, unknown>;
  /** Encode item texts with the configured encoder (when the dataset has texts). */
  text: boolean;
  /** Feed length ranked per user (RecommendService's feedLength). */
  feedLength: number;
  /** Users sampled for the default ranker's feature statistics (DefaultRankerSource's). */
  sampleUsers: number;
  /** 'trained': the train-ranker job's ranker; 'default': the standardised default ranker. */
  ranker: string;
  /** Media PageRank as the pagerank job writes it. */
  pagerank: boolean;
  /** The train-ranker job's hold-out share and minimum history (its defaults). */
  holdOut: number;
  minHistory: number;
  /** Log the trained ranker's ablation (each feature removed in turn, on the job's hold-out). */
  ablate: boolean;
  /** The train-ranker job's safe-selection margin (its default; 0: the highest mean wins). */
  selectionMargin: number;
  /** What the train-ranker job's selection compares against: 'first' (its default) or 'best-feature'. */
  selectionReference: SelectionReference;
  /** The tag weights the train-ranker job chooses among for the snapshot's EASE (pipeline/ranker-fit.ts TAG_GRID). */
  tagGrid: number[];
  /** The γs of EASE's X the train-ranker job chooses among with them (pipeline/ranker-fit.ts GRAM_GRID). */
  gramGrid: number[];
  /** The βs of EASE's popularity damping it chooses among with each pair (pipeline/ranker-fit.ts DAMP_GRID). */
  dampGrid: number[];
  /**
   * The snapshot's item graphs (pipeline/co-engagement.ts, the service's defaults): e.g.
   * `--set itemGraphs.maxEaseItems=1000` ranks a catalogue as one past dense EASE's size.
   */
  itemGraphs: CoEngagementSettings;
}

export const SERVED_DEFAULTS: ServedOptions = {
  graphModel: 'lightgcn',
  graph: {},
  text: true,
  feedLength: 100,
  sampleUsers: DEFAULT_RANKER_SAMPLE_USERS,
  ranker: 'trained',
  pagerank: true,
  holdOut: RANKER_FIT_DEFAULTS.holdOut,
  minHistory: RANKER_FIT_DEFAULTS.minHistory,
  ablate: false,
  selectionMargin: SELECTION_MARGIN,
  selectionReference: 'first',
  tagGrid: [...TAG_GRID],
  gramGrid: [...GRAM_GRID],
  dampGrid: [...DAMP_GRID],
  itemGraphs: { ...CO_ENGAGEMENT_DEFAULTS },
};

export class ServedRecommender implements Recommender {
  readonly name = 'served';
  private data: RankingData | null = null;
  private ranker: RankerModel | null = null;
  private now = Date.now();

  // Options come checked by the catalogue (eval/models.ts: itemGraphs' model, counts and λ).
  constructor(private readonly options: ServedOptions) {}

  /** The ranking data and ranker fit() built (for tests). */
  get serving(): { data: RankingData; ranker: RankerModel } {
    if (!this.data || !this.ranker) throw new Error('served: fit() first');
    return { data: this.data, ranker: this.ranker };
  }

  async fit(train: TrainData, ctx: FitContext): Promise<void> {
    const projection = withPagerank(projectionFromTrain(train), this.options.pagerank);
    const embeddings = await graphEmbeddings(projection, {
      graphModel: this.options.graphModel,
      graphConfig: this.options.graph,
      seed: ctx.seed,
      log: ctx.log,
      ...(ctx.backend ? { backend: ctx.backend } : {}),
      ...cacheOf(ctx),
    });
    const vectors = this.options.text
      ? (train.itemTextVectors ??
        (train.itemTexts && ctx.textEncoder ? await ctx.textEncoder.embed(train.itemTexts) : undefined))
      : undefined;
    const text = itemTextVectors(projection.itemIds.length, (i) => vectors?.[i]);
    if (this.options.text)
      ctx.log(`served: ${embeddings.media.size} graph embeddings, ${text.has.reduce((n, x) => n + x, 0)} text vectors`);
    const parts: SnapshotParts = {
      projection,
      embeddings,
      text,
      tagAssignments: tagAssignmentsFromTrain(train),
      itemGraphs: this.options.itemGraphs,
    };
    if (this.options.ranker !== 'trained') {
      this.data = buildServingData(parts).data;
      this.ranker = standardisedDefaultRanker(this.data, {
        sampleUsers: this.options.sampleUsers,
        now: this.now,
      }).model;
      return;
    }
    // As the service loads its snapshot: the stored ranker first, then the item graphs it was learned with.
    this.ranker = await this.fitRanker(parts, ctx);
    const itemGraphs = { ...this.options.itemGraphs, ...storedItemGraphs(this.ranker) };
    this.data = buildServingData({ ...parts, itemGraphs }).data;
  }

  /** The train-ranker job's ranker on these parts. */
  private async fitRanker(parts: SnapshotParts, ctx: FitContext): Promise<RankerModel> {
    const fit = await fitServingRanker(parts, {
      graphModel: this.options.graphModel,
      graphConfig: this.options.graph,
      seed: ctx.seed,
      holdOut: this.options.holdOut,
      minHistory: this.options.minHistory,
      ablate: this.options.ablate,
      margin: this.options.selectionMargin,
      reference: this.options.selectionReference,
      tagGrid: this.options.tagGrid,
      gramGrid: this.options.gramGrid,
      dampGrid: this.options.dampGrid,
      log: ctx.log,
      ...(ctx.backend ? { backend: ctx.backend } : {}),
      ...cacheOf(ctx),
    });
    return fit.model;
  }

  /** The feed recommendMedia would rank for user u (no filter but already-engaged). */
  feed(u: number): { item: number; score: number }[] {
    const { data, ranker } = this.serving;
    const state = userStateFromData(data, u);
    return rankForUser(
      data,
      ranker,
      { user: u, state, k: this.options.feedLength, filter: { excludeEngaged: true }, now: this.now },
      { ...RANK_DEFAULTS, withReasons: false },
    );
  }

  score(users: Int32Array): Float32Array {
    const ni = this.serving.data.numItems;
    const out = new Float32Array(users.length * ni).fill(-Infinity);
    users.forEach((u, r) => {
      const feed = this.feed(u);
      feed.forEach((f, rank) => {
        out[r * ni + f.item] = feed.length - rank;
      });
    });
    return out;
  }
}

/** The projection with media PageRank as the pagerank job stores it (or without, as before any job run). */
function withPagerank(projection: GraphProjection, on: boolean): GraphProjection {
  if (!on) return projection;
  const media = graphPagerank(graphFromProjection(projection)).media.scores;
  return { ...projection, itemMeta: projection.itemMeta.map((m, i) => ({ ...m, pagerank: media[i]! })) };
}

/** `eval --cache`: graph embeddings reused across runs, keyed by the data they were trained on. */
function cacheOf(ctx: FitContext): { cache?: EvalCache } {
  return ctx.embeddingCache
    ? { cache: { embeddingCache: ctx.embeddingCache, ...(ctx.dataset ? { dataset: ctx.dataset } : {}) } }
    : {};
}
