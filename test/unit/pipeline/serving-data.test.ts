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

describe('pipeline/serving-data: item words', () => {
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
});
