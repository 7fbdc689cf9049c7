/**
 * The feed: candidates from every source → deduplicate → filter → features → fusion ranker →
 * MMR diversity re-rank → explanations. Only the candidate union is featurised. With scan 'catalogue'
 * (the default) the graph, content and query scores are dot-product passes over every item, a few ms on
 * LastFM (17,632 items) and seconds at 1.76M; with scan 'candidates' (ranking/candidate-scan.ts: what
 * the service runs past VECTOR_INDEX_MIN_ITEMS) their candidates come from nearest-neighbour indexes and
 * their scores are computed for the candidates only. Co-engagement and friends are sparse accumulations.
 *
 *   rankForUser(data, model, { user, state, context, queryVector, queryTerms, k, diversity, filter })
 *
 * diversity ∈ [0, 1] maps to MMR's λ = 1 − diversity (0 = pure relevance order).
 */
import { BadInputError } from '../domain/errors';
import {
  coEngagementCandidates,
  coEngagementScores,
  contentCandidates,
  contentScores,
  freshCandidates,
  graphCandidates,
  mergeCandidates,
  nearestContent,
  popularCandidates,
  socialCandidates,
  socialScores,
  trendingCandidates,
  type NearestNeighbourIndex,
  type SourceHit,
  type SourceName,
} from './candidates';
import { BLEND_DEFAULTS, blendSignal, type BlendWeights } from './blend';
import { candidateScan, fillCandidates, sampledCuts } from './candidate-scan';
import { itemSimilarity, mmr } from './diversity';
import { explain, type ExplainOptions, type Reason } from './explain';
import { computeFeatures, kindShares, type FeedContext, type Signals } from './features';
import { buildFilter, type RankFilter } from './filters';
import type { RankingData } from './ranking-data';
import { itemScratch, type ScratchLease } from './item-scratch';
import { hasVector, similarityCut } from './similarity-cut';
import { scoreRows, sigmoid, type RankerModel } from './ranker';
import { runSteps, type Steps } from './steps';
import { dotAll, topKOf } from './top-k';
import { onlineVectors, type OnlineVectorOptions, type UserState } from './user-state';

export interface RankRequest {
  user: number | null;
  state: UserState;
  context?: FeedContext;
  /** Unit-length query embedding (same encoder as the content vectors). */
  queryVector?: Float32Array;
  /** Lower-cased query terms, for "matches your search" evidence. */
  queryTerms?: string[];
  /** The query's encoder knows spelling, not meaning: "matches your search" needs a shared word. */
  queryLexical?: boolean;
  k: number;
  /** 0 (default) = relevance order; 1 = maximal diversity. */
  diversity?: number;
  filter?: RankFilter;
  /** Reference time (ms); default Date.now(). */
  now?: number;
}

export interface RankOptions {
  /** Candidates taken from each source. */
  perSource: Record<SourceName, number>;
  /** Items MMR chooses from (the best by score). */
  rerankPool: number;
  trendingWindowDays: number;
  /** Friends' engagements older than this do not count (when times are known). */
  socialWindowDays: number;
  explain: Partial<ExplainOptions>;
  online: Partial<Omit<OnlineVectorOptions, 'now'>>;
  /** External nearest-neighbour index for the graph source (exact scan when absent). */
  index?: NearestNeighbourIndex;
  /** Skip explanations (evaluation). */
  withReasons: boolean;
  /** Weights of the blend feature (ranking/blend.ts); a ranker that stores its own (RankerModel.blend) overrides them. */
  blend: BlendWeights;
  /**
   * 'catalogue': the graph, content and query signals are computed for every item; 'candidates': only
   * for the request's candidates, the graph's from `index` and the content and query ones from
   * `contentIndex` and `queryIndex` (exact scans when absent): ranking/candidate-scan.ts.
   */
  scan: 'catalogue' | 'candidates';
  /** External nearest-neighbour index over the content vectors, for a candidate-only request's content source. */
  contentIndex?: NearestNeighbourIndex;
  /** The same for its query source (contentIndex when absent). */
  queryIndex?: NearestNeighbourIndex;
}

