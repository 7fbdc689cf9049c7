/**
 * Connects the write path to the serving side: new interactions fold into users' states at once, new
 * or changed media trigger a snapshot reload (their text vectors come from the embed queue that
 * main.ts wires, text/embed-queue.ts, which reloads again once they are stored), follows reload the
 * social graph, erasure forgets the user.
 */
import type { IngestService } from '../ingest/ingest-service';
import type { RecommendService } from './recommend-service';
import type { ServingState } from './serving-state';

export function connectRealTime(ingest: IngestService, state: ServingState, recommend: RecommendService): void {
  ingest.on({
    interactionsRecorded: (rows) => state.recordInteractions(rows),
    followChanged: () => state.scheduleReload(),
    userDeleted: (id) => {
      state.forgetUser(id);
      recommend.forgetUser();
      state.scheduleReload(true);
    },
    mediaUpserted: () => state.scheduleReload(),
  });
}
