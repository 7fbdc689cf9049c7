/**
 * The serving snapshot: everything the ranker reads, projected from Neo4j into the pure core's
 * RankingData by pipeline/serving-data.ts (the builder the train-ranker job shares), with the repeated
 * impressions beside it. Rebuilt after jobs and new media; nothing in it is not rebuildable from Neo4j.
 */
import type { ContentStore, GraphSource, ShownCount } from '../domain/ports';
import type { CoEngagementSettings } from '../pipeline/co-engagement';
import { buildServingData, readSnapshotParts } from '../pipeline/serving-data';
import { prepareCandidateScan } from '../ranking/candidate-scan';
import type { HeldText } from '../pipeline/item-text';
import type { RankingData } from '../ranking/ranking-data';

export interface ServingSnapshot {
  version: number;
  loadedAt: number;
  /** When reading it from Neo4j began: writes committed before this are in it. */
  readAt?: number;
  /** Per user, items shown over the impression limit without engagement (recommend/impressions.ts): media id → pair. */
  repeated?: ReadonlyMap<string, ReadonlyMap<string, { count: number; lastAt: number }>>;
  data: RankingData;
  userIndex: ReadonlyMap<string, number>;
  itemIndex: ReadonlyMap<string, number>;
  /**
   * Its text vectors, for the next load to keep where unchanged; held only where they are the content
   * rows themselves (no audio or visual vectors), so nothing is held twice.
   */
  text?: Omit<HeldText, 'itemIndex'>;
}

/**
 * `previous`: the snapshot serving now, whose unchanged text vectors are kept instead of read again.
 * `itemGraphs`: the item graphs' settings the ranker it serves was learned with (ranker-fit.ts storedItemGraphs).
 */
export async function loadSnapshot(
  graph: GraphSource,
  content: ContentStore,
  textModel: string,
  version: number,
  repeatedPairs?: () => Promise<ShownCount[]>,
  previous?: ServingSnapshot,
  itemGraphs?: Partial<CoEngagementSettings>,
): Promise<ServingSnapshot> {
  const readAt = Date.now();
  const [parts, shown] = await Promise.all([
    readSnapshotParts(
      graph,
      content,
      textModel,
      previous?.text && { ...previous.text, itemIndex: previous.itemIndex },
      itemGraphs,
    ),
    repeatedPairs?.() ?? Promise.resolve([]),
  ]);
  const built = buildServingData(parts);
  // What a candidate-only feed would otherwise compute over the catalogue on its first request.
  prepareCandidateScan(built.data);
  const held = built.data.content?.items === parts.text.rows;
  return {
    version,
    loadedAt: Date.now(),
    readAt,
    repeated: byUser(shown),
    ...built,
    ...(held ? { text: { model: textModel, text: parts.text } } : {}),
  };
}

function byUser(rows: readonly ShownCount[]): Map<string, Map<string, { count: number; lastAt: number }>> {
  const out = new Map<string, Map<string, { count: number; lastAt: number }>>();
  for (const r of rows) {
    let m = out.get(r.userId);
    if (!m) out.set(r.userId, (m = new Map()));
    m.set(r.mediaId, { count: r.count, lastAt: Date.parse(r.lastAt) });
  }
  return out;
}
