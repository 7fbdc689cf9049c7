/**
 * JSONL (the generic import format) → the CSV files of Neo4j's offline importer, holding exactly the
 * graph the online importer (importer.ts with cypher/user/upsert, media/upsert, follow/follow-batch,
 * interaction/record, interaction/tag-assign) writes into an empty database from the same file:
 *   - the same reading and rules (parseJsonlLine, validateRecord with the same comment weigher), bad rows
 *     skipped and reported with file and line, rows naming unknown users or media skipped;
 *   - users and media: the last valid row of an id wins (an upsert), with its change signature; Tag nodes
 *     for every tag any written media row had (an update leaves earlier tags' nodes), HAS_TAG and CREATED
 *     from the winning row; follows and tag assignments once per pair (the first `at` of a tag wins);
 *   - events once per event id (the first wins), each folded into its ENGAGED edge (engagement-table.ts);
 *   - the same property types: JS numbers are sent by the driver as floats (durationSec, weight, rating,
 *     localHour, weekday: double), ENGAGED count and counts are integers; timestamps are ISO strings.
 * Two streaming passes over the file: the first finds which user and media rows win, the second writes.
 * Memory: the ids, one entry per event id and per engaged pair; never the file.
 */
import { mkdirSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { isAppError } from '../../domain/errors';
import type { CommentWeigher } from '../../domain/interaction-weight';
import type { InteractionRow, MediaRow, UserRow } from '../../domain/validation';
import { signature } from '../../domain/signature';
import type { EntityReport, ImportReport } from '../importer';
import { parseJsonlLine } from '../jsonl-source';
import { IMPORT_ORDER, type BadRow, type ImportEntity, type ImportRecord } from '../records';
import { RECORD_REFS, validateRecord, type RecordRules, type ValidatedRow } from '../validate-record';
import { BULK_FILES, type BulkFile, type BulkFileName } from './bulk-files';
import { CsvFile, csvNumber, csvNumberArray, csvString, csvStringArray } from './csv-file';
import { EngagementTable } from './engagement-table';

export interface BulkConversion {
  dir: string;
  files: { name: BulkFileName; path: string; rows: number; multiline: boolean }[];
  arrayDelimiter: string;
  /** Media whose tags are the empty list: CSV has no empty array, so the loader sets these after. */
  emptyTagMedia: string[];
  report: ImportReport;
}

/** The conversion's files as the offline loader takes them, in BULK_FILES' order. */
export function loadFiles(
  conversion: BulkConversion,
): (Pick<BulkFile, 'kind' | 'label'> & { path: string; multiline: boolean })[] {
  return BULK_FILES.map((f) => {
    const made = conversion.files.find((c) => c.name === f.name)!;
    return { kind: f.kind, label: f.label, path: made.path, multiline: made.multiline };
  });
}

export interface ConvertOptions {
  weighComment?: CommentWeigher;
  /** The import's time (createdAt, updatedAt, recordedAt, since); default now. */
  now?: string;
  onProgress?: (pass: 1 | 2, lines: number) => void;
}

/** Candidate array delimiters, the first that no tag holds is used. */
const DELIMITERS = [';', '|', '\u001f', '\u001e', '\u0002'];

/** The file's lines as the importer's reader splits them (readline, any line ending). */
function lines(file: string): AsyncIterable<string> {
  return createInterface({
    input: createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }),
    crlfDelay: Infinity,
  });
}

/** The validated row, or the message of the rule it broke. */
function tryValidate(
  rec: ImportRecord,
  rules: RecordRules = {},
): { row: ValidatedRow; error?: undefined } | { row?: undefined; error: string } {
  try {
    return { row: validateRecord(rec.entity, rec.data, rules) };
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { error: error.message };
  }
}

const ENTITY_NAMES = new Set<string>(IMPORT_ORDER);

/**
 * parseJsonlLine's reading without its copy of each object: validation reads only its own fields, so the
 * parsed object (with its `entity`) is the data. Anything unusual goes through parseJsonlLine itself.
 */
function quickParse(text: string, file: string, line: number): ImportRecord | BadRow | null {
  if (text.charCodeAt(0) === 123 /* { */) {
    try {
      const obj = JSON.parse(text) as Record<string, unknown>;
      if (
        obj !== null &&
        typeof obj === 'object' &&
        !Array.isArray(obj) &&
        typeof obj.entity === 'string' &&
        ENTITY_NAMES.has(obj.entity)
      ) {
        return { entity: obj.entity as ImportEntity, data: obj, source: { file, line } };
      }
    } catch {
      // reported by parseJsonlLine below
    }
  }
  return parseJsonlLine(text, file, line);
}

