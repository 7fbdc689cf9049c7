/**
 * The canonical text of a media item for embedding and its cache key. Every encoder sees the same
 * string (title, description, tags, each on its own line; whitespace collapsed; tags de-duplicated
 * case-insensitively in their given order), so a vector cached under (model id, sha256(text)) is
 * recomputed exactly when the text or the model changes, and never because of cosmetic whitespace.
 */
import { createHash } from 'node:crypto';

export interface MediaTextInput {
  title: string;
  description?: string | null;
  tags?: readonly string[] | null;
}

function clean(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/gu, ' ').trim();
}

/** "title\ndescription\ntag1, tag2" with empty parts left out. */
export function mediaText(input: MediaTextInput): string {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const raw of input.tags ?? []) {
    const tag = clean(raw);
    const key = tag.toLowerCase();
    if (tag.length === 0 || seen.has(key)) continue;
    seen.add(key);
    tags.push(tag);
  }
  return [clean(input.title), clean(input.description), tags.join(', ')].filter((p) => p.length > 0).join('\n');
}

/** sha256 of the UTF-8 text, hex; with the encoder's modelId it keys the embedding cache. */
export function textHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
