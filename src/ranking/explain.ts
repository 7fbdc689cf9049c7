/**
 * Explanations ("why this?"): the ranker is linear in standardised features, so each feature's share
 * of the logit, c_f = w_f · (x_f − μ_f) / σ_f, is an exact additive attribution (the linear case of
 * SHAP, Lundberg & Lee 2017). The top positive contributions become reasons, each with evidence ids:
 * which friends engaged, which engaged item it resembles, which query terms match, which context fits.
 * A reason's weight is its share of what the listed reasons contributed, c_k / Σ_listed c_j, so the
 * reasons of an item sum to 1. FRESH is said only of an item with a real publication time inside
 * `freshWindowDays` (an item without one has no recency to speak of).
 *
 * One exception to μ as the background: the query. Its μ_f was measured on pseudo-queries
 * (ranking/feature-stats.ts), which says nothing about this request, and in a catalogue of near-duplicate
 * titles it sat above a clear match's similarity, so the search that lifted an item to the top read as a
 * negative share and "matches your search" went missing. The query's background is the catalogue's bulk
 * for this very query (its calibrated cut's median): c_query = w · (x − median) / σ, positive for every
 * item that clears the match cut. Ranking is unchanged (a per-feature shift moves every logit alike).
 */
import { coEvidence } from './candidates';
import { graphShare, socialShare } from './blend';
import { FEATURE_INDEX, NUM_FEATURES, type Signals } from './features';
import { itemName, MEDIA_KIND, userName, type RankingData } from './ranking-data';
import { contributions, type RankerModel } from './ranker';
import { zScore, type SimilarityCut } from './similarity-cut';
import type { UserState } from './user-state';

export type ReasonKind =
  'graph' | 'content' | 'query' | 'coEngagement' | 'social' | 'popular' | 'fresh' | 'context' | 'kind';

export interface Reason {
  kind: ReasonKind;
  label: string;
  /** Share of the item's score this reason accounts for; an item's reasons sum to 1. */
  weight: number;
  /** Ids backing the reason (users, items, terms or context values). */
  evidence: string[];
}

export interface ExplainOptions {
  maxReasons: number;
  maxEvidence: number;
  /** Recent engaged items searched for "resembles" evidence. */
  historyScan: number;
  /** FRESH only for items published at most this many days before `now`. */
  freshWindowDays: number;
}

export const EXPLAIN_DEFAULTS: Readonly<ExplainOptions> = Object.freeze({
  maxReasons: 3,
  maxEvidence: 5,
  historyScan: 50,
  freshWindowDays: 30,
});

const FEATURE_KIND: readonly ReasonKind[] = [
  'graph',
  'content',
  'query',
  'coEngagement',
  'social',
  'social',
  'popular',
  'fresh',
  'context',
  'kind',
  'coEngagement', // blend: split between co-engagement, graph and social by their shares (below)
];

export interface ExplainInput {
  data: RankingData;
  model: RankerModel;
  signals: Signals;
  state: UserState;
  queryTerms?: readonly string[];
  /** The query's encoder knows spelling, not meaning: a QUERY reason needs a query word in the item's terms. */
  queryLexical?: boolean;
  /** Reference time (ms) of the freshness window; default Date.now(). */
  now?: number;
}

/** The engaged item most similar to `item` in a row-major table (cosine), or −1. */
function mostSimilarEngaged(table: Float32Array, dim: number, item: number, state: UserState, scan: number): number {
  let best = -1;
  let bestVal = 0;
  const n = Math.min(scan, state.items.length);
  for (let h = 0; h < n; h++) {
    const j = state.items[h]!;
    if (j === item || !(state.weights[h]! > 0)) continue;
    let ab = 0;
    let aa = 0;
    let bb = 0;
    for (let c = 0; c < dim; c++) {
      const x = table[item * dim + c]!;
      const y = table[j * dim + c]!;
      ab += x * y;
      aa += x * x;
      bb += y * y;
    }
    const s = aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
    if (s > bestVal) {
      bestVal = s;
      best = j;
    }
  }
  return best;
}

