/**
 * The ranker as the train-ranker job learns it, on data already read: each user's most recent engagements
 * (a `holdOut` share, at least one for users with ≥ `minHistory` items; ties in time are broken by a
 * seeded shuffle) are held out; the graph model is retrained on the rest so no feature has seen a held-out
 * pair; the serving candidate pipeline runs on that data, its EASE's tag weight, γ of X and popularity
 * damping first learned by EASE alone on the held-out pairs and stored with the ranker (candidatesByEase,
 * ease-choice.ts); held-out candidates are positives, the others negatives; a logistic regression is fitted
 * on sampled negatives, and served only when, on those users' whole candidate lists (cross-fitted), it ranks
 * at least as well as the default ranker and as every feature alone — else the better of those is
 * (ranking/ranker-selection.ts). Used by the job (jobs/train-ranker-job.ts, which stores it) and by
 * `npm run eval -- --model served` (eval/served-model.ts), so the evaluated ranker is the served one.
 */
import { buildCsr } from '../graph/csr';
import type { Csr } from '../graph/csr';
import type { GraphProjection, StoredEmbeddings } from '../domain/ports';
import { createRng, shuffle } from '../models/random';
import { DEFAULT_RANKER_SAMPLE_USERS } from '../ranking/default-ranker';
import { standardisedDefaultRanker } from '../ranking/feature-stats';
import { tuneBlend, type BlendTuning } from '../ranking/blend-tuning';
import { selectRanker, type SelectionReference } from '../ranking/ranker-selection';
import type { RankerModel } from '../ranking/ranker';
import { collectRankerExamples, EXAMPLE_DEFAULTS, type RankerExamples } from '../ranking/ranker-training';
import type { RankingData } from '../ranking/ranking-data';
import { graphEmbeddings, type EvalCache } from './graph-embeddings';
import { CO_ENGAGEMENT_DEFAULTS, type CoEngagementSettings } from './co-engagement';
import { chooseEase, type EaseChoice, type EaseGrids } from './ease-choice';
import {
  buildServingData,
  fitsDenseEase,
  interactionsWithTags,
  type PreparedInteractions,
  type SnapshotParts,
} from './serving-data';

export interface RankerFitOptions {
  graphModel: string;
  graphConfig: Record<string, unknown>;
  backend?: string;
  seed: number;
  holdOut: number;
  minHistory: number;
  /** Log the chosen trained ranker's NDCG@10 with each feature removed in turn (ranker-selection's ablation). */
  ablate?: boolean;
  /** The safe selection's margin (default SELECTION_MARGIN). */
  margin?: number;
  /** What a challenger must be surely better than (ranking/ranker-selection.ts; default 'first'). */
  reference?: SelectionReference;
  log?: (line: string) => void;
  /**
   * Weights of the media's tags in the snapshot's EASE to choose among on the hold-out (candidatesByEase;
   * default TAG_GRID); stored with the ranker (`meta.tagWeight`), and the snapshot built with it. One
   * weight: that weight; none: the item graphs' own (co-engagement.ts), nothing stored.
   */
  tagGrid?: readonly number[];
  /**
   * γs of the profile weights in the snapshot's EASE's X to choose among with the tag weights (models/ease.ts
   * `gramGamma`; default GRAM_GRID), where the kept data fits dense EASE; stored as `meta.gramGamma`. None:
   * the item graphs' own.
   */
  gramGrid?: readonly number[];
  /**
   * βs of the popularity damping of the snapshot's EASE's columns (models/ease.ts `popDamping`; default
   * DAMP_GRID), read with each pair of a tag weight and a γ, where dense EASE fits; stored as `meta.popDamping`.
   */
  dampGrid?: readonly number[];
  /** Evaluation only: reuse the retrained graph model's embeddings across runs (FitContext's cache). */
  cache?: EvalCache;
}

export const RANKER_FIT_DEFAULTS = { holdOut: 0.1, minHistory: 5, seed: 1 };

/** The tag weights the fit chooses among: none (0) and graph-ease's grid (config/models/graph-ease.json). */
export const TAG_GRID: readonly number[] = Object.freeze([0, 1, 3, 10]);

/** The γs of EASE's X the fit chooses among: binary X (0) and graph-ease's (config/models/graph-ease.json). */
export const GRAM_GRID: readonly number[] = Object.freeze([0, 0.5]);

/** The βs of EASE's popularity damping the fit chooses among: none (0) and graph-ease's (config/models/graph-ease.json). */
export const DAMP_GRID: readonly number[] = Object.freeze([0, 0.1, 0.2]);

/** The trained ranker's blend weight is also tried doubled (ranking/ranker-selection.ts: why). */
export const BLEND_BOOSTS: readonly number[] = Object.freeze([2]);

