/**
 * The generic import format: one JSON object per line with `entity` of user, media, interaction or
 * follow (and tag: {userId, mediaId, tag, at}); the other fields are those of the GraphQL inputs.
 * The one reader of the format: `npm run import -- jsonl` and `npm run eval -- --dataset jsonl` use it.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { emptyGroups, type BadRow, type ImportBatchSource, type ImportEntity, type ImportRecord } from './records';

const ENTITIES = new Set<string>(['user', 'media', 'interaction', 'follow', 'tag']);

export async function readJsonl(file: string): Promise<ImportBatchSource> {
  const records = emptyGroups();
  const bad: BadRow[] = [];
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) addLine(records, bad, text, file, ++line);
  return { name: file, records, bad };
}

/** The same reading of a text already in memory (tests, small inputs). */
export function parseJsonlText(text: string, file = 'input'): ImportBatchSource {
  const records = emptyGroups();
  const bad: BadRow[] = [];
  text.split(/\r?\n/).forEach((t, k) => addLine(records, bad, t, file, k + 1));
  return { name: file, records, bad };
}

/** One line: a record of its entity's group, a bad row, or nothing for a blank line. */
function addLine(
  records: Map<ImportEntity, ImportRecord[]>,
  bad: BadRow[],
  text: string,
  file: string,
  line: number,
): void {
  const parsed = parseJsonlLine(text, file, line);
  if (parsed === null) return;
  if ('message' in parsed) bad.push(parsed);
  else records.get(parsed.entity)?.push(parsed);
}

/** One line read as the importer reads it: a record, a bad row, or null for a blank line (the bulk path streams with it). */
export function parseJsonlLine(text: string, file: string, line: number): ImportRecord | BadRow | null {
  if (text.trim() === '') return null;
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (error) {
    return { file, line, entity: 'unknown', message: `not valid JSON: ${(error as Error).message}` };
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    return { file, line, entity: 'unknown', message: 'each line must be a JSON object' };
  }
  const { entity, ...data } = obj as Record<string, unknown>;
  if (typeof entity !== 'string' || !ENTITIES.has(entity)) {
    return {
      file,
      line,
      entity: 'unknown',
      message: `entity must be one of user, media, interaction, follow, tag (got ${JSON.stringify(entity)})`,
    };
  }
  return { entity: entity as ImportEntity, data, source: { file, line } };
}
