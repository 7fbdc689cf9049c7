/**
 * The item–item graph behind the serving ranking's co-engagement signal and candidates
 * (ranking/candidates.ts: Σ over the user's items of log(1+w) · sim(i, j)).
 *
 * EASE's weights (models/ease-rows.ts: each item's 200 largest positive B_ij) where the dense fit is
 * affordable; past that, local EASE (models/local-ease.ts: EASE fitted on each item's 50 nearest
 * neighbours, its positive weights); item-kNN cosine (50 neighbours) past `maxLocalEaseItems`, or when
 * asked. Measured on the served ranking (`npm run eval -- --model served`, movielens-tmdb seed 1): with
 * item-kNN the feature alone read 0.1765 held-out NDCG@10 and the served ranking test NDCG@10 0.2100; with
 * EASE rows 0.2024 and 0.2229 (docs/results.md). EASE costs a dense inversion, cubic in the items with ≥ 2
 * users: 1.2 s for movielens-tmdb's 2,129, 23 s for LastFM's 5,955 (wasm, one core), and memory while it
 * runs (LastFM: +1.15 GB of RSS for those seconds, all returned after); past `maxEaseItems` (8,000, ~55 s)
 * or past the dense memory limit, local EASE: 2.1 s for the 1× world's 10.7k model items and 23 s for the 10×
 * world's 92k, against item-kNN's 0.5 and 5.3 s (bench:coengagement, one core), in O(items × 200) memory
 * while it fits; past 100,000 model items (the 100× world: ~800k, where it would take ~4 minutes and
 * ~1.3 GB more at the load's peak) item-kNN stays.
 */
import type { Csr } from '../graph/csr';
import { countModelItems, DEFAULT_MAX_DENSE_MB, denseFits, easeDenseBytes } from '../models/dense-limit';
import { EASE_DEFAULTS, fitEase } from '../models/ease';
import { topEaseRows } from '../models/ease-rows';
import { itemKnnSimilarity } from '../models/item-knn';
import { LOCAL_EASE_DEFAULTS, localEaseGraphs } from '../models/local-ease';
import { rp3Rows } from '../models/rp3-rows';
import type { TrainData } from '../models/types';

export const CO_ENGAGEMENT_MODELS = ['auto', 'ease', 'local-ease', 'item-knn'] as const;

export interface CoEngagementSettings {
  /** 'auto' (EASE rows where affordable, else local EASE, else item-kNN), 'ease', 'local-ease' or 'item-knn'. */
  model: (typeof CO_ENGAGEMENT_MODELS)[number];
  /** Entries kept per item by EASE rows. */
  easeNeighbours: number;
  /** Entries kept per item, where EASE is fitted, by the blend's signed EASE rows and by the walk graph. */
  blendNeighbours: number;
  /** Neighbours per target item of item-kNN, and entries per item of the walk graph past EASE. */
  knnNeighbours: number;
  /** Local EASE (models/local-ease.ts): items each target regresses on, cosine neighbours its Gram is read from. */
  localNeighbours: number;
  gramNeighbours: number;
  /** Most model items (≥ minUsers training users) 'auto' fits EASE for. */
  maxEaseItems: number;
  /** Most model items 'auto' fits local EASE for, past maxEaseItems; item-kNN past it. */
  maxLocalEaseItems: number;
  lambda: number;
  /** Weight of the media's tags as extra rows of EASE's X (models/ease.ts `tagWeight`; dense EASE only). */
  tagWeight: number;
  /** γ of the profile weights in EASE's X (models/ease.ts `gramGamma`; dense EASE only); 0 is binary X. */
  gramGamma: number;
  /** β of the popularity damping of EASE's columns (models/ease.ts `popDamping`; dense EASE only); 0: none. */
  popDamping: number;
  minUsers: number;
}

export const CO_ENGAGEMENT_DEFAULTS: Readonly<CoEngagementSettings> = Object.freeze({
  model: 'auto',
  easeNeighbours: 200,
  blendNeighbours: 500,
  knnNeighbours: 50,
  // k 50, Gram 200, as graph-ease's sparse path. On the 6× world (50k model items) k 100 ranked the same
  // (N@10 0.1893 against 0.1891) for 2.6× the fit; on movielens-tmdb forced past EASE (2k model items) it
  // read +2.5% on validation, but a catalogue that small gets dense EASE (docs/results.md, "Local EASE").
  localNeighbours: LOCAL_EASE_DEFAULTS.neighbours,
  gramNeighbours: LOCAL_EASE_DEFAULTS.gramNeighbours,
  maxEaseItems: 8000,
  maxLocalEaseItems: 100_000,
  lambda: EASE_DEFAULTS.lambda,
  // The media's tags in EASE (one row per tag, each item's entry ln 2): served's validation NDCG@10 at 3 reads
  // +1.2% on movielens-tmdb (10: +1.8%) and +1.2% on LastFM, 3 seeds (docs/results.md, "Item tags in EASE's Gram").
  tagWeight: 3,
  gramGamma: EASE_DEFAULTS.gramGamma,
  popDamping: EASE_DEFAULTS.popDamping,
  minUsers: EASE_DEFAULTS.minUsers,
});

