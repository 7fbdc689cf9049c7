/**
 * Impressions: what a client showed a user (`recordImpressions`), so feeds stop repeating items shown
 * several times without engagement (recommend/impressions.ts holds the rule). Validated like every
 * write (typed errors naming the row and field; unknown users or media reject the whole batch, nothing
 * of it written). Idempotent for retries: an impression at or before the last one counted for its
 * (user, item) pair is not counted again, so a client that sends `at` can retry safely.
 */
import { Listeners, type ListenOptions } from '../domain/listeners';
import { BadInputError, printable } from '../domain/errors';
import { checkBatch, optionalDateTime, validateId } from '../domain/validation';
import type {
  ImpressionPairRow,
  ImpressionStore,
  MediaStore,
  ShownCount,
  UnitOfWork,
  UserStore,
} from '../domain/ports';

export interface ImpressionRow {
  userId: string;
  mediaId: string;
  at: string;
}

export interface ImpressionResult {
  /** Impressions counted. */
  recorded: number;
  /** Rows not counted: retries of impressions already counted, repeats within the batch. */
  duplicates: number;
}

export interface ImpressionEvents {
  impressionsRecorded?(counts: ShownCount[]): void;
}

export interface ImpressionDeps {
  uow: UnitOfWork;
  users: UserStore;
  media: MediaStore;
  impressions: ImpressionStore;
  maxBatchSize: number;
  now?: () => Date;
}

export function validateImpression(raw: unknown, at: string, now: () => Date): ImpressionRow {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new BadInputError(at, `${at} must be an object (got ${printable(raw)})`, raw);
  const o = raw as Record<string, unknown>;
  return {
    userId: validateId(`${at}.userId`, o.userId),
    mediaId: validateId(`${at}.mediaId`, o.mediaId),
    at: optionalDateTime(`${at}.at`, o.at) ?? now().toISOString(),
  };
}

/** One row per (user, item): the latest time, and how many distinct times the batch holds for it. */
export function pairRows(rows: readonly ImpressionRow[]): ImpressionPairRow[] {
  const pairs = new Map<string, { userId: string; mediaId: string; times: Set<string> }>();
  for (const r of rows) {
    const key = JSON.stringify([r.userId, r.mediaId]);
    let p = pairs.get(key);
    if (!p) pairs.set(key, (p = { userId: r.userId, mediaId: r.mediaId, times: new Set() }));
    p.times.add(r.at);
  }
  return [...pairs.values()].map((p) => ({
    userId: p.userId,
    mediaId: p.mediaId,
    at: [...p.times].sort().at(-1) as string,
    times: p.times.size,
  }));
}

export class ImpressionService {
  private readonly listeners = new Listeners<ImpressionEvents>();

  constructor(private readonly deps: ImpressionDeps) {}

  on(listener: ImpressionEvents, options?: ListenOptions): void {
    this.listeners.add(listener, options);
  }

  /** Tells the listeners of a write another replica took (recommend/replica-sync.ts); local-only ones are skipped. */
  replay<K extends keyof ImpressionEvents>(event: K, args: Parameters<NonNullable<ImpressionEvents[K]>>): void {
    this.listeners.emit(event, args, true);
  }

  async record(input: unknown): Promise<ImpressionResult> {
    const now = this.deps.now ?? (() => new Date());
    const rows = checkBatch('input', input, this.deps.maxBatchSize).map((r, i) =>
      validateImpression(r, `input[${i}]`, now),
    );
    if (rows.length === 0) return { recorded: 0, duplicates: 0 };
    const pairs = pairRows(rows);
    const counts = await this.deps.uow.transaction(async (tx) => {
      const missingUsers = await this.deps.users.lockMissing(
        rows.map((r) => r.userId),
        tx,
      );
      if (missingUsers.length > 0) throw unknownRef(rows, 'userId', 'user', missingUsers[0]!);
      const missingMedia = await this.deps.media.missingIds([...new Set(rows.map((r) => r.mediaId))], tx);
      if (missingMedia.length > 0) throw unknownRef(rows, 'mediaId', 'media item', missingMedia[0]!);
      return this.deps.impressions.record(pairs, tx);
    });
    const timesOf = new Map(pairs.map((p) => [JSON.stringify([p.userId, p.mediaId]), p.times]));
    const recorded = counts
      .filter((c) => c.counted)
      .reduce((s, c) => s + (timesOf.get(JSON.stringify([c.userId, c.mediaId])) ?? 0), 0);
    if (counts.length > 0) this.listeners.emit('impressionsRecorded', [counts]);
    return { recorded, duplicates: rows.length - recorded };
  }
}

function unknownRef(rows: ImpressionRow[], field: 'userId' | 'mediaId', what: string, id: string): BadInputError {
  const i = rows.findIndex((r) => r[field] === id);
  return new BadInputError(
    `input[${i}].${field}`,
    `input[${i}].${field} refers to an unknown ${what} (got ${printable(id)})`,
    id,
  );
}
