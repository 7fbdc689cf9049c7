/**
 * Between the evaluation's data and the stored graph's shape (GraphProjection), so that `npm run eval`
 * builds its training data with the pipeline serving uses (pipeline/graph-data.ts) and the `served` model
 * can rebuild the snapshot the service would hold.
 */
import type { GraphProjection, ItemMeta } from '../domain/ports';
import type { Csr } from '../graph/csr';
import type { TrainData } from '../models/types';
import { expandEngagement } from '../pipeline/graph-data';
import type { TagAssignments } from '../pipeline/tag-assignments';

const noMeta = (title: string, tags: string[]): ItemMeta => ({
  language: null,
  durationSec: null,
  creatorId: null,
  title,
  tags,
  keywords: [],
  pagerank: null,
  audioVector: null,
  visualVector: null,
});

/**
 * Engagement pairs (a user → items CSR whose weights are the stored totals; `more`, further pairs of the
 * same users and items after them) and follows as the stored graph would hold them: users `u<index>`,
 * items `i<index>` with `itemMeta` (none given: empty), no times.
 */
export function pairsProjection(
  userItems: Csr,
  follows: { src: Int32Array; dst: Int32Array },
  itemMeta?: ItemMeta[],
  more?: Csr,
): GraphProjection {
  const parts = more ? [userItems, more] : [userItems];
  const n = parts.reduce((s, c) => s + c.targets.length, 0);
  const user = new Int32Array(n);
  const item = new Int32Array(n);
  const weight = new Float32Array(n);
  let at = 0;
  for (const c of parts) {
    for (let u = 0; u < c.rows; u++) user.fill(u, at + c.offsets[u]!, at + c.offsets[u + 1]!);
    item.set(c.targets, at);
    weight.set(c.weights, at);
    at += c.targets.length;
  }
  const itemIds = Array.from({ length: userItems.cols }, (_, i) => `i${i}`);
  return {
    userIds: Array.from({ length: userItems.rows }, (_, u) => `u${u}`),
    itemIds,
    itemKinds: itemIds.map(() => null),
    itemMeta: itemMeta ?? itemIds.map(() => noMeta('', [])),
    itemTimes: new Float64Array(itemIds.length).fill(NaN),
    edges: {
      user,
      item,
      weight,
      count: new Int32Array(n).fill(1),
      lastAt: new Float64Array(n).fill(NaN),
    },
    follows,
  };
}

/**
 * A TrainData as the stored graph would hold it after importing it: users, items with their training
 * tags and texts, each training pair's stored total weight (TrainData holds the pipeline's compressed
 * one: TrainData.storedWeights, else expanded back from the compressed one), follows as declared
 * (TrainData.follows; without it, the symmetric social graph once per tie), media kinds, languages,
 * durations and publish times when known (TrainData.itemFacts), and the training pairs engaged without a
 * positive weight with their totals (TrainData.nonPositive). Not carried: creators.
 */
export function projectionFromTrain(train: TrainData): GraphProjection {
  const tags: string[][] = Array.from({ length: train.numItems }, () => []);
  if (train.itemTags) {
    const { item, tag } = train.itemTags;
    for (let k = 0; k < item.length; k++) tags[item[k]!]!.push(tagName(train, tag[k]!));
  }
  const weights = train.storedWeights ?? Float32Array.from(train.userItems.weights, expandEngagement);
  const stored = { ...train.userItems, weights };
  const p = pairsProjection(
    stored,
    train.follows ?? tiesOnce(train.social),
    tags.map((t, i) => {
      const meta = noMeta(train.itemTexts?.[i] ?? '', [...new Set(t)]);
      const facts = train.itemFacts?.[i];
      return facts ? { ...meta, language: facts.language, durationSec: facts.durationSec } : meta;
    }),
    train.nonPositive,
  );
  const facts = train.itemFacts;
  if (!facts) return p;
  return {
    ...p,
    itemKinds: p.itemIds.map((_, i) => facts[i]?.kind ?? null),
    itemTimes: Float64Array.from(p.itemIds, (_, i) => facts[i]?.publishedAt ?? NaN),
  };
}

/**
 * The users' training tag assignments (TrainData.tagAssignments) as the stored graph would hold them after
 * importing the split (its TAGGED edges; GraphSource.streamTagAssignments), by the projection's indices
 * (projectionFromTrain keeps the training order). The items' editorial tags are the projection's media tags.
 */
export function tagAssignmentsFromTrain(train: TrainData): TagAssignments {
  const t = train.tagAssignments;
  const names = Array.from({ length: train.itemTags?.numTags ?? 0 }, (_, k) => tagName(train, k));
  if (!t) return { user: new Int32Array(0), item: new Int32Array(0), tag: new Int32Array(0), names };
  return { user: t.user, item: t.item, tag: t.tag, names };
}

/** A tag's name as projectionFromTrain stores it (the dataset's own, else `tag<index>`). */
function tagName(train: TrainData, tag: number): string {
  return train.tagNames?.[tag] ?? `tag${tag}`;
}

/** Each tie of a symmetric social graph once (lower index → higher), for data without directions. */
function tiesOnce(social: Csr): { src: Int32Array; dst: Int32Array } {
  const src: number[] = [];
  const dst: number[] = [];
  for (let u = 0; u < social.rows; u++) {
    for (let k = social.offsets[u]!; k < social.offsets[u + 1]!; k++)
      if (u < social.targets[k]!) {
        src.push(u);
        dst.push(social.targets[k]!);
      }
  }
  return { src: Int32Array.from(src), dst: Int32Array.from(dst) };
}
