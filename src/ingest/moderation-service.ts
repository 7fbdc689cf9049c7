/**
 * Media takedown (an admin action): hide a media item (kept, restorable) or delete it (gone with its
 * events), with a reason. Idempotent: taking down an item already down the same way (or deleted)
 * changes nothing and returns the first record; a hidden item can still be deleted. The item is never
 * served again: the record keeps its id from being written again, and listeners drop it from the
 * serving side at once (recommend/wiring.ts, main.ts caches).
 */
import { Listeners, type ListenOptions } from '../domain/listeners';
import { AppError, BadInputError, NotFoundError, printable } from '../domain/errors';
import { optionalString, validateId } from '../domain/validation';
import type { ModerationStore, TakedownMode, TakedownRecord, UnitOfWork } from '../domain/ports';

export const TAKEDOWN_MODES: readonly TakedownMode[] = ['HIDE', 'DELETE'];
export const REASON_MAX_LENGTH = 500;

export interface TakedownResult extends TakedownRecord {
  /** False when the item was already down this way (nothing was written). */
  changed: boolean;
}

export interface ModerationEvents {
  mediaTakenDown?(id: string, mode: TakedownMode): void;
  mediaRestored?(id: string): void;
}

export class ModerationService {
  private readonly listeners = new Listeners<ModerationEvents>();

  constructor(
    private readonly repo: ModerationStore,
    private readonly uow: UnitOfWork,
    private readonly now: () => Date = () => new Date(),
  ) {}

  on(listener: ModerationEvents, options?: ListenOptions): void {
    this.listeners.add(listener, options);
  }

  /** Tells the listeners of a write another replica took (recommend/replica-sync.ts); local-only ones are skipped. */
  replay<K extends keyof ModerationEvents>(event: K, args: Parameters<NonNullable<ModerationEvents[K]>>): void {
    this.listeners.emit(event, args, true);
  }

  async takedown(id: unknown, reason: unknown, mode: unknown, keyId: string): Promise<TakedownResult> {
    const mediaId = validateId('id', id);
    const why = optionalString('reason', reason, REASON_MAX_LENGTH)?.trim() ?? '';
    if (why === '')
      throw new BadInputError('reason', `reason is required and must not be empty (got ${printable(reason)})`, reason);
    const how = (mode ?? 'HIDE') as TakedownMode;
    if (!TAKEDOWN_MODES.includes(how))
      throw new BadInputError(
        'mode',
        `mode must be one of ${TAKEDOWN_MODES.join(', ')} (got ${printable(mode)})`,
        mode,
      );
    const result = await this.uow.transaction(async (tx) => {
      const state = await this.repo.state(mediaId, tx);
      if (!state.visible && !state.hidden && !state.takedown) throw new NotFoundError('Media', mediaId);
      const prior = state.takedown;
      if (prior && !state.visible && (prior.mode === 'DELETE' || prior.mode === how))
        return { ...prior, changed: false };
      const done = await this.repo.apply(how, { id: mediaId, reason: why, at: this.now().toISOString(), keyId }, tx);
      return { ...done, changed: true };
    });
    if (result.changed) this.listeners.emit('mediaTakenDown', [mediaId, how]);
    return result;
  }

  /** Serves a hidden item again; false when it was not taken down. A deleted item cannot come back (CONFLICT). */
  async restore(id: unknown): Promise<boolean> {
    const mediaId = validateId('id', id);
    const restored = await this.uow.transaction(async (tx) => {
      const state = await this.repo.state(mediaId, tx);
      if (!state.takedown) {
        if (!state.visible) throw new NotFoundError('Media', mediaId);
        return false;
      }
      if (state.takedown.mode === 'DELETE') {
        throw new AppError('CONFLICT', `media ${JSON.stringify(mediaId)} was deleted and cannot be restored`, {
          field: 'id',
          id: mediaId,
        });
      }
      return this.repo.restore(mediaId, tx);
    });
    if (restored) this.listeners.emit('mediaRestored', [mediaId]);
    return restored;
  }
}