export const RANK_DEFAULTS: Readonly<RankOptions> = Object.freeze({
  perSource: {
    graph: 100,
    coEngagement: 200,
    social: 50,
    content: 50,
    query: 100,
    popular: 30,
    trending: 30,
    fresh: 20,
  },
  rerankPool: 100,
  trendingWindowDays: 7,
  socialWindowDays: Infinity,
  explain: {},
  online: {},
  withReasons: true,
  blend: BLEND_DEFAULTS,
  scan: 'catalogue',
});

export interface RankedItem {
  item: number;
  /** Engagement probability from the ranker (MMR may order a lower score first). */
  score: number;
  reasons: Reason[];
}

/** Dense per-request signals (also used by the evaluation model). */
export function requestSignals(data: RankingData, request: RankRequest, options: Partial<RankOptions> = {}): Signals {
  return runSteps(requestSignalSteps(data, request, options));
}

/**
 * requestSignals in steps, one full-catalogue pass each (ranking/steps.ts): bench:abuse measured
 * query-steered feeds ranked in one piece at ~10 ms a slice, each a wait for another key's request.
 * With a lease the catalogue-length arrays are lent (ranking/item-scratch.ts): the signals are then the
 * caller's only until it releases the lease.
 */
export function* requestSignalSteps(
  data: RankingData,
  request: RankRequest,
  options: Partial<RankOptions> = {},
  lease?: ScratchLease,
): Steps<Signals> {
  const settings = { ...RANK_DEFAULTS, ...options };
  const now = request.now ?? Date.now();
  const vectors = onlineVectors(data, request.state, { ...settings.online, now });
  yield;
  // A candidate-only request leaves the dot products for fillCandidates (ranking/candidate-scan.ts).
  const scan = settings.scan === 'candidates' ? candidateScan(data, vectors, request.queryVector, lease) : null;
  const content = scan ? scan.content : contentScores(data, vectors.content);
  yield;
  const query = scan ? scan.query : contentScores(data, request.queryVector);
  yield;
  const graph = scan
    ? scan.graph
    : vectors.graph && data.graph
      ? dotAll(data.graph.items, data.graph.dim, vectors.graph)
      : null;
  yield;
  const cuts =
    settings.withReasons && data.content
      ? scan
        ? sampledCuts(data.content, scan.pending)
        : matchCuts(data.content, content, query)
      : {};
  yield;
  const co = coEngagementScores(data, request.state, lease);
  yield;
  // The blend's graph part scores with the stored user vector, as graph-ease with its user embedding.
  const storedGraph = scan
    ? scan.blendGraph
    : data.walk && vectors.stored && data.graph
      ? dotAll(data.graph.items, data.graph.dim, vectors.stored)
      : graph;
  const social = socialScores(data, request.user, { now, windowDays: settings.socialWindowDays }, lease);
  const blend = blendSignal(
    data,
    request.state,
    storedGraph,
    settings.blend,
    scan ? { graphScale: scan.blendGraphScale } : undefined,
    lease,
    social,
  );
  return {
    graph,
    content,
    query,
    ...cuts,
    co,
    blend,
    social,
    kindShare: kindShares(data, request.state),
    ...(request.context ? { context: request.context } : {}),
    ...(scan ? { scan: scan.pending } : {}),
  };
}

function matchCuts(
  table: { items: Float32Array; dim: number },
  content: Float32Array | null,
  query: Float32Array | null,
): Pick<Signals, 'contentCut' | 'queryCut'> {
  const withVector = hasVector(table.items, table.dim);
  return { contentCut: similarityCut(content, withVector), queryCut: similarityCut(query, withVector) };
}