function evidenceFor(
  kind: ReasonKind,
  item: number,
  input: ExplainInput,
  options: ExplainOptions,
  hits: readonly string[],
): { label: string; evidence: string[] } {
  const { data, signals, state } = input;
  switch (kind) {
    case 'social': {
      const friends = (signals.social.friends.get(item) ?? [])
        .slice(0, options.maxEvidence)
        .map((f) => userName(data, f.user));
      return { label: `${signals.social.count[item]} of your friends engaged with this`, evidence: friends };
    }
    case 'coEngagement': {
      const j = coEvidence(signals.co, item);
      return {
        label: 'People who engaged with what you like also engaged with this',
        evidence: j >= 0 ? [itemName(data, j)] : [],
      };
    }
    case 'content': {
      const j = data.content
        ? mostSimilarEngaged(data.content.items, data.content.dim, item, state, options.historyScan)
        : -1;
      const s = signals.content?.[item] ?? 0;
      return {
        label: `Similar in content to what you engaged with (similarity ${s.toFixed(2)}, ${standout(signals.contentCut, s)})`,
        evidence: [...(j >= 0 ? [itemName(data, j)] : []), `similarity:${s.toFixed(3)}`],
      };
    }
    case 'graph': {
      if (data.graph?.textPlaced?.[item]) {
        // A new upload placed in the graph by its text (graph-text): name what of yours it resembles, by text first.
        const byText = data.content
          ? mostSimilarEngaged(data.content.items, data.content.dim, item, state, options.historyScan)
          : -1;
        const j =
          byText >= 0 ? byText : mostSimilarEngaged(data.graph.items, data.graph.dim, item, state, options.historyScan);
        return {
          label:
            j >= 0
              ? `New, no engagement yet: its description resembles ${itemName(data, j)}, which you engaged with`
              : 'New, no engagement yet: placed near your taste by its description',
          evidence: j >= 0 ? [itemName(data, j)] : [],
        };
      }
      const j = data.graph
        ? mostSimilarEngaged(data.graph.items, data.graph.dim, item, state, options.historyScan)
        : -1;
      return { label: 'Close to your taste in the interaction graph', evidence: j >= 0 ? [itemName(data, j)] : [] };
    }
    case 'query': {
      const s = signals.query?.[item] ?? 0;
      return {
        label: `Matches your search (similarity ${s.toFixed(2)}, ${standout(signals.queryCut, s)})`,
        evidence: [...hits.slice(0, options.maxEvidence), `similarity:${s.toFixed(3)}`],
      };
    }
    case 'context': {
      const c = signals.context ?? {};
      const ev: string[] = [];
      if (c.localHour !== undefined) ev.push(`hour:${c.localHour}`);
      if (c.weekday !== undefined) ev.push(`weekday:${c.weekday}`);
      if (c.device !== undefined) ev.push(`device:${c.device}`);
      return { label: 'Often played in a context like yours', evidence: ev };
    }
    case 'kind': {
      const k = data.itemKind[item];
      return {
        label: 'Matches the kind of media you prefer',
        evidence: k === MEDIA_KIND.AUDIO ? ['AUDIO'] : k === MEDIA_KIND.VIDEO ? ['VIDEO'] : [],
      };
    }
    case 'popular':
      return { label: 'Popular right now', evidence: [] };
    case 'fresh': {
      const t = data.itemPublishedAt[item]!;
      return {
        label: 'Newly published',
        evidence: Number.isFinite(t) ? [`publishedAt:${new Date(t).toISOString()}`] : [],
      };
    }
  }
}

/**
 * Query terms found in the item's terms (its keywords and tags): a whole term, a word of one, or a word
 * sharing a stem with one (a common prefix of at least 4 letters and more than 80% of the shorter word: "guitar" ~
 * "guitars", "metal" ~ "metalcore", "melancholic" ~ "melancholy"; not "piano" ~ "pianist" nor "psychedelic" ~ "psychobilly").
 */
function queryHits(input: ExplainInput, item: number): string[] {
  const terms = new Set((input.data.itemTerms?.[item] ?? []).map((t) => t.toLowerCase()));
  const words = [...new Set([...terms].flatMap((t) => t.split(/\s+/u)))];
  return (input.queryTerms ?? []).filter((raw) => {
    const q = raw.toLowerCase();
    return terms.has(q) || words.some((w) => sameStem(q, w));
  });
}

function sameStem(a: string, b: string): boolean {
  const shorter = Math.min(a.length, b.length);
  let common = 0;
  while (common < shorter && a[common] === b[common]) common++;
  return a === b || (common >= 4 && common > 0.8 * shorter);
}

