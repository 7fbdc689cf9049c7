/**
 * Validation of client input into normalised rows. Every rule throws BadInputError naming the field
 * (with its row index in a batch), the rule and the value, before anything touches the database.
 */
import { randomUUID } from 'node:crypto';
import { BadInputError, printable } from './errors';
import { idProblem, normaliseText, parseRfc3339 } from './text-rules';
import { interactionWeight, type CommentWeigher } from './interaction-weight';
import {
  INTERACTION_TYPES,
  MEDIA_KINDS,
  RATING_MAX,
  RATING_MIN,
  type InteractionType,
  type MediaKind,
} from './entities';

export const LIMITS = {
  idMaxLength: 128,
  nameMaxLength: 200,
  titleMaxLength: 500,
  descriptionMaxLength: 10000,
  textMaxLength: 10000,
  tagMaxLength: 256,
  maxTags: 50,
  maxDurationSec: 7 * 24 * 3600,
  maxAbsWeight: 1e9,
  maxVectorLength: 2048,
} as const;

export interface UserRow {
  id: string;
  name: string | null;
}

export interface MediaRow {
  id: string;
  kind: MediaKind;
  title: string;
  description: string | null;
  tags: string[];
  language: string | null;
  durationSec: number | null;
  creatorId: string | null;
  publishedAt: string | null;
  audioVector: number[] | null;
  visualVector: number[] | null;
}

export interface InteractionRow {
  eventId: string;
  userId: string;
  mediaId: string;
  type: InteractionType;
  typeIndex: number;
  weight: number;
  rating: number | null;
  text: string | null;
  at: string;
  device: string | null;
  location: string | null;
  localHour: number | null;
  weekday: number | null;
}

type Obj = Record<string, unknown>;

export function validateId(field: string, value: unknown): string {
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw new BadInputError(field, `${field} must be a non-empty string id (got ${printable(value)})`, value);
  }
  const id = String(value);
  if (id.trim().length === 0) throw new BadInputError(field, `${field} must not be empty (got ${printable(id)})`, id);
  if (id.length > LIMITS.idMaxLength) {
    throw new BadInputError(
      field,
      `${field} must be at most ${LIMITS.idMaxLength} characters (got ${id.length}: ${printable(id)})`,
      id,
    );
  }
  // Invisible or unstorable characters would let two different ids print (or store) as one.
  const problem = idProblem(id);
  if (problem) throw new BadInputError(field, `${field} ${problem} (got ${printable(id)})`, id);
  return id;
}

export function optionalString(field: string, value: unknown, max: number): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string')
    throw new BadInputError(field, `${field} must be a string (got ${printable(value)})`, value);
  if (value.length > max)
    throw new BadInputError(field, `${field} must be at most ${max} characters (got ${value.length})`, value);
  const text = normaliseText(value);
  if (text === null)
    throw new BadInputError(
      field,
      `${field} must be valid Unicode (it holds a lone surrogate; got ${printable(value)})`,
      value,
    );
  return text;
}

function requiredString(field: string, value: unknown, max: number): string {
  const s = optionalString(field, value, max);
  if (s === null || s.trim() === '')
    throw new BadInputError(field, `${field} is required and must not be empty (got ${printable(value)})`, value);
  return s;
}

export function optionalInt(field: string, value: unknown, min: number, max: number): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new BadInputError(
      field,
      `${field} must be an integer between ${min} and ${max} (got ${printable(value)})`,
      value,
    );
  }
  return value;
}

export function optionalDateTime(field: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const d = value instanceof Date ? value : typeof value === 'string' ? parseRfc3339(value) : null;
  if (d === null || Number.isNaN(d.getTime())) {
    throw new BadInputError(
      field,
      `${field} must be an RFC 3339 date-time such as 2024-02-29T10:00:00Z (got ${printable(value)})`,
      value,
    );
  }
  return d.toISOString();
}

function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new BadInputError(field, `${field} must be one of ${allowed.join(', ')} (got ${printable(value)})`, value);
  }
  return value as T;
}

function finite(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new BadInputError(
      field,
      `${field} must be a finite number between ${min} and ${max} (got ${printable(value)})`,
      value,
    );
  }
  return value;
}

export function normaliseTag(field: string, value: unknown): string {
  const tag = requiredString(field, value, LIMITS.tagMaxLength).trim().toLowerCase().replace(/\s+/g, ' ');
  return tag;
}

export function checkBatch(field: string, rows: unknown, maxBatch: number): unknown[] {
  if (!Array.isArray(rows)) throw new BadInputError(field, `${field} must be a list (got ${printable(rows)})`, rows);
  if (rows.length > maxBatch) {
    throw new BadInputError(field, `${field} must hold at most ${maxBatch} rows (got ${rows.length})`, rows.length);
  }
  return rows;
}

function asObj(field: string, value: unknown): Obj {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new BadInputError(field, `${field} must be an object (got ${printable(value)})`, value);
  }
  return value as Obj;
}

export function validateUser(raw: unknown, at = 'input'): UserRow {
  const o = asObj(at, raw);
  return { id: validateId(`${at}.id`, o.id), name: optionalString(`${at}.name`, o.name, LIMITS.nameMaxLength) };
}

