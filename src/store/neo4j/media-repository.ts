/** Media items, their tags and the users engaged with them. */
import type { Engagement, Media, User } from '../../domain/entities';
import type { MediaFilter, MediaStore, Page, PageRequest } from '../../domain/ports';
import type { MediaRow } from '../../domain/validation';
import type { Executor, Row } from './executor';
import { KeyedEntities } from './keyed-entities';
import { engagementFromRow, mediaFromRow, userFromRow } from './mappers';
import { limitOf, readPages, toPage } from './page';

export class MediaRepository extends KeyedEntities<MediaRow, Media> implements MediaStore {
  constructor(db: Executor) {
    super(db, 'media', mediaFromRow);
  }

  async page(filter: MediaFilter, req: PageRequest): Promise<Page<Media>> {
    const name = filter.tag === null ? 'media/page' : 'media/page-by-tag';
    const rows = await this.db.read(name, {
      kind: filter.kind,
      tag: filter.tag,
      after: req.after ?? null,
      limit: limitOf(req),
    });
    return toPage(
      rows.map((r) => mediaFromRow(r.media as Row)),
      req.first,
      -1,
    );
  }

  async count(filter: MediaFilter): Promise<number> {
    const name = filter.tag === null ? 'media/count' : 'media/count-by-tag';
    return (await this.db.read(name, { kind: filter.kind, tag: filter.tag }))[0]!.total as number;
  }

  engagedBy(
    ids: readonly string[],
    req: PageRequest,
  ): Promise<Map<string, Page<{ user: User; engagement: Engagement }>>> {
    return readPages(this.db, 'media/engaged-by', ids, req, (it, mediaId) => {
      const user = userFromRow(it.user as Row);
      return { user, engagement: engagementFromRow(it.engagement as Row, user.id, mediaId) };
    });
  }
}
