/**
 * Evaluation dataset from the generic import format (DESIGN.md "Generic import format"), read by the
 * importer's own reader (ingest/jsonl-source.ts) and checked by its own rules (ingest/validate-record.ts),
 * so `eval --dataset jsonl` sees what `npm run import -- jsonl` would write to a fresh database:
 *   - every entity the importer takes (user, media, interaction, follow, tag); a row it would skip
 *     (bad JSON, a broken rule, a reference to a user or media item the file never declares) is
 *     skipped here too and listed in `bad`;
 *   - an event id seen before is a retry and counts once (the first wins);
 *   - each event is weighed as serving weighs it (domain/interaction-weight.ts: explicit weight, RATE by
 *     its rating around the midpoint, COMMENT by the sentiment of its text, else the type's default);
 *     a (user, item) pair is a positive when the sum of its events' weights is above 0, with that sum
 *     as its weight — so a 1-star RATE or a DISLIKE is not a positive, as it is no engagement edge when
 *     served; such pairs are kept apart (Dataset.nonPositive), since the service leaves them out of feeds.
 * Media `tags` are creator metadata (item tags, usable in evaluation); `tag` rows are user-generated
 * assignments, which train-data.ts restricts to training pairs.
 */
import { existsSync } from 'node:fs';
import { BadInputError, isAppError } from '../domain/errors';
import { isPositiveEngagement } from '../domain/interaction-weight';
import { readJsonl } from '../ingest/jsonl-source';
import { IMPORT_ORDER, type BadRow, type ImportBatchSource } from '../ingest/records';
import { RECORD_REFS, validateRecord, type RecordRules, type ValidatedRow } from '../ingest/validate-record';
import { IdIndex, itemFacts, PairCollector, type ItemFacts } from './dataset';
import type { Dataset } from './dataset';

export interface JsonlDataset {
  dataset: Dataset;
  /** Rows the importer would skip, with file, line and the reason. */
  bad: BadRow[];
}

export async function loadJsonl(file: string, rules: RecordRules = {}, name = 'jsonl'): Promise<JsonlDataset> {
  if (!existsSync(file)) throw new BadInputError('file', `--file must be an existing JSONL file (got ${file})`, file);
  return datasetFromImport(await readJsonl(file), rules, name);
}

export function datasetFromImport(source: ImportBatchSource, rules: RecordRules = {}, name = 'jsonl'): JsonlDataset {
  const bad: BadRow[] = [...source.bad];
  const users = new IdIndex();
  const items = new IdIndex();
  const tags = new IdIndex();
  const media = new Map<number, { title: string; tags: string[]; facts: ItemFacts }>();
  const events = new Set<string>();
  const sums = new PairCollector();
  const follows = { src: [] as number[], dst: [] as number[] };
  const assigned = new Set<string>();
  const ta = { user: [] as number[], item: [] as number[], tag: [] as number[] };
  for (const entity of IMPORT_ORDER) {
    for (const rec of source.records.get(entity) ?? []) {
      let row: ValidatedRow;
      try {
        row = validateRecord(entity, rec.data, rules);
      } catch (error) {
        if (!isAppError(error)) throw error;
        bad.push({ ...rec.source, entity, message: error.message });
        continue;
      }
      const missing = RECORD_REFS[entity].find(([field, kind]) => {
        const id = row[field];
        return typeof id === 'string' && (kind === 'user' ? users : items).find(id) === undefined;
      });
      if (missing) {
        bad.push({
          ...rec.source,
          entity,
          message: `${missing[0]} refers to an unknown ${missing[1]} (got ${JSON.stringify(row[missing[0]])})`,
        });
        continue;
      }
      switch (entity) {
        case 'user':
          users.get(row['id'] as string);
          break;
        case 'media':
          // An upsert: the last row of an id wins.
          media.set(items.get(row['id'] as string), {
            title: row['title'] as string,
            tags: row['tags'] as string[],
            facts: itemFacts(row),
          });
          break;
        case 'follow':
          follows.src.push(users.find(row.followerId!)!);
          follows.dst.push(users.find(row.followeeId!)!);
          break;
        case 'interaction': {
          const eventId = row['eventId'] as string;
          if (events.has(eventId)) break;
          events.add(eventId);
          sums.add(users.find(row.userId!)!, items.find(row.mediaId!)!, row['weight'] as number);
          break;
        }
        case 'tag': {
          const u = users.find(row.userId!)!;
          const i = items.find(row.mediaId!)!;
          const t = tags.get(row['tag'] as string);
          const key = `${u} ${i} ${t}`;
          if (assigned.has(key)) break;
          assigned.add(key);
          ta.user.push(u);
          ta.item.push(i);
          ta.tag.push(t);
          break;
        }
      }
    }
  }
  const itemTags = { item: [] as number[], tag: [] as number[] };
  for (const [i, m] of media) {
    for (const t of m.tags) {
      itemTags.item.push(i);
      itemTags.tag.push(tags.get(t));
    }
  }
  const summed = sums.build();
  const nonPositive = pairsWhere(summed, (w) => !isPositiveEngagement(w));
  return {
    dataset: {
      name,
      userIds: users.ids,
      itemIds: items.ids,
      pairs: pairsWhere(summed, isPositiveEngagement),
      ...(nonPositive.user.length > 0 ? { nonPositive } : {}),
      social: { src: Int32Array.from(follows.src), dst: Int32Array.from(follows.dst) },
      ...(ta.user.length > 0
        ? {
            tagAssignments: {
              user: Int32Array.from(ta.user),
              item: Int32Array.from(ta.item),
              tag: Int32Array.from(ta.tag),
            },
          }
        : {}),
      ...(itemTags.item.length > 0
        ? { itemTags: { item: Int32Array.from(itemTags.item), tag: Int32Array.from(itemTags.tag) } }
        : {}),
      tagNames: tags.ids,
      itemTitles: items.ids.map((id, i) => media.get(i)?.title ?? id),
      itemFacts: items.ids.map((_, i) => media.get(i)?.facts ?? itemFacts({})),
    },
    bad,
  };
}

/** The pairs whose summed engagement passes `test` (positives: domain/interaction-weight.ts). */
function pairsWhere(p: Dataset['pairs'], test: (weight: number) => boolean): Dataset['pairs'] {
  const keep: number[] = [];
  for (let k = 0; k < p.weight.length; k++) if (test(p.weight[k]!)) keep.push(k);
  return {
    user: Int32Array.from(keep, (k) => p.user[k]!),
    item: Int32Array.from(keep, (k) => p.item[k]!),
    weight: Float32Array.from(keep, (k) => p.weight[k]!),
  };
}
