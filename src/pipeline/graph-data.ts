/**
 * From the Neo4j projection to the pure core's structures: the interaction graph (positive engagement
 * only, weights compressed by log1p so one heavy listener doesn't dominate) and a model's TrainData —
 * for serving, the jobs and evaluation alike (eval/train-data.ts builds its TrainData through here).
 */
import { isPositiveEngagement } from '../domain/interaction-weight';
import { buildCsr, hasEdge, transposeCsr, type Csr } from '../graph/csr';
import { buildInteractionGraph, type InteractionGraph } from '../graph/interaction-graph';
import type { TrainData } from '../models/types';
import type { GraphProjection } from '../domain/ports';
import type { TagAssignments } from './tag-assignments';

/**
 * Engagement as every model and the ranker see it: log1p of the stored total weight (play count, rating
 * − 2.5, …). The serving snapshot, the jobs and `npm run eval` all get their TrainData through here.
 */
export function compressEngagement(total: number): number {
  return Math.log1p(total);
}

/** The stored total weight a compressed one came from (to rebuild a projection from a TrainData). */
export function expandEngagement(compressed: number): number {
  return Math.expm1(compressed);
}

/** Indices of the projection's edges whose total weight passes `test`. */
function edgesWhere(p: GraphProjection, test: (totalWeight: number) => boolean): number[] {
  const keep: number[] = [];
  for (let k = 0; k < p.edges.weight.length; k++) if (test(p.edges.weight[k]!)) keep.push(k);
  return keep;
}

export function positiveEdges(p: GraphProjection): { user: Int32Array; item: Int32Array; weight: Float32Array } {
  const keep = edgesWhere(p, isPositiveEngagement);
  return {
    user: Int32Array.from(keep, (k) => p.edges.user[k]!),
    item: Int32Array.from(keep, (k) => p.edges.item[k]!),
    weight: Float32Array.from(keep, (k) => compressEngagement(p.edges.weight[k]!)),
  };
}

/**
 * user → items whose total engagement weight is not positive (disliked, skipped, rated at or below the
 * midpoint): not training pairs, but engaged, so a feed leaves them out after a reload as it does the
 * moment they are recorded (ranking/user-state.ts).
 */
export function excludedEdges(p: GraphProjection): Csr {
  const keep = edgesWhere(p, (w) => !isPositiveEngagement(w));
  return buildCsr(
    p.userIds.length,
    p.itemIds.length,
    Int32Array.from(keep, (k) => p.edges.user[k]!),
    Int32Array.from(keep, (k) => p.edges.item[k]!),
  );
}

export function graphFromProjection(p: GraphProjection): InteractionGraph {
  return buildInteractionGraph({ userIds: p.userIds, itemIds: p.itemIds, edges: positiveEdges(p), follows: p.follows });
}

/**
 * The media's tags as TrainData.itemTags, for EASE's tag rows (models/ease.ts `tagWeight`): each item's
 * tag once per user who assigned it on a pair `engaged` holds (the training pairs: the evaluation counts
 * its training pairs' assignments), so EASE's t is ln(1 + users); a tag the media lists (GraphProjection
 * itemMeta's) that no user assigned it, once. A listed tag that users assigned counts by those users only:
 * LastFM's import lists each artist's most assigned tags, and a list made from every assignment would
 * carry those of the pairs the train-ranker job holds out into its fit. Undefined when no item has a tag.
 */
export function itemTagsFromProjection(
  p: GraphProjection,
  assigned?: TagAssignments,
  engaged?: Csr,
): TrainData['itemTags'] {
  const uses = new Map<number, Map<string, number>>();
  if (assigned && engaged)
    for (let k = 0; k < assigned.item.length; k++) {
      const i = assigned.item[k]!;
      const name = assigned.names[assigned.tag[k]!]!;
      let tags = uses.get(i);
      if (!tags) uses.set(i, (tags = new Map()));
      tags.set(name, (tags.get(name) ?? 0) + (hasEdge(engaged, assigned.user[k]!, i) ? 1 : 0));
    }
  const index = new Map<string, number>();
  const item: number[] = [];
  const tag: number[] = [];
  p.itemMeta.forEach((m, i) => {
    const counts = new Map(uses.get(i));
    for (const name of m.tags) if (!counts.has(name)) counts.set(name, 1);
    for (const [name, n] of counts) {
      if (n === 0) continue;
      let t = index.get(name);
      if (t === undefined) index.set(name, (t = index.size));
      for (let c = 0; c < n; c++) {
        item.push(i);
        tag.push(t);
      }
    }
  });
  if (item.length === 0) return undefined;
  return { item: Int32Array.from(item), tag: Int32Array.from(tag), numTags: index.size };
}

/** Every positive engagement is a training pair; the social graph is symmetric (a follow either way is a tie). */
export function trainDataFromGraph(g: InteractionGraph): TrainData {
  const nu = g.userIds.length;
  const f = g.following;
  // Typed from the start: 2.5M follows at 100× made JS arrays of 5M numbers each, then copies.
  const src = new Int32Array(2 * f.targets.length);
  const dst = new Int32Array(2 * f.targets.length);
  let e = 0;
  for (let u = 0; u < nu; u++) {
    for (let k = f.offsets[u]!; k < f.offsets[u + 1]!; k++) {
      src[e] = u;
      dst[e++] = f.targets[k]!;
      src[e] = f.targets[k]!;
      dst[e++] = u;
    }
  }
  const social = buildCsr(nu, nu, src, dst);
  social.weights.fill(1);
  return {
    numUsers: nu,
    numItems: g.itemIds.length,
    userItems: g.userItems,
    itemUsers: transposeCsr(g.userItems),
    social,
  };
}
