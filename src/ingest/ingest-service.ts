/**
 * Client writes (the API's mutations): validate every row first, then write the batch in one
 * transaction, so a bad row leaves nothing of its batch behind. Retries are safe: upserts compare
 * signatures, events are idempotent by event id, follows by pair.
 */
import { Listeners, type ListenOptions } from '../domain/listeners';
import { BadInputError, printable } from '../domain/errors';
import type { RecordResult, UpsertResult } from '../domain/entities';
import {
  checkBatch,
  validateFollow,
  validateId,
  validateInteraction,
  validateMedia,
  validateUser,
  type InteractionRow,
  type MediaRow,
} from '../domain/validation';
import type {
  InteractionStore,
  MediaStore,
  ModerationStore,
  Transaction,
  UnitOfWork,
  UserStore,
} from '../domain/ports';
import type { CommentWeigher } from '../domain/interaction-weight';
import { firstByKey } from './first-by-key';

/** Turns a comment's text into a signed weight (sentiment); injected so the core stays model-free. */
export type { CommentWeigher };

export interface IngestEvents {
  interactionsRecorded?(rows: InteractionRow[]): void;
  mediaUpserted?(rows: MediaRow[]): void;
  usersUpserted?(ids: string[]): void;
  userDeleted?(id: string): void;
  followChanged?(followerId: string, followeeId: string): void;
}

export interface IngestDeps {
  uow: UnitOfWork;
  users: UserStore;
  media: MediaStore;
  interactions: InteractionStore;
  maxBatchSize: number;
  commentWeigher?: CommentWeigher;
  /** When given, ids of media taken down are refused (they are never served or written again). */
  moderation?: ModerationStore;
}

export class IngestService {
  private readonly listeners = new Listeners<IngestEvents>();

  constructor(private readonly deps: IngestDeps) {}

  on(listener: IngestEvents, options?: ListenOptions): void {
    this.listeners.add(listener, options);
  }

  /** Tells the listeners of a write another replica took (recommend/replica-sync.ts); local-only ones are skipped. */
  replay<K extends keyof IngestEvents>(event: K, args: Parameters<NonNullable<IngestEvents[K]>>): void {
    this.listeners.emit(event, args, true);
  }

  async upsertUsers(input: unknown): Promise<UpsertResult> {
    const rows = dedupeById(
      checkBatch('input', input, this.deps.maxBatchSize).map((r, i) => validateUser(r, `input[${i}]`)),
    );
    if (rows.length === 0) return { created: 0, updated: 0, unchanged: 0 };
    const result = await this.deps.users.upsert(rows);
    this.listeners.emit('usersUpserted', [rows.map((r) => r.id)]);
    return result;
  }

  async upsertMedia(input: unknown): Promise<UpsertResult> {
    const rows = dedupeById(
      checkBatch('input', input, this.deps.maxBatchSize).map((r, i) => validateMedia(r, `input[${i}]`)),
    );
    if (rows.length === 0) return { created: 0, updated: 0, unchanged: 0 };
    const creators = unique(rows.map((r) => r.creatorId).filter((c): c is string => c !== null));
    return this.deps.uow
      .transaction(async (tx) => {
        const missing = await this.deps.users.lockMissing(creators, tx);
        if (missing.length > 0) {
          const i = rows.findIndex((r) => r.creatorId === missing[0]);
          throw new BadInputError(
            `input[${i}].creatorId`,
            `input[${i}].creatorId refers to an unknown user (got ${printable(missing[0])})`,
            missing[0],
          );
        }
        const down =
          (await this.deps.moderation?.takenDown(
            rows.map((r) => r.id),
            tx,
          )) ?? [];
        if (down.length > 0) {
          const i = rows.findIndex((r) => r.id === down[0]);
          throw new BadInputError(
            `input[${i}].id`,
            `input[${i}].id was taken down and cannot be written again (got ${printable(down[0])})`,
            down[0],
          );
        }
        return this.deps.media.upsert(rows, tx);
      })
      .then((result) => {
        if (result.created + result.updated > 0) this.listeners.emit('mediaUpserted', [rows]);
        return result;
      });
  }

  async recordInteractions(input: unknown): Promise<RecordResult> {
    const weighComment = this.deps.commentWeigher;
    const all = checkBatch('input', input, this.deps.maxBatchSize).map((r, i) =>
      validateInteraction(r, `input[${i}]`, undefined, weighComment),
    );
    if (all.length === 0) return { recorded: 0, duplicates: 0 };
    // A retried event inside one batch counts once: the first occurrence of an event id wins.
    const rows = firstByKey(all, (r) => r.eventId);
    const recorded = await this.deps.uow.transaction(async (tx) => {
      const missingUsers = await this.deps.users.lockMissing(
        rows.map((r) => r.userId),
        tx,
      );
      if (missingUsers.length > 0) throw unknownRef(rows, 'userId', 'user', missingUsers[0]!);
      const missingMedia = await this.deps.media.missingIds(unique(rows.map((r) => r.mediaId)), tx);
      if (missingMedia.length > 0) throw unknownRef(rows, 'mediaId', 'media item', missingMedia[0]!);
      return this.deps.interactions.record(rows, tx);
    });
    if (recorded > 0) this.listeners.emit('interactionsRecorded', [rows]);
    return { recorded, duplicates: all.length - recorded };
  }

  /** True only for the call that created the edge, however many run at once. */
  async follow(followerId: unknown, followeeId: unknown): Promise<boolean> {
    return this.changeFollow(followerId, followeeId, (a, b, tx) => this.deps.interactions.follow(a, b, tx));
  }

  /** True only for the call that removed the edge. */
  async unfollow(followerId: unknown, followeeId: unknown): Promise<boolean> {
    return this.changeFollow(followerId, followeeId, (a, b, tx) => this.deps.interactions.unfollow(a, b, tx));
  }

  /** Erases the person; returns false when no such user existed (deleting twice is not an error). */
  async deleteUser(id: unknown): Promise<boolean> {
    const userId = validateId('id', id);
    const deleted = await this.deps.users.delete(userId);
    if (deleted) this.listeners.emit('userDeleted', [userId]);
    return deleted;
  }

  /** Locks both users (so concurrent changes of one pair, and erasures, serialise), checks them, changes the edge. */
  private async changeFollow(
    followerId: unknown,
    followeeId: unknown,
    change: (a: string, b: string, tx: Transaction) => Promise<boolean>,
  ): Promise<boolean> {
    const pair = validateFollow(followerId, followeeId);
    const changed = await this.deps.uow.transaction(async (tx) => {
      const missing = await this.deps.users.lockMissing([pair.followerId, pair.followeeId], tx);
      if (missing.length > 0) {
        const field = missing.includes(pair.followerId) ? 'followerId' : 'followeeId';
        throw new BadInputError(field, `${field} refers to an unknown user (got ${printable(missing[0])})`, missing[0]);
      }
      return change(pair.followerId, pair.followeeId, tx);
    });
    this.listeners.emit('followChanged', [pair.followerId, pair.followeeId]);
    return changed;
  }
}

function unknownRef(rows: InteractionRow[], field: 'userId' | 'mediaId', what: string, id: string): BadInputError {
  const i = rows.findIndex((r) => r[field] === id);
  return new BadInputError(
    `input[${i}].${field}`,
    `input[${i}].${field} refers to an unknown ${what} (got ${printable(id)})`,
    id,
  );
}

export function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

/** Within one batch the last row for an id wins, as if the rows were sent one after another. */
function dedupeById<T extends { id: string }>(rows: T[]): T[] {
  return [...new Map(rows.map((r) => [r.id, r])).values()];
}
