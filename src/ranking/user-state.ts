/**
 * Per-user state the ranker reads: engaged items with weights and times (most recent first), and
 * the "online vectors" derived from them, so a new interaction changes the next feed without
 * retraining (the item becomes engaged and is filtered; the profile vectors fold it in).
 *
 * Online vector (the item-averaging user model of FISM / Kabbur et al. 2013, and of
 * "item-based" inductive user embeddings):
 *   m_u = Σ_i a_i · e_i / Σ_i a_i,   a_i = log(1 + w_i) · 2^(−age_i / halfLife)
 *   v_u = β · ê_u + (1 − β) · m̂_u      (ê, m̂ unit-normalised; β = storedWeight, 0 when no stored e_u)
 * The same weighted mean over content vectors gives the content profile.
 */
import type { RankingData } from './ranking-data';

export interface UserState {
  user: number | null;
  /** Engaged items, most recent first, with parallel weights and times (ms; NaN = unknown). */
  items: number[];
  weights: number[];
  at: number[];
  engaged: ReadonlySet<number>;
}

export interface UserStateOptions {
  /** History kept for profiles (the engaged set used for filtering is never truncated). */
  maxItems: number;
}

export const USER_STATE_DEFAULTS: Readonly<UserStateOptions> = Object.freeze({ maxItems: 500 });

export interface OnlineVectorOptions {
  /** β: share of the stored (trained) user embedding in the graph vector. */
  storedWeight: number;
  /** Recency half-life in days; Infinity = no decay. */
  halfLifeDays: number;
  /** Reference time for ages (ms). */
  now: number;
  /** Only this many most recent items enter the profile. */
  maxItems: number;
}

export const ONLINE_VECTOR_DEFAULTS: Readonly<Omit<OnlineVectorOptions, 'now'>> = Object.freeze({
  storedWeight: 0.5,
  halfLifeDays: 90,
  maxItems: 200,
});

export function emptyUserState(user: number | null = null): UserState {
  return { user, items: [], weights: [], at: [], engaged: new Set() };
}

/** State of a known user from the snapshot: their userItems row, most recent first when times exist. */
export function userStateFromData(
  data: RankingData,
  user: number | null,
  options: Partial<UserStateOptions> = {},
): UserState {
  if (user === null || user < 0 || user >= data.numUsers) return emptyUserState(user);
  const settings = { ...USER_STATE_DEFAULTS, ...options };
  const ui = data.userItems;
  const rows: { i: number; w: number; t: number }[] = [];
  for (let k = ui.offsets[user]!; k < ui.offsets[user + 1]!; k++) {
    rows.push({ i: ui.targets[k]!, w: ui.weights[k]!, t: data.userItemsLastAt ? data.userItemsLastAt[k]! : NaN });
  }
  const engaged = new Set(rows.map((r) => r.i));
  const excluded = data.userExcluded;
  if (excluded)
    for (let k = excluded.offsets[user]!; k < excluded.offsets[user + 1]!; k++) engaged.add(excluded.targets[k]!);
  // Known times first, newest first; unknown times keep index order (stable, deterministic).
  rows.sort((a, b) => (Number.isNaN(b.t) ? -Infinity : b.t) - (Number.isNaN(a.t) ? -Infinity : a.t) || a.i - b.i);
  const kept = rows.slice(0, settings.maxItems);
  return { user, items: kept.map((r) => r.i), weights: kept.map((r) => r.w), at: kept.map((r) => r.t), engaged };
}

/**
 * Returns a new state with one more engagement: the item moves to the front (weights add up when it
 * was already there). Negative weights (dislike, negative comment) still mark the item engaged
 * (it is filtered out) but do not pull the profile towards it.
 */
