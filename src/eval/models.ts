/**
 * The models `npm run eval` knows: every model of src/models (models/catalogue.ts) plus the
 * evaluation-only ones that live here because they stack on validation pairs (eval/fused/).
 */
import { MODELS, model, type Catalogue } from '../models/catalogue';
import { FUSED_DEFAULTS, FusedRecommender } from './fused/fused-model';

export const EVAL_MODELS = {
  ...MODELS,
  fused: model({
    defaults: FUSED_DEFAULTS,
    tfjs: true,
    choices: { graph: ['spectral', 'none'], content: ['word-vectors', 'none'], coModel: ['ease', 'graph-ease'] },
    // graphEase starts from graph-ease's own configuration (config/models/graph-ease.json).
    components: { graphEase: 'graph-ease' },
    create: (o) => new FusedRecommender(o),
  }),
} satisfies Catalogue;

export type EvalModelName = keyof typeof EVAL_MODELS;
