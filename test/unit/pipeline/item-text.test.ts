import type { GraphProjection, TextVectorRow } from '../../../src/domain/ports';
import { itemTextVectors, readItemText, textRow } from '../../../src/pipeline/item-text';
import { buildServingData } from '../../../src/pipeline/serving-data';

/** A content store over stored (id, vector, hash) rows of one model, counting what each read returned. */
function store(rows: [string, number[], string?][], model = 'enc') {
  const reads = { full: 0, hashes: 0, byIds: [] as string[] };
  const stored = () => rows.filter(() => true);
  return {
    reads,
    rows,
    streamTextEmbeddings: async (m: string, onRow: TextVectorRow) => {
      reads.full++;
      if (m === model) for (const [id, v, h] of stored()) onRow(id, v, h ?? null);
    },
    streamTextHashes: async (m: string, onRow: (id: string, hash: string | null) => void) => {
      reads.hashes++;
      if (m === model) for (const [id, , h] of stored()) onRow(id, h ?? null);
    },
    streamTextEmbeddingsByIds: async (m: string, ids: readonly string[], onRow: TextVectorRow) => {
      reads.byIds.push(...ids);
      if (m === model) for (const [id, v, h] of stored()) if (ids.includes(id)) onRow(id, v, h ?? null);
    },
  };
}
const stream = (rows: [string, number[]][]) => store(rows, 'hash');

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

  it('keeps the rows a snapshot holds where the text hash is unchanged and reads only new and changed vectors', async () => {
    const content = store([
      ['m1', [1, 0, 0], 'h1'],
      ['m2', [0, 1, 0], 'h2'],
      ['m3', [0, 3, 4], 'h3'],
      ['m4', [1, 1, 0]], // no hash: read every time
    ]);
    const before = new Map(['m1', 'm2', 'm3', 'm4'].map((id, i) => [id, i]));
    const held = await readItemText(content, 'enc', before);
    expect(content.reads.full).toBe(1);
    // Since: m1 re-embedded, m2 gone, m5 new; the next snapshot orders its items differently.
    content.rows.splice(0, 2, ['m1', [0, 0, 2], 'h1b']);
    content.rows.push(['m5', [2, 0, 0], 'h5']);
    const after = new Map(['m5', 'm3', 'm1', 'm4', 'm6'].map((id, i) => [id, i]));
    const kept = await readItemText(content, 'enc', after, { model: 'enc', text: held, itemIndex: before });
    expect(content.reads.full).toBe(1);
    expect(content.reads.byIds.sort()).toEqual(['m1', 'm4', 'm5']);
    const fresh = await readItemText(content, 'enc', after);
    expect(kept.dim).toBe(3);
    expect(Array.from(kept.rows)).toEqual(Array.from(fresh.rows));
    expect(Array.from(kept.has)).toEqual([1, 1, 1, 1, 0]);
    expect(Array.from(kept.digests!)).toEqual(Array.from(fresh.digests!));
    expect(Array.from(textRow(kept, 1)!)).toEqual([0, Math.fround(0.6), Math.fround(0.8)]);
  });

  it('keeps the held rows themselves when nothing was added, changed, removed or moved', async () => {
    const content = store([
      ['m1', [1, 0], 'h1'],
      ['m2', [0, 1], 'h2'],
    ]);
    const index = new Map([
      ['m1', 0],
      ['m2', 1],
      ['m3', 2], // no vector
    ]);
    const held = await readItemText(content, 'enc', index);
    const again = await readItemText(content, 'enc', new Map(index), { model: 'enc', text: held, itemIndex: index });
    expect(again).toBe(held);
    expect(content.reads).toEqual({ full: 1, hashes: 1, byIds: [] });
    // The same vectors in another order: copied into the new rows, not the held ones.
    const swapped = new Map([
      ['m2', 0],
      ['m1', 1],
      ['m3', 2],
    ]);
    const moved = await readItemText(content, 'enc', swapped, { model: 'enc', text: held, itemIndex: index });
    expect(moved).not.toBe(held);
    expect(Array.from(moved.rows)).toEqual([0, 1, 1, 0, 0, 0]);
    expect(content.reads.byIds).toEqual([]);
    // One vector gone (its media deleted): not the held rows either.
    content.rows.splice(1, 1);
    const fewer = await readItemText(content, 'enc', index, { model: 'enc', text: held, itemIndex: index });
    expect(fewer).not.toBe(held);
    expect(Array.from(fewer.has)).toEqual([1, 0, 0]);
  });

  it('reads everything again for another model, or when it holds no vectors', async () => {
    const content = store([['m1', [1, 0], 'h1']], 'other');
    const index = new Map([['m1', 0]]);
    const held = await readItemText(store([['m1', [0, 1], 'h1']]), 'enc', index);
    const t = await readItemText(content, 'other', index, { model: 'enc', text: held, itemIndex: index });
    expect(content.reads).toEqual({ full: 1, hashes: 0, byIds: [] });
    expect(Array.from(t.rows)).toEqual([1, 0]);
    const none = itemTextVectors(1, () => undefined);
    await readItemText(content, 'other', index, { model: 'other', text: none, itemIndex: index });
    expect(content.reads.full).toBe(2);
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
