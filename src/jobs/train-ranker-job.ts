/**
 * train-ranker job: reads the snapshot's parts, learns the ranker as pipeline/ranker-fit.ts does (recent
 * engagements held out, graph model retrained without them, the serving candidate pipeline with the tag
 * weight of its EASE chosen, a logistic regression) and stores it in Neo4j; the snapshot builds its item
 * graphs with the stored ranker's tag weight (recommend/start-serving.ts).
 */
import { serializeRanker } from '../ranking/ranker';
import type { ContentStore, GraphSource } from '../domain/ports';
import { fitServingRanker, RANKER_FIT_DEFAULTS, type RankerFit, type RankerFitOptions } from '../pipeline/ranker-fit';
import { readSnapshotParts } from '../pipeline/serving-data';

export interface TrainRankerJobOptions extends RankerFitOptions {
  textModel: string;
  backend: string;
}

export const TRAIN_RANKER_JOB_DEFAULTS = RANKER_FIT_DEFAULTS;

export type TrainRankerJobResult = RankerFit;

export async function runTrainRankerJob(
  graph: GraphSource,
  content: ContentStore,
  options: Partial<TrainRankerJobOptions> & Pick<TrainRankerJobOptions, 'textModel' | 'backend'>,
): Promise<TrainRankerJobResult> {
  const settings: TrainRankerJobOptions = {
    ...TRAIN_RANKER_JOB_DEFAULTS,
    graphModel: 'lightgcn',
    graphConfig: {},
    ...options,
  };
  const parts = await readSnapshotParts(graph, content, settings.textModel);
  const fit = await fitServingRanker(parts, settings);
  fit.model.meta = { ...fit.model.meta, trainedAt: new Date().toISOString(), textModel: settings.textModel };
  await content.writeRanker(serializeRanker(fit.model));
  return fit;
}
