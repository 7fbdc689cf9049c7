/**
 * The models `npm run eval` knows: every model of src/models (models/catalogue.ts) plus the
 * evaluation-only ones that live here because they stack on validation pairs (eval/fused/).
 */
import { MODELS, model, type Catalogue } from '../models/catalogue';
import { CheckedFusedRecommender } from './fused/fused-guard';
import { FUSED_DEFAULTS } from './fused/fused-model';
import { SERVED_DEFAULTS, ServedRecommender, type ServedOptions } from './served-model';

export const EVAL_MODELS = {
  ...MODELS,
  fused: model({
    defaults: FUSED_DEFAULTS,
    tfjs: true,
    choices: { graph: ['spectral', 'none'], content: ['word-vectors', 'none'], coModel: ['ease', 'graph-ease'] },
    // graphEase starts from graph-ease's own configuration (config/models/graph-ease.json).
    components: { graphEase: 'graph-ease' },
    create: (options) => new CheckedFusedRecommender(options),
  }),
  // What recommendMedia ranks with (issue 16): the serving builder, candidates, features and default ranker.
  served: model<ServedOptions>({
    defaults: SERVED_DEFAULTS,
    tfjs: true,
    text: true,
    choices: { graphModel: ['lightgcn', 'none'], ranker: ['trained', 'default'] },
    // graph starts from lightgcn's own configuration (config/models/lightgcn.json), as the embeddings job's.
    components: { graph: 'lightgcn' },
    create: (options) => new ServedRecommender(options),
  }),
} satisfies Catalogue;

export type EvalModelName = keyof typeof EVAL_MODELS;
