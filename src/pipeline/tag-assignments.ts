/**
 * The users' tag assignments, read for EASE's tag rows (graph-data.ts itemTagsFromProjection): a tag many
 * users gave an item weighs more in its row than one a single user gave it, as in the evaluation's EASE
 * (models/ease.ts addTagRows). Kept per user, so that only assignments on engaged pairs count: those of a
 * pair the train-ranker job holds out are left out of its fit, as the evaluation leaves out held-out pairs'.
 */
import type { GraphSource } from '../domain/ports';
import { GrowableColumn } from '../domain/growable-column';

/** Assignments by the projection's user and item indices; `tag` indexes `names`. */
export interface TagAssignments {
  user: Int32Array;
  item: Int32Array;
  tag: Int32Array;
  names: readonly string[];
}

/** The stored assignments by projection index; users and media outside it (written since) are left out. */
export async function readTagAssignments(
  graph: Pick<GraphSource, 'streamTagAssignments'>,
  userIndex: ReadonlyMap<string, number>,
  itemIndex: ReadonlyMap<string, number>,
): Promise<TagAssignments> {
  const user = new GrowableColumn(new Int32Array(1024));
  const item = new GrowableColumn(new Int32Array(1024));
  const tag = new GrowableColumn(new Int32Array(1024));
  const index = new Map<string, number>();
  await graph.streamTagAssignments((row) => {
    const u = userIndex.get(row.user);
    const i = itemIndex.get(row.item);
    if (u === undefined || i === undefined) return;
    let t = index.get(row.tag);
    if (t === undefined) index.set(row.tag, (t = index.size));
    user.push(u);
    item.push(i);
    tag.push(t);
  });
  return { user: user.done(), item: item.done(), tag: tag.done(), names: [...index.keys()] };
}
