/**
 * Bulk import: validates every row (bad rows are reported with file and line, good rows are kept),
 * then writes in batched UNWIND statements in dependency order. Re-running is idempotent: upserts
 * compare signatures, events carry deterministic ids, follows and tag assignments are merged.
 */
import { isAppError } from '../domain/errors';
import type { CommentWeigher } from '../domain/interaction-weight';
import type { InteractionRow } from '../domain/validation';
import { firstByKey } from './first-by-key';
import type { InteractionStore, MediaStore, UnitOfWork, UserStore } from '../domain/ports';
import { IMPORT_ORDER, type BadRow, type ImportBatchSource, type ImportEntity, type ImportRecord } from './records';
import { RECORD_REFS, validateRecord, type ValidatedRow } from './validate-record';

export interface ImportProgress {
  (entity: ImportEntity, done: number, total: number): void;
}

export interface EntityReport {
  read: number;
  written: number;
  bad: number;
}

export interface ImportReport {
  source: string;
  entities: Record<ImportEntity, EntityReport>;
  bad: BadRow[];
  seconds: number;
}

export interface ImporterDeps {
  uow: UnitOfWork;
  users: UserStore;
  media: MediaStore;
  interactions: InteractionStore;
}

export const IMPORT_DEFAULTS = { batchSize: 5000 };

type Validated = { row: ValidatedRow; source: ImportRecord['source'] };

export class Importer {
  constructor(private readonly deps: ImporterDeps) {}

  /** `weighComment`: a COMMENT's weight from its text's sentiment, as the API's writes weigh it. */
  async run(
    source: ImportBatchSource,
    options: { batchSize?: number; onProgress?: ImportProgress; weighComment?: CommentWeigher } = {},
  ): Promise<ImportReport> {
    const started = Date.now();
    const batchSize = options.batchSize ?? IMPORT_DEFAULTS.batchSize;
    const bad: BadRow[] = [...source.bad];
    const entities = Object.fromEntries(IMPORT_ORDER.map((e) => [e, { read: 0, written: 0, bad: 0 }])) as Record<
      ImportEntity,
      EntityReport
    >;
    for (const b of source.bad) if (b.entity !== 'unknown') entities[b.entity].bad++;

    for (const entity of IMPORT_ORDER) {
      const records = source.records.get(entity) ?? [];
      const report = entities[entity];
      report.read += records.length;
      const valid: Validated[] = [];
      for (const rec of records) {
        try {
          valid.push({
            row: validateRecord(entity, rec.data, options.weighComment ? { weighComment: options.weighComment } : {}),
            source: rec.source,
          });
        } catch (error) {
          if (!isAppError(error)) throw error;
          bad.push({ ...rec.source, entity, message: error.message });
          report.bad++;
        }
      }
      options.onProgress?.(entity, 0, valid.length);
      for (let i = 0; i < valid.length; i += batchSize) {
        const batch = await this.dropUnknownRefs(entity, valid.slice(i, i + batchSize), bad, report);
        report.written += await this.write(
          entity,
          batch.map((v) => v.row),
        );
        options.onProgress?.(entity, Math.min(i + batchSize, valid.length), valid.length);
      }
    }
    return { source: source.name, entities, bad, seconds: (Date.now() - started) / 1000 };
  }

  private async write(entity: ImportEntity, rows: Validated['row'][]): Promise<number> {
    if (rows.length === 0) return 0;
    const { users, media, interactions, uow } = this.deps;
    switch (entity) {
      case 'user': {
        const r = await users.upsert(rows as never);
        return r.created + r.updated + r.unchanged;
      }
      case 'media': {
        const r = await media.upsert(rows as never);
        return r.created + r.updated + r.unchanged;
      }
      case 'follow':
        return interactions.followBatch(rows as never);
      case 'interaction': {
        const events = firstByKey(rows as unknown as InteractionRow[], (r) => r.eventId);
        await uow.transaction((tx) => interactions.record(events, tx));
        return events.length;
      }
      case 'tag':
        return interactions.assignTags(rows as never);
    }
  }

  /** Rows pointing at users or media that exist neither in the database nor earlier in the import. */
  private async dropUnknownRefs(
    entity: ImportEntity,
    batch: Validated[],
    bad: BadRow[],
    report: EntityReport,
  ): Promise<Validated[]> {
    let kept = batch;
    for (const [field, kind] of RECORD_REFS[entity]) {
      const ids = [...new Set(kept.map((v) => v.row[field]).filter((x): x is string => typeof x === 'string'))];
      const missing = new Set(
        kind === 'user' ? await this.deps.users.missingIds(ids) : await this.deps.media.missingIds(ids),
      );
      if (missing.size === 0) continue;
      kept = kept.filter((v) => {
        const id = v.row[field] as string | undefined;
        if (id === undefined || !missing.has(id)) return true;
        bad.push({
          ...v.source,
          entity,
          message: `${String(field)} refers to an unknown ${kind} (got ${JSON.stringify(id)})`,
        });
        report.bad++;
        return false;
      });
    }
    return kept;
  }
}
