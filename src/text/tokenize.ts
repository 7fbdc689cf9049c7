/**
 * Shared, unicode-aware tokenisation for the word-vector, hashing and keyword code. Text is NFKC
 * normalised and lower-cased; a token is a run of letters/digits (any script) that may contain inner
 * apostrophes or hyphens ("rock'n'roll", "hip-hop"). Hyphenated tokens are kept whole because
 * pretrained vocabularies hold many of them ("lo-fi", "cross-country") and split only when a lookup
 * misses, which the callers decide (`splitCompound`). Tags are phrases: "Heavy Metal", "heavy-metal"
 * and "heavy_metal" all name the same thing, so `normalizeTag` maps them to "heavy metal".
 */

const TOKEN = /[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*/gu;
const COMBINING_MARKS = /\p{M}+/gu;

/** NFKC + lower case; the one normalisation every text path shares. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** Lower-cased word tokens in order; apostrophes are unified to ASCII. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const match of normalizeText(text).matchAll(TOKEN)) out.push(match[0].replace(/’/g, "'"));
  return out;
}

/** Parts of a hyphen/apostrophe compound ("hip-hop" → ["hip", "hop"]); a plain word → [word]. */
export function splitCompound(token: string): string[] {
  return token.split(/['\-]/).filter((part) => part.length > 0);
}

/** Removes diacritics ("café" → "cafe") for a second-chance vocabulary lookup. */
export function stripDiacritics(token: string): string {
  return token.normalize('NFD').replace(COMBINING_MARKS, '').normalize('NFC');
}

/** Canonical tag phrase: lower case, `_`/`-`/whitespace runs → one space, trimmed. */
export function normalizeTag(tag: string): string {
  return normalizeText(tag)
    .replace(/[\s_\-]+/gu, ' ')
    .trim();
}
