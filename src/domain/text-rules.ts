/**
 * Rules for client text that must survive storage unchanged. Neo4j stores UTF-8, so a lone UTF-16
 * surrogate would silently become U+FFFD and two different ids ("sur-\ud800", "sur-\udc00") one. Ids must
 * also look like what they are: no control, bidi-override or zero-width characters, and in Unicode NFC,
 * so two ids that print the same are the same id. Free text (names, titles, comments) is stored in NFC.
 * Dates are strict RFC 3339: 2024-02-30 is refused, not rolled over into March.
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** C0/C1 controls, bidi embeddings/overrides/isolates and marks, zero-width characters and the BOM. */
const INVISIBLE_IN_ID = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;

export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/** Why `id` is not acceptable as an identifier, or null when it is. */
export function idProblem(id: string): string | null {
  if (hasLoneSurrogate(id)) return 'must be valid Unicode (it holds a lone surrogate)';
  if (INVISIBLE_IN_ID.test(id))
    return 'must not contain control characters, bidirectional overrides or zero-width characters';
  if (id.normalize('NFC') !== id) return 'must be in Unicode normalisation form NFC';
  return null;
}

/** Free text in NFC, or null when it cannot be stored faithfully (a lone surrogate). */
export function normaliseText(text: string): string | null {
  return hasLoneSurrogate(text) ? null : text.normalize('NFC');
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2}))?$/;

/**
 * An RFC 3339 date-time (or full-date, taken as midnight UTC) as a Date, or null when the text is not
 * one or names a day, hour or offset that does not exist.
 */
export function parseRfc3339(text: string): Date | null {
  const m = DATE_TIME.exec(text);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = m[4] === undefined ? [0, 0, 0] : [Number(m[4]), Number(m[5]), Number(m[6])];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60) return null;
  // Date.UTC rolls day 30 of February over into March: the day must survive the round trip.
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return null;
  const offset = m[8];
  if (offset && offset.length === 6) {
    const [oh, om] = [Number(offset.slice(1, 3)), Number(offset.slice(4, 6))];
    if (oh > 23 || om > 59) return null;
  }
  const iso =
    m[4] === undefined
      ? `${m[1]}-${m[2]}-${m[3]}T00:00:00Z`
      : text.replace(' ', 'T').replace(/z$/, 'Z').replace('t', 'T');
  const date = new Date(second === 60 ? iso.replace(/:60(?=[.Zz+-])/, ':59') : iso);
  return Number.isNaN(date.getTime()) ? null : date;
}
