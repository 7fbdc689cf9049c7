/**
 * Bulk import: validates every row (bad rows are reported with file and line, good rows are kept),
 * then writes in batched UNWIND statements in dependency order. Re-running is idempotent: upserts
 * compare signatures, events carry deterministic ids, follows and tag assignments are merged.
 */
import { isAppError } from '../domain/errors';
import {
  normaliseTag,
  optionalDateTime,
  validateFollow,
  validateId,
  validateInteraction,
  validateMedia,
  validateUser,
  type InteractionRow,
} from '../domain/validation';
import { firstByKey } from './first-by-key';
import type { Executor } from '../store/neo4j/executor';
import type { InteractionRepository } from '../store/neo4j/interaction-repository';
import type { MediaRepository } from '../store/neo4j/media-repository';
import type { UserRepository } from '../store/neo4j/user-repository';
import { IMPORT_ORDER, type BadRow, type ImportBatchSource, type ImportEntity, type ImportRecord } from './records';

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
  db: Executor;
  users: UserRepository;
  media: MediaRepository;
  interactions: InteractionRepository;
}

export const IMPORT_DEFAULTS = { batchSize: 5000 };

type Validated = { row: Record<string, unknown> & { userId?: string; mediaId?: string; followerId?: string; followeeId?: string }; source: ImportRecord['source'] };

const VALIDATORS: Record<ImportEntity, (data: Record<string, unknown>) => Validated['row']> = {
  user: (d) => ({ ...validateUser(d, 'user') }),
  media: (d) => ({ ...validateMedia(d, 'media') }),
  follow: (d) => validateFollow(d.followerId, d.followeeId),
  interaction: (d) => ({ ...validateInteraction(d, 'interaction') }),
  tag: (d) => ({
    userId: validateId('tag.userId', d.userId),
    mediaId: validateId('tag.mediaId', d.mediaId),
    tag: normaliseTag('tag.tag', d.tag),
    at: optionalDateTime('tag.at', d.at),
  }),
};

export class Importer {
  constructor(private readonly deps: ImporterDeps) {}

  async run(source: ImportBatchSource, options: { batchSize?: number; onProgress?: ImportProgress } = {}): Promise<ImportReport> {
    const started = Date.now();
    const batchSize = options.batchSize ?? IMPORT_DEFAULTS.batchSize;
    const bad: BadRow[] = [...source.bad];
    const entities = Object.fromEntries(IMPORT_ORDER.map((e) => [e, { read: 0, written: 0, bad: 0 }])) as Record<ImportEntity, EntityReport>;
    for (const b of source.bad) if (b.entity !== 'unknown') entities[b.entity].bad++;

    for (const entity of IMPORT_ORDER) {
      const records = source.records.get(entity) ?? [];
      const report = entities[entity];
      report.read += records.length;
      const valid: Validated[] = [];
      for (const rec of records) {
        try {
          valid.push({ row: VALIDATORS[entity](rec.data), source: rec.source });
        } catch (error) {
          if (!isAppError(error)) throw error;
          bad.push({ ...rec.source, entity, message: error.message });
          report.bad++;
        }
      }
      options.onProgress?.(entity, 0, valid.length);
      for (let i = 0; i < valid.length; i += batchSize) {
        const batch = await this.dropUnknownRefs(entity, valid.slice(i, i + batchSize), bad, report);
        report.written += await this.write(entity, batch.map((v) => v.row));
        options.onProgress?.(entity, Math.min(i + batchSize, valid.length), valid.length);
      }
    }
    return { source: source.name, entities, bad, seconds: (Date.now() - started) / 1000 };
  }

  private async write(entity: ImportEntity, rows: Validated['row'][]): Promise<number> {
    if (rows.length === 0) return 0;
    const { users, media, interactions, db } = this.deps;
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
        await db.writeTx((tx) => interactions.record(events, tx));
        return events.length;
      }
      case 'tag':
        return interactions.assignTags(rows as never);
    }
  }

  /** Rows pointing at users or media that exist neither in the database nor earlier in the import. */
  private async dropUnknownRefs(entity: ImportEntity, batch: Validated[], bad: BadRow[], report: EntityReport): Promise<Validated[]> {
    const refs: [keyof Validated['row'], 'user' | 'media'][] =
      entity === 'follow' ? [['followerId', 'user'], ['followeeId', 'user']]
      : entity === 'interaction' || entity === 'tag' ? [['userId', 'user'], ['mediaId', 'media']]
      : entity === 'media' ? [['creatorId' as never, 'user']]
      : [];
    let kept = batch;
    for (const [field, kind] of refs) {
      const ids = [...new Set(kept.map((v) => v.row[field]).filter((x): x is string => typeof x === 'string'))];
      const missing = new Set(kind === 'user' ? await this.deps.users.missingIds(ids) : await this.deps.media.missingIds(ids));
      if (missing.size === 0) continue;
      kept = kept.filter((v) => {
        const id = v.row[field] as string | undefined;
        if (id === undefined || !missing.has(id)) return true;
        bad.push({ ...v.source, entity, message: `${String(field)} refers to an unknown ${kind} (got ${JSON.stringify(id)})` });
        report.bad++;
        return false;
      });
    }
    return kept;
  }
}
