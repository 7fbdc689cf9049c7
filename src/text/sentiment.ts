/**
 * Sentiment of comment text with wink-sentiment (AFINN-165 lexicon plus emoji, emoticon, negation and
 * idiom handling; English). Its `normalizedScore` is in [-5, 5] (the AFINN scale, averaged over the
 * sentiment-bearing tokens and damped for long texts), so score = normalizedScore / 5 ∈ [-1, 1].
 *
 * Interaction weight of a COMMENT (`commentWeight`): w = clamp(neutral + gain·score, -1, 1). With the
 * defaults a neutral comment still counts as mild engagement (0.5), "I love this" (score 0.6) counts
 * fully (1.0), and "boring, hated it" (score -0.6) becomes a negative signal (-0.4), like a
 * DISLIKE; a comment turns negative below score -1/3. Lexicon methods are transparent and fast
 * (microseconds per comment) and need no model file.
 */
import { BadInputError } from '../domain/errors';

// wink-sentiment ships no types; its call signature is tiny
// eslint-disable-next-line @typescript-eslint/no-require-imports
const winkSentiment = require('wink-sentiment') as (text: string) => { score: number; normalizedScore: number };

export interface CommentWeightOptions {
  /** Weight of a comment with no sentiment. */
  neutral?: number;
  /** How strongly sentiment moves the weight. */
  gain?: number;
}

export const COMMENT_WEIGHT_DEFAULTS = { neutral: 0.5, gain: 1.5 };

/** Signed sentiment in [-1, 1]; 0 for empty or neutral text. */
export function sentimentScore(text: string): number {
  if (typeof text !== 'string') throw new BadInputError('text', `text must be a string (got ${typeof text})`, text);
  if (text.trim().length === 0) return 0;
  const { normalizedScore } = winkSentiment(text);
  if (!Number.isFinite(normalizedScore)) return 0;
  return Math.max(-1, Math.min(1, normalizedScore / 5));
}

/** Signed interaction weight of a COMMENT from its sentiment score (see the file comment). */
export function commentWeight(score: number, options: CommentWeightOptions = {}): number {
  const neutral = options.neutral ?? COMMENT_WEIGHT_DEFAULTS.neutral;
  const gain = options.gain ?? COMMENT_WEIGHT_DEFAULTS.gain;
  if (!Number.isFinite(score))
    throw new BadInputError('score', `sentiment score must be a finite number (got ${score})`, score);
  return Math.max(-1, Math.min(1, neutral + gain * score));
}

/** The comment weigher of the service (domain/interaction-weight.ts): the API, the importer and `eval` all use it. */
export function weighCommentBySentiment(text: string): number {
  return commentWeight(sentimentScore(text));
}
