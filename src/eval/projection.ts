/**
 * Between the evaluation's TrainData and the stored graph's shape (GraphProjection), so that `npm run eval`
 * builds its training data with the pipeline serving uses (pipeline/graph-data.ts) and the `served` model
 * can rebuild the snapshot the service would hold.
 */
import type { GraphProjection, ItemMeta } from '../domain/ports';
import type { TrainData } from '../models/types';
import { expandEngagement } from '../pipeline/graph-data';

/**
 * The evaluation split as the stored graph would hold it after importing it: users, items with their
 * training tags and texts, each training pair's stored total weight (TrainData holds the pipeline's
 * compressed one; `storedWeight` maps one to the other), follows.
 */
export function projectionFromTrain(
  train: TrainData,
  storedWeight: (w: number) => number = expandEngagement,
): GraphProjection {
  const userIds = Array.from({ length: train.numUsers }, (_, u) => `u${u}`);
  const itemIds = Array.from({ length: train.numItems }, (_, i) => `i${i}`);
  const tags: string[][] = Array.from({ length: train.numItems }, () => []);
  if (train.itemTags) {
    const names = train.tagNames;
    const { item, tag } = train.itemTags;
    for (let k = 0; k < item.length; k++) tags[item[k]!]!.push(names?.[tag[k]!] ?? `tag${tag[k]}`);
  }
  const itemMeta: ItemMeta[] = tags.map((t, i) => ({
    language: null,
    durationSec: null,
    creatorId: null,
    title: train.itemTexts?.[i] ?? '',
    tags: [...new Set(t)],
    keywords: [],
    pagerank: null,
    audioVector: null,
    visualVector: null,
  }));
  const ui = train.userItems;
  const n = ui.targets.length;
  const user = new Int32Array(n);
  for (let u = 0; u < ui.rows; u++) user.fill(u, ui.offsets[u]!, ui.offsets[u + 1]!);
  const src: number[] = [];
  const dst: number[] = [];
  for (let u = 0; u < train.social.rows; u++) {
    for (let k = train.social.offsets[u]!; k < train.social.offsets[u + 1]!; k++)
      if (u < train.social.targets[k]!) {
        src.push(u);
        dst.push(train.social.targets[k]!);
      }
  }
  return {
    userIds,
    itemIds,
    itemKinds: itemIds.map(() => null),
    itemMeta,
    itemTimes: new Float64Array(train.numItems).fill(NaN),
    edges: {
      user,
      item: Int32Array.from(ui.targets),
      weight: Float32Array.from(ui.weights, storedWeight),
      count: new Int32Array(n).fill(1),
      lastAt: new Float64Array(n).fill(NaN),
    },
    follows: { src: Int32Array.from(src), dst: Int32Array.from(dst) },
  };
}