/** A line that is surely not a user or media row (compact form, one entity key): skipped in pass 1 without parsing. */
function otherEntity(text: string): boolean {
  const at = text.indexOf('"entity":"');
  if (at < 0 || text.indexOf('"entity"', at + 1) >= 0) return false;
  return (
    text.startsWith('interaction"', at + 10) || text.startsWith('follow"', at + 10) || text.startsWith('tag"', at + 10)
  );
}

export async function convertJsonlToCsv(
  file: string,
  outDir: string,
  options: ConvertOptions = {},
): Promise<BulkConversion> {
  const started = Date.now();
  const now = options.now ?? new Date().toISOString();
  const dir = resolve(outDir);
  mkdirSync(dir, { recursive: true });

  // Pass 1: which row of each user and media id wins (the last valid one; media only with a known creator).
  const userLine = new Map<string, number>();
  const mediaRows = new Map<string, number[]>();
  const mediaCreator = new Map<number, string>();
  const inTags = new Set<string>();
  let line = 0;
  for await (const text of lines(file)) {
    if (++line % 200_000 === 0) options.onProgress?.(1, line);
    if (otherEntity(text)) continue;
    const rec = quickParse(text, file, line);
    if (rec === null || 'message' in rec || (rec.entity !== 'user' && rec.entity !== 'media')) continue;
    const checked = tryValidate(rec);
    if (checked.error !== undefined) continue;
    const row = checked.row;
    if (rec.entity === 'user') userLine.set(row.id as string, line);
    else {
      const list = mediaRows.get(row.id as string);
      if (list) list.push(line);
      else mediaRows.set(row.id as string, [line]);
      if (typeof row.creatorId === 'string') mediaCreator.set(line, row.creatorId);
      for (const t of row.tags as string[]) for (const d of DELIMITERS) if (t.includes(d)) inTags.add(d);
    }
  }
  const arrayDelimiter = DELIMITERS.find((d) => !inTags.has(d));
  if (arrayDelimiter === undefined)
    throw new Error(
      `Bulk import: media tags use every array delimiter the loader can choose (${DELIMITERS.map((d) => JSON.stringify(d)).join(', ')})`,
    );
  const userIndex = new Map<string, number>();
  for (const id of userLine.keys()) userIndex.set(id, userIndex.size);
  const mediaLine = new Map<string, number>();
  for (const [id, list] of mediaRows) {
    for (let k = list.length - 1; k >= 0; k--) {
      const creator = mediaCreator.get(list[k]!);
      if (creator === undefined || userIndex.has(creator)) {
        mediaLine.set(id, list[k]!);
        break;
      }
    }
  }
  mediaRows.clear();
  mediaCreator.clear();
  const mediaIndex = new Map<string, number>();
  for (const id of mediaLine.keys()) mediaIndex.set(id, mediaIndex.size);

  // Pass 2: every row in file order (each entity's rows keep their order, as the online importer's groups do).
  const csv = Object.fromEntries(
    BULK_FILES.map((f) => [f.name, new CsvFile(join(dir, `${f.name}.csv`), f.header)]),
  ) as Record<BulkFileName, CsvFile>;
  const entities = Object.fromEntries(IMPORT_ORDER.map((e) => [e, { read: 0, written: 0, bad: 0 }])) as Record<
    ImportEntity,
    EntityReport
  >;
  const bad: BadRow[] = [];
  const tagNames = new Set<string>();
  const follows = new Set<string>();
  const tagged = new Set<string>();
  const events = new Set<string>();
  const engaged = new EngagementTable(Math.max(1, mediaIndex.size));
  const emptyTagMedia: string[] = [];
  const A = arrayDelimiter;
  const all = Object.values(csv);
  const rules: RecordRules = options.weighComment ? { weighComment: options.weighComment } : {};
  line = 0;
  for await (const text of lines(file)) {
    if (++line % 200_000 === 0) options.onProgress?.(2, line);
    if ((line & 1023) === 0) for (const f of all) if (f.full) await f.flush();
    const rec = quickParse(text, file, line);
    if (rec === null) continue;
    if ('message' in rec) {
      bad.push(rec);
      continue;
    }
    const entity = rec.entity;
    entities[entity].read++;
    const checked = tryValidate(rec, rules);
    let problem = checked.error;
    const row = checked.row as ValidatedRow;
    if (problem === undefined) {
      for (const [field, kind] of RECORD_REFS[entity]) {
        const id = row[field];
        if (typeof id === 'string' && !(kind === 'user' ? userIndex : mediaIndex).has(id)) {
          problem = `${field} refers to an unknown ${kind} (got ${JSON.stringify(id)})`;
          break;
        }
      }
    }
    if (problem !== undefined) {
      bad.push({ ...rec.source, entity, message: problem });
      entities[entity].bad++;
      continue;
    }
    entities[entity].written++;
    switch (entity) {
      case 'user': {
        if (userLine.get(row.id as string) !== line) break;
        const u = row as unknown as UserRow;
        csv.users.row([csvString(u.id), csvString(u.name), csvString(signature(row)), csvString(now), csvString(now)]);
        break;
      }
      case 'media': {
        const m = row as unknown as MediaRow;
        for (const t of m.tags) {
          if (tagNames.has(t)) continue;
          tagNames.add(t);
          csv.tags.row([csvString(t)]);
        }
        if (mediaLine.get(m.id) !== line) break;
        if (m.tags.length === 0) emptyTagMedia.push(m.id);
        csv.media.row([
          csvString(m.id),
          csvString(m.kind),
          csvString(m.title),
          csvString(m.description),
          csvStringArray(m.tags, A),
          csvString(m.language),
          csvNumber(m.durationSec),
          csvString(m.creatorId),
          csvString(m.publishedAt),
          csvNumberArray(m.audioVector, A),
          csvNumberArray(m.visualVector, A),
          csvString(signature(row)),
          csvString(now),
          csvString(now),
        ]);
        for (const t of m.tags) csv.has_tag.row([csvString(m.id), csvString(t)]);
        if (m.creatorId !== null) csv.created.row([csvString(m.creatorId), csvString(m.id)]);
        break;
      }
      case 'follow': {
        const key = `${row.followerId}\u0000${row.followeeId}`;
        if (follows.has(key)) break;
        follows.add(key);
        csv.follows.row([csvString(row.followerId), csvString(row.followeeId), csvString(now)]);
        break;
      }
      case 'interaction': {
        const e = row as unknown as InteractionRow;
        if (events.has(e.eventId)) {
          entities[entity].written--; // a retry of a recorded event writes nothing
          break;
        }
        events.add(e.eventId);
        csv.interactions.row([
          csvString(e.eventId),
          csvString(e.type),
          csvNumber(e.weight),
          csvNumber(e.rating),
          csvString(e.text),
          csvString(e.at),
          csvString(e.device),
          csvString(e.location),
          csvNumber(e.localHour),
          csvNumber(e.weekday),
          csvString(now),
        ]);
        csv.by.row([csvString(e.eventId), csvString(e.userId)]);
        csv.on.row([csvString(e.eventId), csvString(e.mediaId)]);
        engaged.add(userIndex.get(e.userId)!, mediaIndex.get(e.mediaId)!, e.typeIndex, e.weight, Date.parse(e.at));
        break;
      }
      case 'tag': {
        const key = `${row.userId}\u0000${row.mediaId}\u0000${row.tag as string}`;
        if (tagged.has(key)) break;
        tagged.add(key);
        csv.tagged.row([
          csvString(row.userId),
          csvString(row.mediaId),
          csvString(row.tag as string),
          csvString(row.at as string | null),
        ]);
        break;
      }
    }
  }
  events.clear();
  const userIds = [...userIndex.keys()];
  const mediaIds = [...mediaIndex.keys()];
  for (const g of engaged.rows(A)) {
    csv.engaged.line(
      `${csvString(userIds[g.user])},${csvString(mediaIds[g.media])},${g.weight},${g.count},${g.counts},"${g.firstAt}","${g.lastAt}"`,
    );
    if (csv.engaged.full) await csv.engaged.flush();
  }
  for (const f of Object.values(csv)) await f.close();
  return {
    dir,
    files: BULK_FILES.map((f) => ({
      name: f.name,
      path: csv[f.name].path,
      rows: csv[f.name].rows,
      multiline: csv[f.name].multiline,
    })),
    arrayDelimiter,
    emptyTagMedia,
    report: { source: file, entities, bad, seconds: (Date.now() - started) / 1000 },
  };
}