function clears(cut: SimilarityCut | undefined, scores: Float32Array | null, item: number): boolean {
  return !cut || (scores !== null && scores[item]! >= cut.min);
}

function standout(cut: SimilarityCut | undefined, s: number): string {
  if (!cut) return 'uncalibrated';
  const z = zScore(cut, s);
  return Number.isFinite(z) ? `${z.toFixed(1)} deviations above the catalogue's bulk` : "above the catalogue's bulk";
}

/** Reasons for the item in row `r` of `rows` (the candidate feature matrix). */
export function explain(
  input: ExplainInput,
  item: number,
  rows: Float32Array,
  r: number,
  options: Partial<ExplainOptions> = {},
): Reason[] {
  const settings = { ...EXPLAIN_DEFAULTS, ...options };
  const c = contributions(input.model, rows, r);
  const queryCut = input.signals.queryCut;
  if (queryCut && Number.isFinite(queryCut.median)) {
    const q = FEATURE_INDEX.query;
    c[q] = (input.model.weights[q]! * (rows[r * NUM_FEATURES + q]! - queryCut.median)) / input.model.std[q]!;
  }
  // The query words the item holds: the QUERY reason's evidence and, for a spelling-only encoder, its condition.
  const hits = input.queryTerms?.length ? queryHits(input, item) : [];
  const byKind = new Map<ReasonKind, number>();
  for (let f = 0; f < NUM_FEATURES; f++) {
    // A feature at zero carries no evidence (no friends, no query): it cannot be a reason.
    if (rows[r * NUM_FEATURES + f] === 0 && f !== FEATURE_INDEX.pagerank) continue;
    const kind = FEATURE_KIND[f]!;
    // A similarity is a reason only where it clears the match cut calibrated on the catalogue.
    if (kind === 'query' && !clears(input.signals.queryCut, input.signals.query, item)) continue;
    if (kind === 'query' && input.queryLexical && hits.length === 0) continue;
    if (kind === 'content' && !clears(input.signals.contentCut, input.signals.content, item)) continue;
    if (kind === 'fresh' && !publishedWithin(input.data, item, input.now ?? Date.now(), settings.freshWindowDays))
      continue;
    if (f === FEATURE_INDEX.blend && input.signals.blend) {
      // The blend is co-engagement, the walk (people who engaged your items also engaged …), the graph
      // and the friends who engaged the item.
      const g = graphShare(input.signals.blend, item);
      const s = Math.min(1 - g, socialShare(input.signals.blend, item));
      byKind.set('graph', (byKind.get('graph') ?? 0) + g * c[f]!);
      if (s > 0) byKind.set('social', (byKind.get('social') ?? 0) + s * c[f]!);
      byKind.set(kind, (byKind.get(kind) ?? 0) + (1 - g - s) * c[f]!);
      continue;
    }
    byKind.set(kind, (byKind.get(kind) ?? 0) + c[f]!);
  }
  const ranked = [...byKind.entries()].sort((a, b) => b[1] - a[1]);
  const positive = ranked.filter(([, w]) => w > 0);
  const chosen = (positive.length ? positive : ranked.slice(0, 1)).slice(0, settings.maxReasons);
  return asShares(
    chosen.map(([kind, weight]) => ({ kind, weight, ...evidenceFor(kind, item, input, settings, hits) })),
  );
}

/** True when the item has a real publication time in [now − days, now]. */
export function publishedWithin(data: RankingData, item: number, now: number, days: number): boolean {
  const t = data.itemPublishedAt[item]!;
  return Number.isFinite(t) && t <= now && now - t <= days * 86_400_000;
}

/**
 * Reasons with weights turned into shares of their total (they then sum to 1). Contributions that are
 * all zero or negative (an item chosen for want of better) share equally.
 */
export function asShares<R extends { weight: number }>(reasons: R[]): R[] {
  const total = reasons.reduce((s, r) => s + (r.weight > 0 && Number.isFinite(r.weight) ? r.weight : 0), 0);
  if (total > 0)
    return reasons.map((r) => ({ ...r, weight: r.weight > 0 && Number.isFinite(r.weight) ? r.weight / total : 0 }));
  return reasons.map((r) => ({ ...r, weight: 1 / reasons.length }));
}
