import type { GraphProjection } from '../../../src/domain/ports';
import { itemTextVectors, readItemText, textRow } from '../../../src/pipeline/item-text';
import { buildServingData } from '../../../src/pipeline/serving-data';

const stream = (rows: [string, number[]][]) => ({
  streamTextEmbeddings: async (_model: string, onRow: (id: string, v: ArrayLike<number>) => void) => {
    for (const [id, v] of rows) onRow(id, v);
  },
});

describe('item text vectors', () => {
  it('writes each stored vector into its item row, unit length, skipping unknown ids, zero and odd-length vectors', async () => {
    const t = await readItemText(
      stream([
        ['m3', [0, 3, 4]],
        ['gone', [1, 0, 0]],
        ['m1', [2, 0, 0]],
        ['m2', [0, 0, 0]],
        ['m4', [1, 1]],
      ]),
      'hash',
      new Map(['m1', 'm2', 'm3', 'm4'].map((id, i) => [id, i])),
    );
    expect(t.dim).toBe(3);
    expect(Array.from(t.has)).toEqual([1, 0, 1, 0]);
    expect(Array.from(t.rows)).toEqual([1, 0, 0, 0, 0, 0, 0, Math.fround(0.6), Math.fround(0.8), 0, 0, 0]);
    expect(textRow(t, 1)).toBeUndefined();
    expect(Array.from(textRow(t, 0)!)).toEqual([1, 0, 0]);
  });

  it('is empty when no item has a vector', () => {
    const t = itemTextVectors(2, () => undefined);
    expect(t.dim).toBe(0);
    expect(Array.from(t.has)).toEqual([0, 0]);
  });
});

describe('content vectors of a snapshot', () => {
  const meta = (audio: number[] | null) => ({
    title: 't',
    language: null,
    durationSec: null,
    creatorId: null,
    pagerank: null,
    keywords: [],
    tags: [],
    audioVector: audio,
    visualVector: null,
  });
  const projection = (audio: (number[] | null)[]): GraphProjection =>
    ({
      userIds: ['u1'],
      itemIds: ['m1', 'm2'],
      itemKinds: [null, null],
      itemMeta: audio.map(meta),
      itemTimes: new Float64Array(2).fill(NaN),
      edges: {
        user: Int32Array.from([0]),
        item: Int32Array.from([0]),
        weight: Float32Array.from([1]),
        count: Int32Array.from([1]),
        lastAt: Float64Array.from([0]),
      },
      follows: { src: new Int32Array(0), dst: new Int32Array(0) },
    }) as unknown as GraphProjection;
  const text = () => itemTextVectors(2, (i) => (i === 0 ? [3, 4] : undefined));
  const build = (p: GraphProjection, t = text()) =>
    buildServingData({ projection: p, embeddings: { users: new Map(), media: new Map() }, text: t }).data;

  it('are the text rows themselves, held once, when no item has audio or visual vectors', () => {
    const t = text();
    const data = build(projection([null, null]), t);
    expect(data.content?.items).toBe(t.rows);
    expect(Array.from(data.content!.items)).toEqual([Math.fround(0.6), Math.fround(0.8), 0, 0]);
  });

  it('join the text block and the audio block, each weighted, when an item has audio', () => {
    const t = text();
    const data = build(
      projection([
        [1, 0],
        [0, 2],
      ]),
      t,
    );
    expect(data.content?.dim).toBe(4);
    expect(data.content?.items).not.toBe(t.rows);
    const row0 = Array.from(data.content!.items.subarray(0, 4));
    // text weight 1, audio 0.5: [0.6, 0.8, √0.5, 0] / √1.5
    expect(row0.map((x) => Number(x.toFixed(4)))).toEqual([0.4899, 0.6532, 0.5774, 0]);
    expect(Array.from(data.content!.items.subarray(4, 8))).toEqual([0, 0, 0, 1]);
  });
});