/** Candidate lists of every source for a request. */
export function requestCandidates(
  data: RankingData,
  signals: Signals,
  accept: (i: number) => boolean,
  request: RankRequest,
  options: Partial<RankOptions> = {},
): Partial<Record<SourceName, SourceHit[]>> {
  const settings = { ...RANK_DEFAULTS, ...options, perSource: { ...RANK_DEFAULTS.perSource, ...options.perSource } };
  const p = settings.perSource;
  const now = request.now ?? Date.now();
  const lists: Partial<Record<SourceName, SourceHit[]>> = {};
  const scan = signals.scan;
  if (signals.graph) {
    lists.graph = scan
      ? graphCandidates(data, scan.graph, p.graph, accept, settings.index)
      : settings.index
        ? graphCandidates(
            data,
            onlineVectors(data, request.state, { ...settings.online, now }).graph,
            p.graph,
            accept,
            settings.index,
          )
        : topKOf(signals.graph, p.graph, accept);
  }
  lists.coEngagement = coEngagementCandidates(signals.co, p.coEngagement, accept);
  lists.social = socialCandidates(signals.social, p.social, accept);
  lists.content = scan
    ? nearestContent(data, scan.content, p.content, accept, settings.contentIndex)
    : contentCandidates(signals.content, p.content, accept);
  lists.query = scan
    ? nearestContent(data, scan.query, p.query, accept, settings.queryIndex ?? settings.contentIndex)
    : contentCandidates(signals.query, p.query, accept);
  lists.popular = popularCandidates(data, p.popular, accept);
  if (data.itemUsersLastAt)
    lists.trending = trendingCandidates(data, now, settings.trendingWindowDays * 86_400_000, p.trending, accept);
  lists.fresh = freshCandidates(data, p.fresh, accept);
  return lists;
}

export function rankForUser(
  data: RankingData,
  model: RankerModel,
  request: RankRequest,
  options: Partial<RankOptions> = {},
): RankedItem[] {
  return runSteps(rankSteps(data, model, request, options));
}

/** rankForUser in steps (ranking/steps.ts): the signals' passes, candidates, features and scores, explanations. */
export function* rankSteps(
  data: RankingData,
  model: RankerModel,
  request: RankRequest,
  options: Partial<RankOptions> = {},
): Steps<RankedItem[]> {
  if (!Number.isInteger(request.k) || request.k < 0)
    throw new BadInputError('k', `k must be a non-negative integer (got ${request.k})`, request.k);
  const diversity = request.diversity ?? 0;
  if (!(diversity >= 0 && diversity <= 1))
    throw new BadInputError('diversity', `diversity must be between 0 and 1 (got ${diversity})`, diversity);
  const settings = { ...RANK_DEFAULTS, ...options, ...(model.blend ? { blend: model.blend } : {}) };
  const now = request.now ?? Date.now();
  const accept = buildFilter(data, request.state, request.filter);
  // The signals' catalogue-length arrays are lent for this feed and taken back when it is ranked (or
  // abandoned with an error): nothing returned refers to them.
  const lease = itemScratch(data).lease();
  try {
    const signals = yield* requestSignalSteps(data, request, settings, lease);
    yield;
    const merged = mergeCandidates(requestCandidates(data, signals, accept, request, settings));
    yield;
    const items = merged.map((c) => c.item);
    fillCandidates(data, signals, items, lease);
    const rows = computeFeatures(data, signals, items, { now });
    const logits = scoreRows(model, rows);
    const order = items.map((_, r) => r).sort((a, b) => logits[b]! - logits[a]! || items[a]! - items[b]!);
    let chosen: number[];
    if (diversity > 0) {
      const pool = order.slice(0, Math.max(request.k, settings.rerankPool));
      const picked = mmr(
        pool.map((r) => items[r]!),
        pool.map((r) => logits[r]!),
        itemSimilarity(data),
        { lambda: 1 - diversity, k: request.k },
      );
      chosen = picked.map((p) => pool[p]!);
    } else chosen = order.slice(0, request.k);
    yield;
    const input = {
      data,
      model,
      signals,
      state: request.state,
      now,
      ...(request.queryTerms ? { queryTerms: request.queryTerms } : {}),
      ...(request.queryLexical ? { queryLexical: true } : {}),
    };
    return chosen.map((r) => ({
      item: items[r]!,
      score: sigmoid(logits[r]!),
      reasons: settings.withReasons ? explain(input, items[r]!, rows, r, settings.explain) : [],
    }));
  } finally {
    lease.release();
  }
}
