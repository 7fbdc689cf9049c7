/**
 * From the Neo4j projection to the pure core's structures: the interaction graph (positive engagement
 * only, weights compressed by log1p so one heavy listener doesn't dominate) and a model's TrainData.
 */
import { isPositiveEngagement } from '../domain/interaction-weight';
import { buildCsr, transposeCsr } from '../graph/csr';
import { buildInteractionGraph, type InteractionGraph } from '../graph/interaction-graph';
import type { TrainData } from '../models/types';
import type { GraphProjection } from '../domain/ports';

export function positiveEdges(p: GraphProjection): { user: Int32Array; item: Int32Array; weight: Float32Array } {
  const keep: number[] = [];
  for (let k = 0; k < p.edges.weight.length; k++) if (isPositiveEngagement(p.edges.weight[k]!)) keep.push(k);
  return {
    user: Int32Array.from(keep, (k) => p.edges.user[k]!),
    item: Int32Array.from(keep, (k) => p.edges.item[k]!),
    weight: Float32Array.from(keep, (k) => Math.log1p(p.edges.weight[k]!)),
  };
}

export function graphFromProjection(p: GraphProjection): InteractionGraph {
  return buildInteractionGraph({ userIds: p.userIds, itemIds: p.itemIds, edges: positiveEdges(p), follows: p.follows });
}

/** Every positive engagement is a training pair; the social graph is symmetric (a follow either way is a tie). */
export function trainDataFromGraph(g: InteractionGraph): TrainData {
  const nu = g.userIds.length;
  const f = g.following;
  const src: number[] = [];
  const dst: number[] = [];
  for (let u = 0; u < nu; u++) {
    for (let k = f.offsets[u]!; k < f.offsets[u + 1]!; k++) {
      src.push(u, f.targets[k]!);
      dst.push(f.targets[k]!, u);
    }
  }
  const social = buildCsr(nu, nu, Int32Array.from(src), Int32Array.from(dst));
  social.weights.fill(1);
  return {
    numUsers: nu,
    numItems: g.itemIds.length,
    userItems: g.userItems,
    itemUsers: transposeCsr(g.userItems),
    social,
  };
}
