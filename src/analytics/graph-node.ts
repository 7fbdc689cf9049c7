/**
 * Nodes and edges of the heterogeneous user–media graph as analysts and the explorer see them, and
 * the resolution of an external id to a node. Users and media live in separate id spaces; a lookup
 * without a type tries users first (the explorer passes the type it knows).
 */
import { BadInputError, NotFoundError } from '../domain/errors';
import { itemName, userName, type RankingData } from '../ranking/ranking-data';

export type NodeType = 'USER' | 'MEDIA';
export type EdgeType = 'FOLLOWS' | 'ENGAGED';

export interface NodeRef {
  type: NodeType;
  /** User or item index in the snapshot. */
  index: number;
}

export interface GraphNode {
  id: string;
  type: NodeType;
  label: string;
  /** PageRank: users on FOLLOWS, media on the engagement graph. */
  size: number;
  /** Louvain community (users: social graph, media: co-engagement graph); null when not in one. */
  community: number | null;
  /** Hops from the start node (neighbourhoods and paths). */
  depth?: number;
}

export interface GraphEdge {
  source: string;
  target: string;
  /** FOLLOWS: user → user; ENGAGED: user → media. The type tells the endpoint types apart. */
  type: EdgeType;
  weight: number;
}

/** Scores and community labels the pure functions decorate nodes with. */
export interface NodeDecoration {
  userRank: ArrayLike<number>;
  itemRank: ArrayLike<number>;
  userCommunity?: Int32Array;
  itemCommunity?: Int32Array;
}

export interface IdIndex {
  userIndex: ReadonlyMap<string, number>;
  itemIndex: ReadonlyMap<string, number>;
}

export function resolveNode(index: IdIndex, id: string, type?: NodeType | null, field = 'id'): NodeRef {
  if (typeof id !== 'string' || id.length === 0)
    throw new BadInputError(field, `${field} must be a non-empty id (got ${JSON.stringify(id)})`, id);
  if (type !== 'MEDIA') {
    const u = index.userIndex.get(id);
    if (u !== undefined) return { type: 'USER', index: u };
    if (type === 'USER') throw new NotFoundError('User', id);
  }
  const i = index.itemIndex.get(id);
  if (i !== undefined) return { type: 'MEDIA', index: i };
  throw new NotFoundError(type === 'MEDIA' ? 'Media' : 'User or media', id);
}

export function nodeId(data: RankingData, ref: NodeRef): string {
  return ref.type === 'USER' ? userName(data, ref.index) : itemName(data, ref.index);
}

export function toGraphNode(data: RankingData, ref: NodeRef, deco: NodeDecoration, depth?: number): GraphNode {
  const id = nodeId(data, ref);
  const community = ref.type === 'USER' ? deco.userCommunity?.[ref.index] : deco.itemCommunity?.[ref.index];
  const node: GraphNode = {
    id,
    type: ref.type,
    label: id,
    size: (ref.type === 'USER' ? deco.userRank[ref.index] : deco.itemRank[ref.index]) ?? 0,
    community: community === undefined || community < 0 ? null : community,
  };
  if (depth !== undefined) node.depth = depth;
  return node;
}
