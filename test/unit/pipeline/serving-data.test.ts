import type { GraphProjection, ItemMeta } from '../../../src/domain/ports';
import { buildServingData } from '../../../src/pipeline/serving-data';

const meta = (tags: string[], keywords: string[]): ItemMeta => ({
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

describe('pipeline/serving-data', () => {
  it('lower-cases the tags, and joins keywords and tags into distinct terms', () => {
    const projection: GraphProjection = {
      userIds: ['u1'],
      itemIds: ['m1', 'm2', 'm3'],
      itemKinds: [null, null, null],
      itemMeta: [meta(['Jazz', 'Live'], ['jazz', 'Piano']), meta(['LIVE'], []), meta([], [])],
      itemTimes: new Float64Array(3).fill(NaN),
      edges: {
        user: Int32Array.of(0),
        item: Int32Array.of(0),
        weight: Float32Array.of(1),
        count: Int32Array.of(1),
        lastAt: Float64Array.of(0),
      },
      follows: { src: new Int32Array(0), dst: new Int32Array(0) },
    };
    const { data } = buildServingData({
      projection,
      embeddings: { users: new Map(), media: new Map() },
      text: new Map(),
      context: [],
    });
    expect(data.itemTags).toEqual([['jazz', 'live'], ['live'], []]);
    expect(data.itemTerms).toEqual([['jazz', 'piano', 'live'], ['live'], []]);
  });

  it('aligns each engaged pair’s last time with the sorted, merged engagement rows', () => {
    const projection: GraphProjection = {
      userIds: ['u1', 'u2'],
      itemIds: ['m1', 'm2', 'm3'],
      itemKinds: [null, null, null],
      itemMeta: [meta([], []), meta([], []), meta([], [])],
      itemTimes: new Float64Array(3).fill(NaN),
      edges: {
        user: Int32Array.of(0, 0, 1, 1, 0),
        item: Int32Array.of(2, 0, 1, 0, 2),
        weight: Float32Array.of(1, 2, -1, 1, 1),
        count: Int32Array.of(1, 1, 1, 1, 1),
        lastAt: Float64Array.of(300, 100, 50, 200, 400),
      },
      follows: { src: new Int32Array(0), dst: new Int32Array(0) },
    };
    const { data } = buildServingData({
      projection,
      embeddings: { users: new Map(), media: new Map() },
      text: new Map(),
      context: [],
    });
    expect(Array.from(data.userItems.offsets)).toEqual([0, 2, 3]);
    expect(Array.from(data.userItems.targets)).toEqual([0, 2, 0]);
    // A pair given twice keeps its last time; the disliked pair is no engagement row.
    expect(Array.from(data.userItemsLastAt!)).toEqual([100, 400, 200]);
  });
});