export function foldInteraction(
  state: UserState,
  item: number,
  weight: number,
  at: number = Date.now(),
  options: Partial<UserStateOptions> = {},
): UserState {
  const settings = { ...USER_STATE_DEFAULTS, ...options };
  const pos = state.items.indexOf(item);
  const prior = pos >= 0 ? state.weights[pos]! : 0;
  const items = [item];
  const weights = [prior + weight];
  const times = [at];
  for (let k = 0; k < state.items.length && items.length < settings.maxItems; k++) {
    if (k === pos) continue;
    items.push(state.items[k]!);
    weights.push(state.weights[k]!);
    times.push(state.at[k]!);
  }
  const engaged = new Set(state.engaged);
  engaged.add(item);
  return { user: state.user, items, weights, at: times, engaged };
}

/** Folds several interactions in order (oldest first). */
export function foldInteractions(
  state: UserState,
  events: readonly { item: number; weight: number; at?: number }[],
): UserState {
  return events.reduce((s, e) => foldInteraction(s, e.item, e.weight, e.at ?? Date.now()), state);
}

/** Profile weight a_i of the k-th history entry. */
function profileWeights(state: UserState, options: OnlineVectorOptions): number[] {
  const n = Math.min(state.items.length, options.maxItems);
  const out: number[] = [];
  const dayMs = 86_400_000;
  for (let k = 0; k < n; k++) {
    const w = state.weights[k]!;
    const t = state.at[k]!;
    const decay =
      Number.isFinite(options.halfLifeDays) && Number.isFinite(t)
        ? Math.pow(2, -Math.max(0, options.now - t) / dayMs / options.halfLifeDays)
        : 1;
    out.push(w > 0 ? Math.log1p(w) * decay : 0);
  }
  return out;
}

/** Weighted mean of item rows of `table` (dim columns), unit-normalised; null when nothing contributes. */
export function weightedItemMean(
  table: Float32Array,
  dim: number,
  items: readonly number[],
  weights: readonly number[],
): Float32Array | null {
  const acc = new Float64Array(dim);
  let total = 0;
  for (let k = 0; k < weights.length; k++) {
    const a = weights[k]!;
    if (a <= 0) continue;
    const base = items[k]! * dim;
    let nz = false;
    for (let c = 0; c < dim; c++) {
      const v = table[base + c]!;
      if (v !== 0) nz = true;
      acc[c]! += a * v;
    }
    if (nz) total += a;
  }
  if (total === 0) return null;
  return unit(acc);
}

function unit(v: ArrayLike<number>): Float32Array | null {
  let s = 0;
  for (let c = 0; c < v.length; c++) s += v[c]! * v[c]!;
  if (s === 0 || !Number.isFinite(s)) return null;
  const inv = 1 / Math.sqrt(s);
  return Float32Array.from(v as ArrayLike<number>, (x) => x * inv);
}

export interface OnlineVectors {
  graph: Float32Array | null;
  content: Float32Array | null;
  /** The user's stored graph vector (unit length; null for a user the graph job has not embedded). */
  stored: Float32Array | null;
}

export function onlineVectors(
  data: RankingData,
  state: UserState,
  options: Partial<OnlineVectorOptions> = {},
): OnlineVectors {
  const settings: OnlineVectorOptions = { ...ONLINE_VECTOR_DEFAULTS, now: Date.now(), ...options };
  const a = profileWeights(state, settings);
  const items = state.items.slice(0, a.length);
  let graph: Float32Array | null = null;
  let stored: Float32Array | null = null;
  if (data.graph) {
    const d = data.graph.dim;
    const mean = weightedItemMean(data.graph.items, d, items, a);
    const u = state.user;
    stored =
      data.graph.users && u !== null && u >= 0 && u < data.numUsers
        ? unit(data.graph.users.subarray(u * d, u * d + d))
        : null;
    if (stored && mean) {
      const b = settings.storedWeight;
      graph = Float32Array.from(stored, (x, c) => b * x + (1 - b) * mean[c]!);
    } else graph = stored ?? mean;
  }
  const content = data.content ? weightedItemMean(data.content.items, data.content.dim, items, a) : null;
  return { graph, content, stored };
}
