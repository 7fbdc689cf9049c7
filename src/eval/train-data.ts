/**
 * Builds a model's TrainData from a dataset and a split, through the pipeline the serving snapshot and
 * the jobs use (pipeline/graph-data.ts): the training pairs and follows become the stored graph's shape
 * and come back as that pipeline's engagement CSRs (weights compressed as served) and social graph, so
 * what is evaluated is what is served. "No leakage" (DESIGN.md): user-generated
 * tags count only when their (user, item) pair is a training pair, because on LastFM users tag the
 * artists they listen to and a tag on a held-out pair reveals it.
 */
import { hasEdge, type Csr } from '../graph/csr';
import type { TrainData } from '../models/types';
import { expandEngagement, graphFromProjection, trainDataFromGraph } from '../pipeline/graph-data';
import { mediaText } from '../text/media-text';
import type { Dataset } from './dataset';
import { pairsProjection } from './projection';
import type { Split } from './split';

export function buildTrainData(dataset: Dataset, split: Split): TrainData {
  const userItems = split.train;
  // Self-follows are dropped and the social graph made symmetric by the pipeline, as for the store's follows.
  const base = trainDataFromGraph(graphFromProjection(pairsProjection(userItems, dataset.social)));
  const data: TrainData = {
    ...base,
    follows: dataset.social,
    storedWeights: storedTotals(base.userItems, userItems),
    ...(dataset.itemFacts ? { itemFacts: dataset.itemFacts } : {}),
    ...(split.nonPositive ? { nonPositive: split.nonPositive.train } : {}),
  };
  const tu: number[] = [];
  const ti: number[] = [];
  const tt: number[] = [];
  if (dataset.tagAssignments) {
    const a = dataset.tagAssignments;
    for (let k = 0; k < a.user.length; k++) {
      if (!hasEdge(userItems, a.user[k]!, a.item[k]!)) continue;
      tu.push(a.user[k]!);
      ti.push(a.item[k]!);
      tt.push(a.tag[k]!);
    }
    // The served model's store holds these as its TAGGED edges (eval/projection.ts tagAssignmentsFromTrain).
    if (ti.length > 0)
      data.tagAssignments = { user: Int32Array.from(tu), item: Int32Array.from(ti), tag: Int32Array.from(tt) };
  }
  if (dataset.itemTags) {
    for (let k = 0; k < dataset.itemTags.item.length; k++) {
      ti.push(dataset.itemTags.item[k]!);
      tt.push(dataset.itemTags.tag[k]!);
    }
  }
  if (ti.length > 0) {
    data.itemTags = { item: Int32Array.from(ti), tag: Int32Array.from(tt), numTags: dataset.tagNames.length };
    data.tagNames = dataset.tagNames;
  }
  data.itemTexts = dataset.itemTexts ?? metadataTexts(dataset);
  return data;
}

/**
 * Item text from metadata alone when the dataset gives none: the title and the item tags (editorial,
 * e.g. JSONL media tags). Never tagAssignments: those are user-generated and may reveal held-out pairs.
 */
function metadataTexts(dataset: Dataset): string[] {
  const tags: string[][] = dataset.itemIds.map(() => []);
  if (dataset.itemTags)
    for (let k = 0; k < dataset.itemTags.item.length; k++)
      tags[dataset.itemTags.item[k]!]!.push(dataset.tagNames[dataset.itemTags.tag[k]!] ?? '');
  return dataset.itemIds.map((id, i) => mediaText({ title: dataset.itemTitles?.[i] ?? id, tags: tags[i]! }));
}

/** The split's own total weight of each pair of `userItems` (the pipeline's CSR holds them compressed). */
function storedTotals(userItems: Csr, split: Csr): Float32Array {
  const out = new Float32Array(userItems.targets.length);
  for (let u = 0; u < userItems.rows; u++) {
    const row = new Map<number, number>();
    for (let k = split.offsets[u]!; k < split.offsets[u + 1]!; k++) row.set(split.targets[k]!, split.weights[k]!);
    for (let k = userItems.offsets[u]!; k < userItems.offsets[u + 1]!; k++)
      out[k] = row.get(userItems.targets[k]!) ?? expandEngagement(userItems.weights[k]!);
  }
  return out;
}
