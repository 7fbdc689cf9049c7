/**
 * Connects the write path to the serving side: new interactions fold into users' states at once, new
 * or changed media get text vectors right away (so they are recommendable and similar-able before any
 * retraining) and trigger a snapshot reload, follows reload the social graph, erasure forgets the user.
 */
import type { IngestService } from '../ingest/ingest-service';
import type { Logger } from '../logging/logger';
import type { ContentRepository } from '../store/neo4j/content-repository';
import type { TextEncoder } from '../text/encoder';
import { mediaText, textHash } from '../text/media-text';
import type { RecommendService } from './recommend-service';
import type { ServingState } from './serving-state';

export function connectRealTime(ingest: IngestService, state: ServingState, recommend: RecommendService, content: ContentRepository, encoder: TextEncoder, logger: Logger): void {
  ingest.on({
    interactionsRecorded: (rows) => state.recordInteractions(rows),
    followChanged: () => state.scheduleReload(),
    userDeleted: (id) => {
      state.forgetUser(id);
      recommend.forgetUser();
      state.scheduleReload(true);
    },
    mediaUpserted: (rows) => {
      const texts = rows.map((r) => mediaText({ title: r.title, description: r.description, tags: r.tags }));
      encoder
        .embed(texts)
        .then((vectors) => content.writeTextEmbeddings(encoder.modelId, rows.map((r, i) => ({ id: r.id, hash: textHash(texts[i]!), vector: vectors[i]! }))))
        .catch((error: Error) => logger.warn('could not embed new media text; the embed-media job will', { error: error.message }))
        .finally(() => state.scheduleReload());
    },
  });
}
