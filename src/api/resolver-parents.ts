/**
 * What resolvers hand down for GraphQL types whose runtime value is not the generated GraphQL shape:
 * connections and edges with lazy fields, and ranked results whose entity loads lazily. codegen.yml maps
 * these types here (`mappers`), as it maps User, Media, GraphNode, ... to their domain types, so the
 * generated resolver types (generated/graphql.ts) describe what the resolvers really return.
 */
import type { Media, User } from '../domain/entities';

/**
 * A field value the default field resolver calls only when the client selects the field, so the work
 * behind an unselected field (a count query, a cursor encoding, an entity load) never runs.
 */
export type Lazy<T> = T | (() => T);

export interface PageInfoParent {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: Lazy<string | null>;
  endCursor: Lazy<string | null>;
}

export interface EdgeParent<N> {
  cursor: Lazy<string>;
  node: N;
}

export interface ConnectionParent<E, C = number> {
  edges: E[];
  pageInfo: PageInfoParent;
  totalCount: C;
}

/** Users and media pages: totalCount counts the whole list (a query) only when selected. */
type CountWhenSelected = number | (() => Promise<number>);
export type UserConnectionParent = ConnectionParent<EdgeParent<User>, CountWhenSelected>;
export type MediaConnectionParent = ConnectionParent<EdgeParent<Media>, CountWhenSelected>;

/**
 * A reason as the schema's Reason type. Its kind is one of ReasonKind's values: resolvers/recommend.ts
 * builds reasons with the generated Reason type (this file cannot import it: generated/graphql.ts imports
 * this file).
 */
export interface ReasonParent {
  kind: string;
  label: string;
  weight: number;
  evidence: string[];
}

/** An entity from the process-wide cache, or one the per-request DataLoader loads (null: gone since). */
type Loaded<T> = Lazy<T | null | Promise<T | null>>;

/** A ranked media item: the entity loads only when selected (an unselected load nobody awaits could reject unhandled). */
export interface RecommendationParent {
  media: Loaded<Media>;
  score: number;
  reasons: ReasonParent[];
}

export interface FriendSuggestionParent {
  user: Loaded<User>;
  score: number;
  mutualFriends: number;
  reasons: ReasonParent[];
}

export type RecommendationEdgeParent = EdgeParent<RecommendationParent>;
export type FriendSuggestionEdgeParent = EdgeParent<FriendSuggestionParent>;
