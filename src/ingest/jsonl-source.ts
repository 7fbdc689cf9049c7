/**
 * The generic import format: one JSON object per line with `entity` of user, media, interaction or
 * follow (and tag: {userId, mediaId, tag, at}); the other fields are those of the GraphQL inputs.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { emptyGroups, type BadRow, type ImportBatchSource, type ImportEntity } from './records';

const ENTITIES = new Set<string>(['user', 'media', 'interaction', 'follow', 'tag']);

export async function readJsonl(file: string): Promise<ImportBatchSource> {
  const records = emptyGroups();
  const bad: BadRow[] = [];
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === '') continue;
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch (error) {
      bad.push({ file, line, entity: 'unknown', message: `not valid JSON: ${(error as Error).message}` });
      continue;
    }
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
      bad.push({ file, line, entity: 'unknown', message: 'each line must be a JSON object' });
      continue;
    }
    const { entity, ...data } = obj as Record<string, unknown>;
    if (typeof entity !== 'string' || !ENTITIES.has(entity)) {
      bad.push({ file, line, entity: 'unknown', message: `entity must be one of user, media, interaction, follow, tag (got ${JSON.stringify(entity)})` });
      continue;
    }
    records.get(entity as ImportEntity)?.push({ entity: entity as ImportEntity, data, source: { file, line } });
  }
  return { name: file, records, bad };
}
