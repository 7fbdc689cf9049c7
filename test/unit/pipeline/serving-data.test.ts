import type { GraphProjection, ItemMeta } from '../../../src/domain/ports';
import { buildServingData } from '../../../src/pipeline/serving-data';
import { itemTextVectors } from '../../../src/pipeline/item-text';
import type { RankingData } from '../../../src/ranking/ranking-data';

const meta = (tags: string[] = [], keywords: string[] = []): ItemMeta => ({
  language: null,
  durationSec: null,
  creatorId: null,
  title: '',
  tags,
  keywords,
  pagerank: null,
  audioVector: null,
  visualVector: null,
});

/** The ranking data of two users and three items with these metadata and engagement edges. */
function served(itemMeta: ItemMeta[], edges: GraphProjection['edges']): RankingData {
  const projection: GraphProjection = {
    userIds: ['u1', 'u2'],
    itemIds: ['m1', 'm2', 'm3'],
    itemKinds: [null, null, null],
    itemMeta,
    itemTimes: new Float64Array(3).fill(NaN),
    edges,
    follows: { src: new Int32Array(0), dst: new Int32Array(0) },
  };
  return buildServingData({
    projection,
    embeddings: { users: new Map(), media: new Map() },
    text: itemTextVectors(3, () => undefined),
    context: [],
  }).data;
}

const edges = (rows: [user: number, item: number, weight: number, lastAt: number][]): GraphProjection['edges'] => ({
  user: Int32Array.from(rows, (r) => r[0]),
  item: Int32Array.from(rows, (r) => r[1]),
  weight: Float32Array.from(rows, (r) => r[2]),
  count: Int32Array.from(rows, () => 1),
  lastAt: Float64Array.from(rows, (r) => r[3]),
});

describe('pipeline/serving-data', () => {
  it('lower-cases the tags, and joins keywords and tags into distinct terms', () => {
    const data = served([meta(['Jazz', 'Live'], ['jazz', 'Piano']), meta(['LIVE']), meta()], edges([[0, 0, 1, 0]]));
    expect(data.itemTags).toEqual([['jazz', 'live'], ['live'], []]);
    expect(data.itemTerms).toEqual([['jazz', 'piano', 'live'], ['live'], []]);
  });

  it('aligns each engaged pair’s last time with the sorted, merged engagement rows', () => {
    const data = served(
      [meta(), meta(), meta()],
      edges([
        [0, 2, 1, 300],
        [0, 0, 2, 100],
        [1, 1, -1, 50],
        [1, 0, 1, 200],
        [0, 2, 1, 400],
      ]),
    );
    expect(Array.from(data.userItems.offsets)).toEqual([0, 2, 3]);
    expect(Array.from(data.userItems.targets)).toEqual([0, 2, 0]);
    // A pair given twice keeps its last time; the disliked pair is no engagement row.
    expect(Array.from(data.userItemsLastAt!)).toEqual([100, 400, 200]);
  });
});