/** Which item–item model the co-engagement signal uses on `train`, and over how many model items. */
export function chooseCoEngagement(
  train: Pick<TrainData, 'numItems' | 'itemUsers'>,
  settings: Partial<CoEngagementSettings> = {},
): { model: 'ease' | 'local-ease' | 'item-knn'; modelItems: number } {
  const s = { ...CO_ENGAGEMENT_DEFAULTS, ...settings };
  const modelItems = countModelItems(train, s.minUsers);
  if (s.model !== 'auto') return { model: s.model, modelItems };
  const ease =
    modelItems > 0 && modelItems <= s.maxEaseItems && denseFits(easeDenseBytes(modelItems), DEFAULT_MAX_DENSE_MB);
  if (ease) return { model: 'ease', modelItems };
  return { model: modelItems <= s.maxLocalEaseItems ? 'local-ease' : 'item-knn', modelItems };
}

/**
 * The item–item graphs of a snapshot: the co-engagement graph (the co-engagement signal and candidates),
 * the RP3β walk graph and, where EASE or local EASE is fitted, its signed rows (the blend feature's two
 * item–item parts, ranking/blend.ts). One fit serves both EASE graphs.
 */
export interface ItemGraphs {
  coEngagement: Csr;
  walk: Csr;
  /** EASE's (or local EASE's) rows by |B_ij| with their signs (absent where item-kNN stands in for EASE). */
  easeSigned?: Csr;
}

/** The item graphs of `train` (EASE needs an initialised tfjs backend). */
export function itemGraphs(train: TrainData, settings: Partial<CoEngagementSettings> = {}): ItemGraphs {
  return { ...coEngagementGraphs(train, settings), walk: walkGraph(train, settings) };
}

/** The item graphs but the walk: the co-engagement graph, and the signed rows where (local) EASE was fitted. */
export function coEngagementGraphs(
  train: TrainData,
  settings: Partial<CoEngagementSettings> = {},
): Omit<ItemGraphs, 'walk'> {
  const s = { ...CO_ENGAGEMENT_DEFAULTS, ...settings };
  const { coEngagement, signed } = coEngagementFit(train, s);
  return signed ? { coEngagement, easeSigned: signed() } : { coEngagement };
}

/** The co-engagement graph on `train` (EASE needs an initialised tfjs backend). */
export function coEngagementGraph(train: TrainData, settings: Partial<CoEngagementSettings> = {}): Csr {
  return coEngagementFit(train, { ...CO_ENGAGEMENT_DEFAULTS, ...settings }).coEngagement;
}

/** The co-engagement graph, and EASE's signed rows (built when asked) where EASE or local EASE was fitted. */
function coEngagementFit(train: TrainData, s: CoEngagementSettings): { coEngagement: Csr; signed?: () => Csr } {
  const model = chooseCoEngagement(train, s).model;
  if (model === 'item-knn') return { coEngagement: itemKnnSimilarity(train, { neighbours: s.knnNeighbours }) };
  if (model === 'local-ease') {
    const { localNeighbours: neighbours, gramNeighbours, lambda } = s;
    const { positive, signed } = localEaseGraphs(train, s.minUsers, { neighbours, gramNeighbours, lambda });
    return { coEngagement: positive, signed: () => signed };
  }
  const { lambda, tagWeight, gramGamma, popDamping, minUsers } = s;
  const ease = fitEase(train, { lambda, tagWeight, gramGamma, popDamping, minUsers });
  return {
    coEngagement: topEaseRows(ease, train.numItems, s.easeNeighbours, 'positive'),
    signed: () => topEaseRows(ease, train.numItems, s.blendNeighbours, 'magnitude'),
  };
}

/**
 * The RP3β walk graph behind the blend feature (ranking/blend.ts; models/rp3-rows.ts), over the same
 * model items: `blendNeighbours` entries per item where EASE is affordable, item-kNN's count past it (so
 * its memory grows as the co-engagement graph's does).
 */
export function walkGraph(train: TrainData, settings: Partial<CoEngagementSettings> = {}): Csr {
  const s = { ...CO_ENGAGEMENT_DEFAULTS, ...settings };
  const ease = chooseCoEngagement(train, s).model === 'ease';
  return rp3Rows(train, { minUsers: s.minUsers, neighbours: ease ? s.blendNeighbours : s.knnNeighbours });
}
