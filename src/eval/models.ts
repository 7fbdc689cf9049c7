/**
 * The models `npm run eval` knows: every model of src/models (models/catalogue.ts) plus the
 * evaluation-only ones that live here because they stack on validation pairs (eval/fused/).
 */
import { COUNT, MODELS, model, type Catalogue } from '../models/catalogue';
import { CO_ENGAGEMENT_DEFAULTS, CO_ENGAGEMENT_MODELS } from '../pipeline/co-engagement';
import { CheckedFusedRecommender } from './fused/fused-guard';
import { FUSED_ITEM_MODELS } from './fused/fused-item-model';
import { FUSED_DEFAULTS } from './fused/fused-options';
import { SELECTION_REFERENCES } from '../ranking/ranker-selection';
import { SERVED_DEFAULTS, ServedRecommender, type ServedOptions } from './served-model';

/** The item graphs' settings that are real numbers (≥ 0); the others are counts. */
const REAL_SETTINGS = new Set(['lambda', 'tagWeight', 'gramGamma', 'popDamping']);

export const EVAL_MODELS = {
  ...MODELS,
  fused: model({
    defaults: FUSED_DEFAULTS,
    tfjs: true,
    choices: {
      graph: ['spectral', 'none'],
      content: ['word-vectors', 'none'],
      coModel: ['ease', 'graph-ease'],
      easeModel: FUSED_ITEM_MODELS,
    },
    ranges: {
      easeLambda: { min: 0 },
      easeMinUsers: COUNT,
      easeNeighbours: COUNT,
      localNeighbours: COUNT,
      gramNeighbours: COUNT,
      selectionMargin: { min: 0 },
    },
    // graphEase starts from graph-ease's own configuration (config/models/graph-ease.json).
    components: { graphEase: 'graph-ease' },
    create: (options) => new CheckedFusedRecommender(options),
  }),
  // What recommendMedia ranks with (issue 16): the serving builder, candidates, features and default ranker.
  served: model<ServedOptions>({
    defaults: SERVED_DEFAULTS,
    tfjs: true,
    text: true,
    choices: {
      graphModel: ['lightgcn', 'none'],
      ranker: ['trained', 'default'],
      'itemGraphs.model': CO_ENGAGEMENT_MODELS,
      selectionReference: SELECTION_REFERENCES,
    },
    // The item graphs' counts are whole numbers ≥ 1, their λ, tag weight, γ of EASE's X and damping ≥ 0; so
    // are the selection's margin and the grids the ranker fit chooses among.
    ranges: {
      selectionMargin: { min: 0 },
      tagGrid: { min: 0 },
      gramGrid: { min: 0 },
      dampGrid: { min: 0 },
      ...Object.fromEntries(
        Object.keys(CO_ENGAGEMENT_DEFAULTS)
          .filter((key) => key !== 'model')
          .map((key) => [`itemGraphs.${key}`, REAL_SETTINGS.has(key) ? { min: 0 } : COUNT]),
      ),
    },
    // graph starts from lightgcn's own configuration (config/models/lightgcn.json), as the embeddings job's.
    components: { graph: 'lightgcn' },
    create: (options) => new ServedRecommender(options),
  }),
} satisfies Catalogue;

export type EvalModelName = keyof typeof EVAL_MODELS;
