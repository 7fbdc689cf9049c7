/**
 * `fused` with the up-front size check of a dense EASE it is told to use (issue 15 item 5): with
 * `easeModel: 'dense'` a catalogue too large for it is refused with a CapacityError before content
 * vectors, graph-ease's LightGCN or the ranker take any time. 'auto' (the default) takes local EASE past
 * that size instead (fused-item-model.ts). The limit is graph-ease's `maxDenseMB` (fused's `graphEase`
 * options). Kept apart from fused-model.ts so the check does not touch the model's own code.
 */
import { checkEaseFits } from '../../models/ease';
import type { FitContext, TrainData } from '../../models/types';
import { FusedRecommender } from './fused-model';

export class CheckedFusedRecommender extends FusedRecommender {
  override async fit(train: TrainData, ctx: FitContext): Promise<void> {
    const { model, minUsers, maxDenseMB } = this.itemModelOptions;
    if (model === 'dense') checkEaseFits(train, { minUsers, maxDenseMB }, 'fused');
    return super.fit(train, ctx);
  }
}