export function validateMedia(raw: unknown, at = 'input'): MediaRow {
  const o = asObj(at, raw);
  let tags: string[] = [];
  if (o.tags !== undefined && o.tags !== null) {
    if (!Array.isArray(o.tags))
      throw new BadInputError(`${at}.tags`, `${at}.tags must be a list of strings (got ${printable(o.tags)})`, o.tags);
    if (o.tags.length > LIMITS.maxTags)
      throw new BadInputError(
        `${at}.tags`,
        `${at}.tags must hold at most ${LIMITS.maxTags} tags (got ${o.tags.length})`,
        o.tags.length,
      );
    tags = [...new Set(o.tags.map((t, i) => normaliseTag(`${at}.tags[${i}]`, t)))];
  }
  return {
    id: validateId(`${at}.id`, o.id),
    kind: oneOf(`${at}.kind`, o.kind, MEDIA_KINDS),
    title: requiredString(`${at}.title`, o.title, LIMITS.titleMaxLength),
    description: optionalString(`${at}.description`, o.description, LIMITS.descriptionMaxLength),
    tags,
    language: optionalString(`${at}.language`, o.language, 16),
    durationSec: optionalInt(`${at}.durationSec`, o.durationSec, 0, LIMITS.maxDurationSec),
    creatorId: o.creatorId === undefined || o.creatorId === null ? null : validateId(`${at}.creatorId`, o.creatorId),
    publishedAt: optionalDateTime(`${at}.publishedAt`, o.publishedAt),
    ...modalityVectors(`${at}.modalityVectors`, o.modalityVectors),
  };
}

/** Client audio/visual embeddings: one per modality, finite, at most maxVectorLength numbers. */
function modalityVectors(
  field: string,
  value: unknown,
): { audioVector: number[] | null; visualVector: number[] | null } {
  const out = { audioVector: null as number[] | null, visualVector: null as number[] | null };
  if (value === undefined || value === null) return out;
  if (!Array.isArray(value)) throw new BadInputError(field, `${field} must be a list (got ${printable(value)})`, value);
  value.forEach((raw, i) => {
    const o = asObj(`${field}[${i}]`, raw);
    const modality = oneOf(`${field}[${i}].modality`, o.modality, ['AUDIO', 'VISUAL'] as const);
    const v = o.vector;
    if (!Array.isArray(v) || v.length === 0 || v.length > LIMITS.maxVectorLength) {
      throw new BadInputError(
        `${field}[${i}].vector`,
        `${field}[${i}].vector must hold 1 to ${LIMITS.maxVectorLength} numbers (got ${Array.isArray(v) ? v.length : printable(v)})`,
        v,
      );
    }
    v.forEach((x, k) => finite(`${field}[${i}].vector[${k}]`, x, -1e6, 1e6));
    const key = modality === 'AUDIO' ? 'audioVector' : 'visualVector';
    if (out[key] !== null)
      throw new BadInputError(
        `${field}[${i}].modality`,
        `${field}[${i}].modality ${modality} is given twice`,
        modality,
      );
    out[key] = v as number[];
  });
  return out;
}

/**
 * Weight rules (domain/interaction-weight.ts, shared with evaluation): an explicit weight wins; RATE
 * maps the rating around the scale's midpoint (so 5 → +2.5, 0 → −2.5); a COMMENT's text is weighed
 * by `weighComment` (its sentiment) when one is given; otherwise the type's default.
 */
export function validateInteraction(
  raw: unknown,
  at = 'input',
  now: () => Date = () => new Date(),
  weighComment?: CommentWeigher,
): InteractionRow {
  const o = asObj(at, raw);
  const type = oneOf(`${at}.type`, o.type, INTERACTION_TYPES);
  const rating =
    o.rating === undefined || o.rating === null ? null : finite(`${at}.rating`, o.rating, RATING_MIN, RATING_MAX);
  if (type === 'RATE' && rating === null)
    throw new BadInputError(`${at}.rating`, `${at}.rating is required for type RATE (got null)`, null);
  const explicit =
    o.weight === undefined || o.weight === null
      ? null
      : finite(`${at}.weight`, o.weight, -LIMITS.maxAbsWeight, LIMITS.maxAbsWeight);
  const text = optionalString(`${at}.text`, o.text, LIMITS.textMaxLength);
  const weight = interactionWeight({ type, weight: explicit, rating, text }, weighComment);
  const ctx = o.context === undefined || o.context === null ? {} : asObj(`${at}.context`, o.context);
  return {
    eventId: o.eventId === undefined || o.eventId === null ? randomUUID() : validateId(`${at}.eventId`, o.eventId),
    userId: validateId(`${at}.userId`, o.userId),
    mediaId: validateId(`${at}.mediaId`, o.mediaId),
    type,
    typeIndex: INTERACTION_TYPES.indexOf(type),
    weight,
    rating,
    text,
    at: optionalDateTime(`${at}.at`, o.at) ?? now().toISOString(),
    device: optionalString(`${at}.context.device`, ctx.device, 64),
    location: optionalString(`${at}.context.location`, ctx.location, 128),
    localHour: optionalInt(`${at}.context.localHour`, ctx.localHour, 0, 23),
    weekday: optionalInt(`${at}.context.weekday`, ctx.weekday, 0, 6),
  };
}

export function validateFollow(
  followerId: unknown,
  followeeId: unknown,
  at = '',
): { followerId: string; followeeId: string } {
  const a = validateId(`${at}followerId`, followerId);
  const b = validateId(`${at}followeeId`, followeeId);
  if (a === b)
    throw new BadInputError(`${at}followeeId`, `${at}followeeId must differ from followerId (got ${printable(b)})`, b);
  return { followerId: a, followeeId: b };
}
