/**
 * Features of a (user, item, context) triple for the fusion ranker. One row per candidate, columns in
 * FEATURE_NAMES order:
 *   graph          e_u · e_i with the user's online graph vector
 *   content        cos(content profile, content_i)
 *   query          cos(query vector, content_i)
 *   coEngagement   Σ_{i' ∈ I_u} log(1+w) · sim(i', i)
 *   socialCount    log(1 + #friends who engaged i)
 *   socialStrength Σ_friends normalised engagement strength
 *   pagerank       log(1 + N · PR(i))        (N = catalogue size, so the uniform score maps to log 2)
 *   recency        2^(−age_i / halfLife) by publish time (0 when unknown)
 *   contextMatch   mean over given context dims of log(B · p̂(bucket | i)),
 *                  p̂ = (c_b + α/B) / (Σ_b c_b + α)  (additive smoothing towards uniform)
 *   kindPreference (n_kind + 1) / (n + 2) − ½ over the user's engaged items of known kind (Laplace,
 *                  centred so an unknown kind or an undecided user contributes 0)
 *   blend          z(ease) + w_walk · z(walk) + w_graph · z(graph), each divided by its RMS over the
 *                  blend items for this user (ranking/blend.ts: graph-ease's blend over EASE's signed
 *                  rows, the RP3β walk graph and the stored user vector); 0 where the data has no walk graph
 */
import type { BlendSignal } from './blend';
import type { CoEngagementScores, SocialScores } from './candidates';
import type { RankingData } from './ranking-data';
import type { SimilarityCut } from './similarity-cut';
import type { UserState } from './user-state';

export const FEATURE_NAMES = [
  'graph',
  'content',
  'query',
  'coEngagement',
  'socialCount',
  'socialStrength',
  'pagerank',
  'recency',
  'contextMatch',
  'kindPreference',
  'blend',
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];
export const NUM_FEATURES = FEATURE_NAMES.length;
export const FEATURE_INDEX: Readonly<Record<FeatureName, number>> = Object.freeze(
  Object.fromEntries(FEATURE_NAMES.map((n, k) => [n, k])) as Record<FeatureName, number>,
);

/** The situation a feed is requested in (GraphQL ContextInput); not the API's per-request RequestContext. */
export interface FeedContext {
  localHour?: number;
  weekday?: number;
  device?: string;
}

export interface FeatureOptions {
  freshnessHalfLifeDays: number;
  contextSmoothing: number;
  now: number;
}

export const FEATURE_DEFAULTS: Readonly<Omit<FeatureOptions, 'now'>> = Object.freeze({
  freshnessHalfLifeDays: 30,
  contextSmoothing: 5,
});

/** The vectors whose dot products fill a candidate-only request's signals (null: that signal is absent). */
export interface PendingScan {
  graph: Float32Array | null;
  /** The blend's graph part (the stored user vector), when it is not `graph`'s array. */
  blendGraph: Float32Array | null;
  content: Float32Array | null;
  query: Float32Array | null;
}

/** Per-request dense signals shared by candidate sources and features. */
export interface Signals {
  graph: Float32Array | null;
  content: Float32Array | null;
  query: Float32Array | null;
  co: CoEngagementScores;
  /** The blend feature's scores and scales (null without a walk graph). */
  blend: BlendSignal | null;
  social: SocialScores;
  /** Laplace-smoothed share of the user's engagements per kind code, minus ½ (index 0 = unknown kind → 0). */
  kindShare: Float64Array;
  context?: FeedContext;
  /** Calibrated match cuts of the query and content-profile similarities (for reasons, not ranking). */
  queryCut?: SimilarityCut;
  contentCut?: SimilarityCut;
  /**
   * Present when the request scores only its candidates (ranking/candidate-scan.ts): graph, content,
   * query and the blend hold values for the candidates fillCandidates was given, 0 elsewhere.
   */
  scan?: PendingScan;
}

export function kindShares(data: RankingData, state: UserState): Float64Array {
  const counts = new Float64Array(3);
  let n = 0;
  for (const i of state.engaged) {
    const k = data.itemKind[i] ?? 0;
    if (k === 0) continue;
    counts[k]! += 1;
    n++;
  }
  const out = new Float64Array(3);
  for (let k = 1; k < 3; k++) out[k] = (counts[k]! + 1) / (n + 2) - 0.5;
  return out;
}

/** log(B·p̂) for one histogram row; 0 when there is no histogram or bucket. */
function histMatch(
  hist: Float32Array | undefined,
  buckets: number,
  item: number,
  bucket: number | undefined,
  alpha: number,
): number | null {
  if (!hist || bucket === undefined || bucket < 0 || bucket >= buckets || !Number.isInteger(bucket)) return null;
  const base = item * buckets;
  let total = 0;
  for (let b = 0; b < buckets; b++) total += hist[base + b]!;
  const p = (hist[base + bucket]! + alpha / buckets) / (total + alpha);
  return Math.log(buckets * p);
}

export function contextMatch(
  data: RankingData,
  item: number,
  context: FeedContext | undefined,
  alpha = FEATURE_DEFAULTS.contextSmoothing,
): number {
  const h = data.context;
  if (!h || !context) return 0;
  const parts: number[] = [];
  const hour = histMatch(h.hour, 24, item, context.localHour, alpha);
  if (hour !== null) parts.push(hour);
  const day = histMatch(h.weekday, 7, item, context.weekday, alpha);
  if (day !== null) parts.push(day);
  if (h.device && h.devices && context.device !== undefined) {
    const d = histMatch(h.device, h.devices.length, item, h.devices.indexOf(context.device), alpha);
    if (d !== null) parts.push(d);
  }
  return parts.length ? parts.reduce((s, x) => s + x, 0) / parts.length : 0;
}

export function freshness(
  publishedAt: number,
  now: number,
  halfLifeDays = FEATURE_DEFAULTS.freshnessHalfLifeDays,
): number {
  if (!Number.isFinite(publishedAt)) return 0;
  const ageDays = Math.max(0, now - publishedAt) / 86_400_000;
  return Math.pow(2, -ageDays / halfLifeDays);
}

/** Feature rows (items.length × NUM_FEATURES, row-major). */
export function computeFeatures(
  data: RankingData,
  signals: Signals,
  items: ArrayLike<number>,
  options: Partial<FeatureOptions> = {},
): Float32Array {
  const settings: FeatureOptions = { ...FEATURE_DEFAULTS, now: Date.now(), ...options };
  const F = NUM_FEATURES;
  const out = new Float32Array(items.length * F);
  const n = data.numItems;
  for (let r = 0; r < items.length; r++) {
    const i = items[r]!;
    const b = r * F;
    out[b + 0] = signals.graph ? signals.graph[i]! : 0;
    out[b + 1] = signals.content ? signals.content[i]! : 0;
    out[b + 2] = signals.query ? signals.query[i]! : 0;
    out[b + 3] = signals.co.scores[i]!;
    out[b + 4] = Math.log1p(signals.social.count[i]!);
    out[b + 5] = signals.social.strength[i]!;
    out[b + 6] = Math.log1p(n * data.itemPopularity[i]!);
    out[b + 7] = freshness(data.itemPublishedAt[i]!, settings.now, settings.freshnessHalfLifeDays);
    out[b + 8] = contextMatch(data, i, signals.context, settings.contextSmoothing);
    out[b + 9] = signals.kindShare[data.itemKind[i] ?? 0]!;
    out[b + 10] = signals.blend ? signals.blend.scores[i]! : 0;
  }
  return out;
}
