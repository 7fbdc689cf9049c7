/**
 * Loader for the generic import format (DESIGN.md "Generic import format"): one JSON object per line
 * with `entity` of user, media, interaction or follow.
 *
 * Positives: every interaction except DISLIKE and SKIP (explicit negative feedback) is a positive
 * (user, media) pair; repeated pairs merge, weights (the `weight` field, default 1) add up.
 * Media `tags` are creator metadata, not user-generated, so they are item tags usable in evaluation.
 */
import { readFileSync, existsSync } from 'node:fs';
import { BadInputError } from '../domain/errors';
import { IdIndex, PairCollector } from './dataset';
import type { Dataset } from './dataset';

const NEGATIVE_TYPES = new Set(['DISLIKE', 'SKIP']);

export function loadJsonl(file: string, name = 'jsonl'): Dataset {
  if (!existsSync(file)) throw new BadInputError('file', `--file must be an existing JSONL file (got ${file})`, file);
  return parseJsonl(readFileSync(file, 'utf8'), name);
}

export function parseJsonl(text: string, name = 'jsonl'): Dataset {
  const users = new IdIndex();
  const items = new IdIndex();
  const pairs = new PairCollector();
  const tags = new IdIndex();
  const titles = new Map<number, string>();
  const tagItem: number[] = [];
  const tagTag: number[] = [];
  const src: number[] = [];
  const dst: number[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, n) => {
    if (line.trim().length === 0) return;
    let obj: Record<string, unknown>;
    try {
      obj = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new BadInputError('file', `line ${n + 1} is not valid JSON (got ${line.slice(0, 60)})`, line);
    }
    const str = (k: string): string => {
      const v = obj[k];
      if (typeof v !== 'string' || v.length === 0) throw new BadInputError(k, `line ${n + 1}: ${k} must be a non-empty string (got ${JSON.stringify(v)})`, v);
      return v;
    };
    switch (obj['entity']) {
      case 'user':
        users.get(str('id'));
        break;
      case 'media': {
        const i = items.get(str('id'));
        if (typeof obj['title'] === 'string') titles.set(i, obj['title']);
        if (Array.isArray(obj['tags'])) {
          for (const t of obj['tags']) {
            if (typeof t !== 'string') continue;
            tagItem.push(i);
            tagTag.push(tags.get(t.toLowerCase()));
          }
        }
        break;
      }
      case 'interaction': {
        const u = users.get(str('userId'));
        const i = items.get(str('mediaId'));
        if (NEGATIVE_TYPES.has(String(obj['type']))) break;
        const w = typeof obj['weight'] === 'number' && obj['weight'] > 0 ? obj['weight'] : 1;
        pairs.add(u, i, w);
        break;
      }
      case 'follow':
        src.push(users.get(str('followerId')));
        dst.push(users.get(str('followeeId')));
        break;
      default:
        throw new BadInputError('entity', `line ${n + 1}: entity must be user, media, interaction or follow (got ${JSON.stringify(obj['entity'])})`, obj['entity']);
    }
  });
  return {
    name,
    userIds: users.ids,
    itemIds: items.ids,
    pairs: pairs.build(),
    social: { src: Int32Array.from(src), dst: Int32Array.from(dst) },
    itemTags: { item: Int32Array.from(tagItem), tag: Int32Array.from(tagTag) },
    tagNames: tags.ids,
    itemTitles: items.ids.map((id, i) => titles.get(i) ?? id),
  };
}
