/**
 * The users' tag assignments as counts per media item and tag, read for EASE's tag rows
 * (graph-data.ts itemTagsFromProjection): a tag many users gave an item weighs more in its row than one
 * a single user gave it, as in the evaluation's EASE (models/ease.ts addTagRows).
 */
import type { GraphSource } from '../domain/ports';

/** Per projection item index: tag → how many users assigned it. */
export type ItemTagUses = ReadonlyMap<number, ReadonlyMap<string, number>>;

/** The stored tag uses by the projection's item index; media outside `itemIndex` (written since) are left out. */
export async function readTagUses(
  graph: Pick<GraphSource, 'streamTagUses'>,
  itemIndex: ReadonlyMap<string, number>,
): Promise<ItemTagUses> {
  const out = new Map<number, Map<string, number>>();
  await graph.streamTagUses((row) => {
    const i = itemIndex.get(row.item);
    if (i === undefined || !(row.users > 0)) return;
    let tags = out.get(i);
    if (!tags) out.set(i, (tags = new Map()));
    tags.set(row.tag, (tags.get(row.tag) ?? 0) + row.users);
  });
  return out;
}
