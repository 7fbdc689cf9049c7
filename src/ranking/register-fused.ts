/** Registers the `fused` evaluation model (src/models/register-all.ts imports this file). */
import { registerModel } from '../models/registry';
import { FusedRecommender } from './fused-model';

registerModel('fused', (c) => new FusedRecommender(c));