/**
 * The safe selection leaves the trained ranker only for an option better by more than one standard error
 * of the per-list differences (ranking/ranker-selection.ts, `margin`). Measured against 0 (the highest
 * mean wins; `npm run eval -- --model served --set selectionMargin=0`), validation / test NDCG@10:
 * LastFM 0.1956 / 0.2228 against 0.1956 / 0.2232 (3 seeds), movielens-tmdb 0.1996 / 0.2261 against
 * 0.1997 / 0.2272 (5 seeds), both thinned to `--keep-share 0.1` (3 seeds): LastFM 0.0279 / 0.0284 against
 * 0.0278 / 0.0285, movielens-tmdb 0.0303 / 0.0368 against 0.0288 / 0.0349 (docs/results.md, "A sturdier
 * selection").
 */
export const SELECTION_MARGIN = 1;

/**
 * Held-out users whose whole candidate lists the fit collects (a seeded sample past this): the lists hold
 * every candidate (~200–400 rows of NUM_FEATURES floats per user), so at 100× LastFM (190k users) they
 * would take gigabytes; 5,000 users is more than LastFM or movielens-tmdb have, so both use every user.
 */
export const SELECTION_USERS = 5000;

/** Users with held-out pairs, ascending. */
function heldOutUserList(heldOut: Csr): number[] {
  const users: number[] = [];
  for (let u = 0; u < heldOut.rows; u++) if (heldOut.offsets[u + 1]! > heldOut.offsets[u]!) users.push(u);
  return users;
}

/** Users with held-out pairs, ascending; a seeded sample of `cap` of them when there are more. */
export function usersWithHeldOut(heldOut: Csr, cap: number, seed: number): Int32Array {
  const users = heldOutUserList(heldOut);
  if (users.length <= cap) return Int32Array.from(users);
  return Int32Array.from(shuffle(users, createRng(seed)).slice(0, cap)).sort();
}

/**
 * Held-out users below which the hold-out also takes users with 2 to minHistory − 1 engagements (one
 * each: round(share·n) is at least 1). On a sparse catalogue nobody reaches minHistory — LastFM with a
 * tenth of each user's pairs (`eval --keep-share 0.1`) leaves ~3 training items a user — and the hold-out
 * was empty: no ranker was learned and the untrained default was stored. LastFM and movielens-tmdb hold
 * out ~1,800 and 610 users at minHistory 5, so they never take this path.
 */
export const MIN_HELD_OUT_USERS = 100;

/** The shortest history a hold-out may take an engagement from (one left to the user). */
const SHORTEST_HISTORY = 2;

/**
 * holdOutRecent at minHistory, or at the shortest history when that holds out too few users; with the
 * history it used and how many users it held out from.
 */
export function rankerHoldOut(
  p: GraphProjection,
  share: number,
  minHistory: number,
  seed: number,
): { kept: GraphProjection; heldOut: Csr; minHistory: number; users: number } {
  const first = holdOutRecent(p, share, minHistory, seed);
  const users = heldOutUserList(first.heldOut).length;
  if (minHistory <= SHORTEST_HISTORY || users >= MIN_HELD_OUT_USERS) return { ...first, minHistory, users };
  const second = holdOutRecent(p, share, SHORTEST_HISTORY, seed);
  return { ...second, minHistory: SHORTEST_HISTORY, users: heldOutUserList(second.heldOut).length };
}

export interface RankerFit {
  examples: number;
  positives: number;
  candidateRecall: number;
  heldOutPairs: number;
  model: RankerModel;
}

/** Nothing to hold out (no user with two engagements): the default ranker, without retraining the graph model. */
function untrainedFit(parts: SnapshotParts, log: (line: string) => void): RankerFit {
  log('no user has two engagements to learn from: the default ranker is stored');
  const { data } = buildServingData(parts);
  const model = standardisedDefaultRanker(data, { sampleUsers: DEFAULT_RANKER_SAMPLE_USERS }).model;
  model.meta = { ...model.meta, examples: 0, positives: 0, candidateRecall: 0 };
  return { examples: 0, positives: 0, candidateRecall: 0, heldOutPairs: 0, model };
}

/**
 * Splits the projection's positive engagement edges into kept and held-out (most recent per user; equal
 * or unknown times by a seeded draw), the same whatever order the edges come in.
 */
