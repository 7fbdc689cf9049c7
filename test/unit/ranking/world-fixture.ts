/** A small generated world (bench:scale's generator) as the serving snapshot builds it. */
import { datasetFromImport } from '../../../src/eval/jsonl';
import { projectionFromTrain } from '../../../src/eval/projection';
import { splitByUser } from '../../../src/eval/split';
import { buildTrainData } from '../../../src/eval/train-data';
import { generateWorld } from '../../../src/generate/world';
import { parseJsonlText } from '../../../src/ingest/jsonl-source';
import { createRng } from '../../../src/models/random';
import { itemTextVectors } from '../../../src/pipeline/item-text';
import { buildServingData, type ServingData } from '../../../src/pipeline/serving-data';
import { HashingEncoder } from '../../../src/text/hashing-encoder';

/** A small generated world as the serving snapshot builds it: item graphs, random graph embeddings, hashed texts. */
export async function worldData(): Promise<ServingData> {
  const lines = [...generateWorld({ scale: 0.04, seed: 5 })].map((r) => JSON.stringify(r)).join('\n');
  const { dataset } = datasetFromImport(parseJsonlText(lines));
  const train = buildTrainData(dataset, splitByUser(dataset, { seed: 1, ratios: [1, 0, 0] }));
  const projection = projectionFromTrain(train);
  const rng = createRng(9);
  const random = (d: number) => Float32Array.from({ length: d }, () => rng.next() - 0.5);
  const encoder = new HashingEncoder({ dimension: 64 });
  const vectors = await encoder.embed(projection.itemMeta.map((m, i) => train.itemTexts?.[i] ?? m.title));
  return buildServingData({
    projection,
    embeddings: {
      users: new Map(projection.userIds.map((id) => [id, random(16)])),
      media: new Map(projection.itemIds.map((id) => [id, random(16)])),
    },
    text: itemTextVectors(projection.itemIds.length, (i) => vectors[i]),
  });
}
