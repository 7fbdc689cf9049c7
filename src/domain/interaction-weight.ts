/**
 * The signed weight of one interaction event, and when a user's engagement with an item counts as a
 * positive. Serving (API writes, bulk import → the ENGAGED edge → the job projection) and offline
 * evaluation (`eval --dataset jsonl`) both weigh events with this one function, so a 1-star RATE or
 * an angry COMMENT is a negative in both places or in neither.
 *
 * Rules, in order: an explicit `weight` wins; RATE maps the rating around the scale's midpoint
 * (5 → +2.5, 1 → −1.5, 0 → −2.5); a COMMENT with text is weighed by its sentiment when a comment
 * weigher is given (text/sentiment.ts: commentWeight(sentimentScore(text)), injected so this module
 * stays free of any language model); otherwise the type's default (entities.ts DEFAULT_WEIGHTS).
 * A (user, item) pair's engagement is the sum of its events' weights; it is a positive when the sum is
 * above 0 (pipeline/graph-data.ts keeps exactly those edges).
 */
import { DEFAULT_WEIGHTS, RATING_MAX, RATING_MIN, type InteractionType } from './entities';

/** Turns a comment's text into a signed weight (its sentiment). */
export type CommentWeigher = (text: string) => number;

export interface WeighedEvent {
  type: InteractionType;
  /** The client's explicit weight; null or undefined when none was given. */
  weight?: number | null;
  rating?: number | null;
  text?: string | null;
}

export function interactionWeight(event: WeighedEvent, weighComment?: CommentWeigher): number {
  if (event.weight !== undefined && event.weight !== null) return event.weight;
  if (event.type === 'RATE' && event.rating !== undefined && event.rating !== null)
    return event.rating - (RATING_MIN + RATING_MAX) / 2;
  if (event.type === 'COMMENT' && weighComment && typeof event.text === 'string') return weighComment(event.text);
  return DEFAULT_WEIGHTS[event.type];
}

/** Whether a pair's summed engagement weight makes it a positive (training pair, graph edge). */
export function isPositiveEngagement(totalWeight: number): boolean {
  return totalWeight > 0;
}