export function holdOutRecent(
  p: GraphProjection,
  share: number,
  minHistory: number,
  seed: number,
): { kept: GraphProjection; heldOut: Csr } {
  const rng = createRng(seed);
  const byUser = new Map<number, number[]>();
  for (let k = 0; k < p.edges.user.length; k++) {
    if (!(p.edges.weight[k]! > 0)) continue;
    const u = p.edges.user[k]!;
    (byUser.get(u) ?? byUser.set(u, []).get(u)!).push(k);
  }
  const drop = new Uint8Array(p.edges.user.length);
  // Users in index order and each one's edges in item order before the seeded draws: the hold-out is a
  // function of the data, not of the order the store returned the edges in (Neo4j gives no order).
  for (const u of [...byUser.keys()].sort((a, b) => a - b)) {
    const edges = byUser.get(u)!.sort((a, b) => p.edges.item[a]! - p.edges.item[b]!);
    if (edges.length < minHistory) continue;
    const tie = new Map(edges.map((k) => [k, rng.next()]));
    edges.sort((a, b) => (p.edges.lastAt[b]! || 0) - (p.edges.lastAt[a]! || 0) || tie.get(a)! - tie.get(b)!);
    const n = Math.max(1, Math.round(edges.length * share));
    for (const k of edges.slice(0, n)) drop[k] = 1;
  }
  const keep = (k: number): boolean => drop[k] === 0;
  const idx = [...p.edges.user.keys()];
  const pick = <T extends Int32Array | Float32Array | Float64Array>(a: T, want: boolean): T =>
    (a.constructor as unknown as { from(x: number[]): T }).from(idx.filter((k) => keep(k) === want).map((k) => a[k]!));
  const kept: GraphProjection = {
    ...p,
    edges: {
      user: pick(p.edges.user, true),
      item: pick(p.edges.item, true),
      weight: pick(p.edges.weight, true),
      count: pick(p.edges.count, true),
      lastAt: pick(p.edges.lastAt, true),
    },
  };
  const heldOut = buildCsr(p.userIds.length, p.itemIds.length, pick(p.edges.user, false), pick(p.edges.item, false));
  return { kept, heldOut };
}

/** The kept data as served, every candidate of its held-out users, and the blend tuned on them. */
interface HeldOutCandidates {
  data: RankingData;
  ex: RankerExamples;
  blend: BlendTuning;
}

/** What the fit's build reads: `prepared`, the kept projection's interactions; `users`, whose lists are collected. */
interface HeldOutBuild {
  parts: SnapshotParts;
  prepared: PreparedInteractions;
  heldOut: Csr;
  users: Int32Array;
  embeddings: StoredEmbeddings;
  seed: number;
}

/** The build with these item graph settings (the parts' own where absent). */
function heldOutCandidates(
  { parts, prepared, heldOut, users, embeddings, seed }: HeldOutBuild,
  itemGraphs: Partial<CoEngagementSettings> | undefined,
): HeldOutCandidates {
  const { data } = buildServingData({
    ...parts,
    projection: prepared.of,
    prepared,
    embeddings,
    ...(itemGraphs ? { itemGraphs } : {}),
  });
  // Every candidate of every held-out user: the safe selection ranks whole lists, training samples them.
  const ex = collectRankerExamples(data, heldOut, {
    seed,
    negativesPerUser: Number.MAX_SAFE_INTEGER,
    users,
    blendParts: true,
  });
  return { data, ex, blend: tuneBlend(ex, ex.blendParts!, seed) };
}

/**
 * The held-out candidates, built with the snapshot's EASE settings learned on the hold-out where the kept
 * data's item graphs fit dense EASE: the weight of the media's tags (where an item has a tag; `tagGrid`),
 * the γ of X (`gramGrid`) and the β of the popularity damping (`dampGrid`), each read by EASE alone
 * (ease-choice.ts). Without dense EASE, or with no grid walked, the item graphs' own settings and no choice.
 * The tags the kept data's EASE reads are those of its own pairs (graph-data.ts itemTagsFromProjection):
 * while the held-out pairs' tags reached it, LastFM seed 1's hold-out chose 10 (blend 0.2273 against 0.2181
 * at 1) and served read 0.2262 on test; without them it chose 3 (0.2171 against 0.2145 at 10) and served
 * read 0.2305.
 */
function candidatesByEase(
  parts: SnapshotParts,
  kept: GraphProjection,
  heldOut: Csr,
  embeddings: StoredEmbeddings,
  settings: RankerFitOptions,
  log: (line: string) => void,
): HeldOutCandidates & { chosen?: EaseChoice } {
  const own = { ...CO_ENGAGEMENT_DEFAULTS, ...parts.itemGraphs };
  // The kept interactions; their tags are set only where there is a weight to choose.
  const prepared = interactionsWithTags(kept, parts.tagAssignments, own);
  const users = usersWithHeldOut(heldOut, SELECTION_USERS, settings.seed);
  const build: HeldOutBuild = { parts, prepared, heldOut, users, embeddings, seed: settings.seed };
  const dense = fitsDenseEase(prepared.train, own);
  const walked = (grid: readonly number[], where: boolean): readonly number[] | undefined =>
    where && grid.length > 0 ? grid : undefined;
  const grids: EaseGrids = {
    ...withGrid('tags', walked(settings.tagGrid ?? TAG_GRID, prepared.train.itemTags !== undefined)),
    ...withGrid('gammas', walked(settings.gramGrid ?? GRAM_GRID, dense)),
    ...withGrid('betas', walked(settings.dampGrid ?? DAMP_GRID, dense)),
  };
  if (Object.keys(grids).length === 0) return heldOutCandidates(build, parts.itemGraphs);
  const hold = { train: prepared.train, heldOut, users };
  const chosen = chooseEase(hold, own, grids, settings.margin ?? SELECTION_MARGIN, log);
  return { ...heldOutCandidates(build, { ...parts.itemGraphs, ...chosen }), chosen };
}

