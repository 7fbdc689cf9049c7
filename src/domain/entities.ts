/** Entities of the service, as the core and the API see them (plain data, no driver types). */

export const MEDIA_KINDS = ['VIDEO', 'AUDIO'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

/** Order matters: the engagement edge keeps counts by type as a list indexed by this order. */
export const INTERACTION_TYPES = [
  'VIEW',
  'LISTEN',
  'LIKE',
  'DISLIKE',
  'SHARE',
  'COMMENT',
  'RATE',
  'SKIP',
  'COMPLETE',
] as const;
export type InteractionType = (typeof INTERACTION_TYPES)[number];

/**
 * Default signed weight of one event when the client gives none: explicit approval counts more than
 * passive consumption, explicit rejection is negative. RATE is derived from the rating instead.
 */
export const DEFAULT_WEIGHTS: Readonly<Record<InteractionType, number>> = {
  VIEW: 1,
  LISTEN: 1,
  LIKE: 2,
  DISLIKE: -2,
  SHARE: 3,
  COMMENT: 1,
  RATE: 0,
  SKIP: -0.5,
  COMPLETE: 1.5,
};

export const RATING_MIN = 0;
export const RATING_MAX = 5;

export interface User {
  id: string;
  name: string | null;
  createdAt: string | null;
  updatedAt: string | null;
}

export interface Media {
  id: string;
  kind: MediaKind;
  title: string;
  description: string | null;
  tags: string[];
  keywords: string[];
  pagerank: number | null;
  language: string | null;
  durationSec: number | null;
  creatorId: string | null;
  publishedAt: string | null;
  createdAt: string | null;
  updatedAt: string | null;
}

export interface InteractionContext {
  device: string | null;
  location: string | null;
  localHour: number | null;
  weekday: number | null;
}

export interface Interaction extends InteractionContext {
  eventId: string;
  userId: string;
  mediaId: string;
  type: InteractionType;
  weight: number;
  rating: number | null;
  text: string | null;
  at: string;
}

/** The aggregated engagement of one user with one media item, kept beside the events for graph computation. */
export interface Engagement {
  userId: string;
  mediaId: string;
  weight: number;
  count: number;
  countsByType: Record<InteractionType, number>;
  lastAt: string | null;
}

export interface UpsertResult {
  created: number;
  updated: number;
  unchanged: number;
}

export interface RecordResult {
  recorded: number;
  duplicates: number;
}
