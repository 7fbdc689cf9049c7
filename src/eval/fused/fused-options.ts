/** The options of the `fused` evaluation model (fused-model.ts) and their defaults. */
import type { GraphEaseOptions } from '../../models/graph-ease';
import { LOCAL_EASE_DEFAULTS } from '../../models/local-ease';
import { SELECTION_MARGIN } from '../../pipeline/ranker-fit';
import type { RankOptions } from '../../ranking/rank-for-user';

export interface FusedOptions {
  easeLambda: number;
  easeMinUsers: number;
  easeNeighbours: number;
  /** The EASE model: 'auto' (dense where it fits graphEase's maxDenseMB, local EASE past it), 'dense'
   * (refused past it) or 'local' (each item's column regressed on its `localNeighbours` nearest items,
   * its Gram read from `gramNeighbours`; models/local-ease.ts). */
  easeModel: string;
  localNeighbours: number;
  gramNeighbours: number;
  /** 'spectral' or 'none'. */
  graph: string;
  dim: number;
  /** 'word-vectors' (SIF vectors of each item's tag names, TrainData.tagNames) or 'none'. */
  content: string;
  holdout: number;
  negativesPerUser: number;
  epochs: number;
  l2: number;
  contentScales: number[];
  /** Co-engagement signal = the user's full-catalogue EASE row X_u·B (true) or the top-n sparsified one. */
  denseEase: boolean;
  /** Negatives per user taken from the top of the EASE order (the rest sampled at random). */
  hardNegatives: number;
  /** Users with at most this many training pairs get their own ranker, trained on their validation
   * pairs only (light users lean on friends and popularity, not co-engagement); 0 = off. Kept only
   * when it raises validation NDCG@10. */
  lightUsers: number;
  /** The dense EASE row is divided by |I_u|^easeNorm (0 = raw), so its scale is comparable across
   * users of different activity. */
  easeNorm: number;
  /** 'ease': the co-engagement signal is the dense EASE row; 'graph-ease': the full graph-ease row
   * (EASE + RP3β walk + LightGCN, src/models/graph-ease.ts, its blend weights tuned on validation). */
  coModel: 'ease' | 'graph-ease';
  /** Options of the graph-ease model when coModel is 'graph-ease' (eval/models.ts resolves them from
   * config/models/graph-ease.json, then this model's own `graphEase` settings). */
  graphEase: Partial<GraphEaseOptions>;
  perSource: Partial<RankOptions['perSource']>;
  /** Safe selection (needs ctx.validate): after fitting, serve the best single signal (the co-engagement
   * row alone or popularity) unless the fusion ranker or one of its blends with the co-engagement row
   * (`blendGrid`) is surely better on validation NDCG@10 (`selectionMargin`). With validation pairs the ranker's (and blends') number is
   * cross-fitted: two rankers, each trained on the validation pairs of half the users, score the other
   * half, so the ranker is not judged on the labels it was fitted to. */
  select: boolean;
  /** How sure an option must be to replace the safe fallback (the best single signal), and the
   * user-centred ranker to replace the uncentred one: its validation gain must pass this many standard
   * errors of the per-user differences (0, or without ctx.validatePerUser: the highest mean wins). The
   * train-ranker job's SELECTION_MARGIN. */
  selectionMargin: number;
  /** Weights α of the ranker in the blends α·z(ranker logit) + (1 − α)·z(co-engagement row), z over
   * the user's candidates; α = 1 is the ranker itself, α = 0 the co-engagement row alone. */
  blendGrid: number[];
  /** Train the ranker on features centred per user (each user's example rows minus their mean): the
   * weights then compare items of one user, not users (a user's activity moves every feature and the
   * share of positives together). Scores are unchanged up to a per-user constant, so serving needs no
   * centring. 'off', 'on', or 'select' (with validation pairs and `select`: both rankers are trained and
   * the safe selection keeps 'off' unless 'on' is surely better on cross-fitted validation NDCG@10). */
  userCentred: 'off' | 'on' | 'select';
  /** Log a validation ablation (cross-fitted): the ranker retrained with each varying feature removed. */
  ablate: boolean;
  /** Evaluation only: a folder to write the validation candidate lists to, one sub-folder per seed
   * (candidate-dump.ts; read by scripts/ranking/gbdt-ranker.py); '' = none. */
  dumpValidation: string;
}

export const FUSED_DEFAULTS: Readonly<FusedOptions> = Object.freeze({
  easeLambda: 100,
  easeMinUsers: 2,
  easeNeighbours: 300,
  easeModel: 'auto',
  localNeighbours: LOCAL_EASE_DEFAULTS.neighbours,
  gramNeighbours: LOCAL_EASE_DEFAULTS.gramNeighbours,
  graph: 'spectral',
  dim: 64,
  content: 'word-vectors',
  holdout: 0.1,
  negativesPerUser: 50,
  epochs: 300,
  l2: 1e-4,
  contentScales: [1, 0.5, 0],
  denseEase: true,
  hardNegatives: 0,
  lightUsers: 0,
  easeNorm: 0,
  coModel: 'ease',
  graphEase: {},
  perSource: { graph: 200, coEngagement: 300, social: 100, content: 100, query: 0, popular: 50, trending: 0, fresh: 0 },
  select: true,
  userCentred: 'select',
  blendGrid: [0.25, 0.5, 0.75],
  selectionMargin: SELECTION_MARGIN,
  ablate: false,
  dumpValidation: '',
});