/** `{ [key]: grid }` where a grid is walked, `{}` otherwise. */
function withGrid(key: keyof EaseGrids, grid: readonly number[] | undefined): EaseGrids {
  return grid ? { [key]: grid } : {};
}

/** The item graphs' settings a stored ranker was learned with (its EASE's tag weight, γ and damping), for the snapshot it ranks. */
export function storedItemGraphs(model: RankerModel | null): Partial<CoEngagementSettings> {
  const read = (key: keyof EaseChoice): EaseChoice => {
    const w = model?.meta?.[key];
    return typeof w === 'number' && Number.isFinite(w) && w >= 0 ? { [key]: w } : {};
  };
  return { ...read('tagWeight'), ...read('gramGamma'), ...read('popDamping') };
}

export async function fitServingRanker(parts: SnapshotParts, settings: RankerFitOptions): Promise<RankerFit> {
  const log = settings.log ?? (() => undefined);
  const { kept, heldOut, minHistory, users } = rankerHoldOut(
    parts.projection,
    settings.holdOut,
    settings.minHistory,
    settings.seed,
  );
  if (minHistory !== settings.minHistory)
    log(
      `fewer than ${MIN_HELD_OUT_USERS} users have ${settings.minHistory} engagements: holding out from users with ${minHistory} or more`,
    );
  if (users === 0) return untrainedFit(parts, log);
  log(
    `held out ${heldOut.targets.length} recent engagements of ${users} users; retraining ${settings.graphModel} on the other ${kept.edges.user.length}`,
  );
  const embeddings = await graphEmbeddings(kept, { ...settings, log });
  const { data, ex, blend, chosen } = candidatesByEase(parts, kept, heldOut, embeddings, settings, log);
  const positives = ex.labels.reduce((s, x) => s + x, 0);
  log(
    `${ex.labels.length} candidate rows (${positives} positive); candidate recall ${(ex.candidateRecall * 100).toFixed(1)}%`,
  );
  log(
    `blend weights walk ${blend.weights.walk}, graph ${blend.weights.graph}, social ${blend.weights.social}: held-out NDCG@10 alone ${blend.ndcg.toFixed(4)} (defaults ${blend.defaultNdcg.toFixed(4)}, cross-fitted ${blend.crossFitted.toFixed(4)})`,
  );
  const fallback = standardisedDefaultRanker(data, {
    sampleUsers: DEFAULT_RANKER_SAMPLE_USERS,
    rank: { blend: blend.weights },
  }).model;
  const selection = selectRanker(ex, {
    seed: settings.seed,
    negativesPerUser: EXAMPLE_DEFAULTS.negativesPerUser,
    fallback,
    train: {},
    ablate: settings.ablate ?? false,
    blendBoosts: BLEND_BOOSTS,
    featureScores: { 'feature:blend': blend.crossFittedLists },
    margin: settings.margin ?? SELECTION_MARGIN,
    ...(settings.reference ? { reference: settings.reference } : {}),
  });
  const scores = Object.entries(selection.ndcg).map(([k, v]) => `${k} ${v.toFixed(4)}`);
  log(`safe selection (held-out NDCG@10; trained cross-fitted): ${scores.join(', ')} → ${selection.chosen}`);
  if (selection.ablation) {
    const without = Object.entries(selection.ablation).map(([k, v]) => `without ${k} ${v.toFixed(4)}`);
    log(`ablation of ${selection.chosen} (${selection.ndcg[selection.chosen]!.toFixed(4)}): ${without.join(', ')}`);
  }
  const trained: RankerModel = { ...selection.model, blend: blend.weights };
  trained.meta = {
    ...trained.meta,
    examples: ex.labels.length,
    positives,
    candidateRecall: ex.candidateRecall,
    graphModel: settings.graphModel,
    ...chosen,
  };
  return {
    examples: ex.labels.length,
    positives,
    candidateRecall: ex.candidateRecall,
    heldOutPairs: heldOut.targets.length,
    model: trained,
  };
}
