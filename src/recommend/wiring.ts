/**
 * Connects the write path to the serving side: new interactions fold into users' states at once, new
 * or changed media trigger a snapshot reload (their text vectors come from the embed queue that
 * main.ts wires, text/embed-queue.ts, which reloads again once they are stored), follows reload the
 * social graph, erasure forgets the user.
 */
import type { ImpressionService } from '../ingest/impression-service';
import type { IngestService } from '../ingest/ingest-service';
import type { ModerationService } from '../ingest/moderation-service';
import type { ImpressionOverlay } from './impressions';
import type { RecommendService } from './recommend-service';
import type { ServingState } from './serving-state';
import type { TakedownOverlay } from './takedowns';

export interface FeedSignals {
  takedowns: TakedownOverlay;
  shown: ImpressionOverlay;
  moderation?: ModerationService;
  impressions?: ImpressionService;
}

export function connectRealTime(
  ingest: IngestService,
  state: ServingState,
  recommend: RecommendService,
  feed?: FeedSignals,
): void {
  ingest.on({
    interactionsRecorded: (rows) => {
      state.recordInteractions(rows);
      // An engagement starts the item's impression count again.
      if (feed) for (const r of rows) feed.shown.engaged(r.userId, r.mediaId);
    },
    followChanged: () => state.scheduleReload(),
    userDeleted: (id) => {
      state.forgetUser(id);
      recommend.forgetUser();
      feed?.shown.forgetUser(id);
      state.scheduleReload(true);
    },
    mediaUpserted: () => state.scheduleReload(),
  });
  if (!feed) return;
  // A taken-down item leaves every answer now; the urgent reload then drops it from the snapshot.
  feed.moderation?.on({
    mediaTakenDown: (id) => {
      feed.takedowns.hide(id);
      recommend.forgetMedia();
      state.scheduleReload(true);
    },
    mediaRestored: (id) => {
      feed.takedowns.unhide(id);
      state.scheduleReload(true);
    },
  });
  feed.impressions?.on({
    impressionsRecorded: (counts) => {
      feed.shown.record(counts);
      for (const userId of new Set(counts.map((c) => c.userId))) state.touchUser(userId);
    },
  });
  state.onSwap((snap) => {
    feed.takedowns.pruneBefore(snap.readAt ?? snap.loadedAt);
    feed.shown.pruneBefore(snap.readAt ?? snap.loadedAt);
  });
}
