/**
 * One import row → its validated form, per entity: the rules the bulk importer writes by and the
 * offline evaluation (`eval --dataset jsonl`) reads by, so both see the same data from one file.
 */
import type { CommentWeigher } from '../domain/interaction-weight';
import {
  normaliseTag,
  optionalDateTime,
  validateFollow,
  validateId,
  validateInteraction,
  validateMedia,
  validateUser,
} from '../domain/validation';
import type { ImportEntity } from './records';

export type ValidatedRow = Record<string, unknown> & {
  userId?: string;
  mediaId?: string;
  followerId?: string;
  followeeId?: string;
};

export interface RecordRules {
  /** Weighs a COMMENT by its text's sentiment (domain/interaction-weight.ts); absent: the type's default. */
  weighComment?: CommentWeigher;
}

/** Throws BadInputError naming the field when the row breaks a rule. */
export function validateRecord(
  entity: ImportEntity,
  data: Record<string, unknown>,
  rules: RecordRules = {},
): ValidatedRow {
  switch (entity) {
    case 'user':
      return { ...validateUser(data, 'user') };
    case 'media':
      return { ...validateMedia(data, 'media') };
    case 'follow':
      return validateFollow(data.followerId, data.followeeId);
    case 'interaction':
      return { ...validateInteraction(data, 'interaction', undefined, rules.weighComment) };
    case 'tag':
      return {
        userId: validateId('tag.userId', data.userId),
        mediaId: validateId('tag.mediaId', data.mediaId),
        tag: normaliseTag('tag.tag', data.tag),
        at: optionalDateTime('tag.at', data.at),
      };
  }
}

/** The references a row of `entity` makes to users and media, which must exist for it to be written. */
export const RECORD_REFS: Readonly<Record<ImportEntity, readonly (readonly [string, 'user' | 'media'])[]>> = {
  user: [],
  media: [['creatorId', 'user']],
  follow: [
    ['followerId', 'user'],
    ['followeeId', 'user'],
  ],
  interaction: [
    ['userId', 'user'],
    ['mediaId', 'media'],
  ],
  tag: [
    ['userId', 'user'],
    ['mediaId', 'media'],
  ],
};
