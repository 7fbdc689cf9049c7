import type { GraphProjection, ItemMeta } from '../../../src/domain/ports';
import { CO_ENGAGEMENT_DEFAULTS } from '../../../src/pipeline/co-engagement';
import { itemTagsFromProjection } from '../../../src/pipeline/graph-data';
import { buildCsr } from '../../../src/graph/csr';
import { readTagAssignments } from '../../../src/pipeline/tag-assignments';
import { buildServingData, interactionsOf, prepareInteractions } from '../../../src/pipeline/serving-data';
import { itemTextVectors } from '../../../src/pipeline/item-text';
import type { RankingData } from '../../../src/ranking/ranking-data';
import { DEFAULT_RANKER } from '../../../src/ranking/default-ranker';
import { rankForUser } from '../../../src/ranking/rank-for-user';
import { userStateFromData } from '../../../src/ranking/user-state';

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
  it("gives EASE the media's tags: once per user who tagged an engaged pair, once where only listed", () => {
    const projection = (itemMeta: ItemMeta[]): GraphProjection => ({
      userIds: [],
      itemIds: itemMeta.map((_, i) => `m${i}`),
      itemKinds: itemMeta.map(() => null),
      itemMeta,
      itemTimes: new Float64Array(itemMeta.length).fill(NaN),
      edges: edges([]),
      follows: { src: new Int32Array(0), dst: new Int32Array(0) },
    });
    const p = projection([meta(['rock', 'indie', 'rock']), meta(), meta(['indie', 'pop'])]);
    expect(itemTagsFromProjection(p)).toEqual({
      item: Int32Array.of(0, 0, 2, 2),
      tag: Int32Array.of(0, 1, 1, 2),
      numTags: 3,
    });
    // Assignments: three users tagged m0 rock, one of them on a pair not engaged (not counted); one tagged
    // m1 jazz, a tag the media does not list; one tagged m2 pop on a pair not engaged: m2 lists pop, but
    // a listed tag that users assigned counts by those on engaged pairs only (a held-out pair's stays out).
    const assigned = {
      user: Int32Array.of(0, 1, 2, 1, 2),
      item: Int32Array.of(0, 0, 0, 1, 2),
      tag: Int32Array.of(0, 0, 0, 1, 2),
      names: ['rock', 'jazz', 'pop'],
    };
    const engaged = buildCsr(3, 3, Int32Array.of(0, 1, 1), Int32Array.of(0, 0, 1));
    expect(itemTagsFromProjection(p, assigned, engaged)).toEqual({
      item: Int32Array.of(0, 0, 0, 1, 2),
      tag: Int32Array.of(0, 0, 1, 2, 1),
      numTags: 3,
    });
    expect(itemTagsFromProjection(projection([meta(), meta()]))).toBeUndefined();
    expect(itemTagsFromProjection(projection([meta(), meta()]), assigned, engaged)?.numTags).toBe(2);
  });

  it("reads the users' tag assignments by the projection's indices, leaving out unknown users and media", async () => {
    const rows = [
      { user: 'u1', item: 'm1', tag: 'rock' },
      { user: 'u0', item: 'm1', tag: 'rock' },
      { user: 'u0', item: 'm0', tag: 'jazz' },
      { user: 'u0', item: 'new', tag: 'pop' },
      { user: 'gone', item: 'm0', tag: 'pop' },
    ];
    const read = await readTagAssignments(
      { streamTagAssignments: async (onRow) => rows.forEach(onRow) },
      new Map([
        ['u0', 0],
        ['u1', 1],
      ]),
      new Map([
        ['m0', 0],
        ['m1', 1],
      ]),
    );
    expect(read).toEqual({
      user: Int32Array.of(1, 0, 0),
      item: Int32Array.of(1, 1, 0),
      tag: Int32Array.of(0, 0, 1),
      names: ['rock', 'jazz'],
    });
  });

  it("weighs the media's tags in the snapshot's EASE by itemGraphs.tagWeight (the service's default too)", async () => {
    const rows: [number, number, number, number][] = [];
    for (let u = 0; u < 6; u++) for (const i of [u % 4, (u + 1) % 4, 4 + (u % 2)]) rows.push([u, i, 1, u]);
    const projection: GraphProjection = {
      userIds: ['u0', 'u1', 'u2', 'u3', 'u4', 'u5'],
      itemIds: ['m0', 'm1', 'm2', 'm3', 'm4', 'm5'],
      itemKinds: Array.from({ length: 6 }, () => null),
      itemMeta: [meta(['a']), meta(['a']), meta(['b']), meta(['b']), meta(['a']), meta()],
      itemTimes: new Float64Array(6).fill(NaN),
      edges: edges(rows),
      follows: { src: new Int32Array(0), dst: new Int32Array(0) },
    };
    const coEngagement = (tagWeight?: number) =>
      buildServingData({
        projection,
        embeddings: { users: new Map(), media: new Map() },
        text: itemTextVectors(6, () => undefined),
        ...(tagWeight === undefined ? {} : { itemGraphs: { tagWeight } }),
      }).data.coEngagement;
    expect(CO_ENGAGEMENT_DEFAULTS.tagWeight).toBeGreaterThan(0);
    expect(coEngagement()).toEqual(coEngagement(CO_ENGAGEMENT_DEFAULTS.tagWeight));
    expect(coEngagement(3)).not.toEqual(coEngagement(0));
    // The service's snapshot (readSnapshotParts) prepares its training data with the defaults: tags in.
    const prepared = await prepareInteractions(interactionsOf(projection), CO_ENGAGEMENT_DEFAULTS);
    expect(prepared.train.itemTags).toEqual(itemTagsFromProjection(projection));
  });

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

  it('keeps the pairs without positive weight as engaged: the feed leaves a disliked item out after a reload', () => {
    const data = served(
      [meta(), meta(), meta()],
      edges([
        [0, 0, 2, 100],
        [0, 1, -2, 200],
        [0, 2, 0, 300],
        [1, 0, 1, 100],
        [1, 1, 1, 100],
        [1, 2, 1, 100],
      ]),
    );
    expect(Array.from(data.userItems.targets.subarray(0, data.userItems.offsets[1]!))).toEqual([0]);
    expect(Array.from(data.userExcluded!.offsets)).toEqual([0, 2, 2]);
    expect(Array.from(data.userExcluded!.targets)).toEqual([1, 2]);
    const state = userStateFromData(data, 0);
    expect(state.items).toEqual([0]);
    expect([...state.engaged].sort()).toEqual([0, 1, 2]);
    expect(rankForUser(data, DEFAULT_RANKER, { user: 0, state, k: 3 })).toEqual([]);
    const kept = rankForUser(data, DEFAULT_RANKER, { user: 0, state, k: 3, filter: { excludeEngaged: false } });
    expect(kept.map((r) => r.item).sort()).toEqual([0, 1, 2]);
  });

  it('builds a projection swapped in after the read (the ranker fit’s held-out split) from itself, not from what was prepared', async () => {
    const projection = (e: GraphProjection['edges']): GraphProjection => ({
      userIds: ['u1', 'u2', 'u3'],
      itemIds: ['m1', 'm2', 'm3', 'm4'],
      itemKinds: [null, null, null, null],
      itemMeta: [meta(), meta(), meta(), meta()],
      itemTimes: new Float64Array(4).fill(NaN),
      edges: e,
      follows: { src: new Int32Array(0), dst: new Int32Array(0) },
    });
    const rest = {
      embeddings: { users: new Map(), media: new Map() },
      text: itemTextVectors(4, () => undefined),
    };
    const full = projection(
      edges([
        [0, 0, 1, 1],
        [0, 1, 1, 2],
        [1, 0, 1, 3],
        [1, 1, 1, 4],
        [1, 2, 1, 5],
        [2, 2, 1, 6],
        [2, 3, 1, 7],
      ]),
    );
    // The held-out split keeps the first four engagements: m3 and m4 lose the users they share.
    const kept = projection({
      user: full.edges.user.slice(0, 4),
      item: full.edges.item.slice(0, 4),
      weight: full.edges.weight.slice(0, 4),
      count: full.edges.count.slice(0, 4),
      lastAt: full.edges.lastAt.slice(0, 4),
    });
    // Item graphs on the worker thread even for four items, as past 1,000 model items.
    const prepared = await prepareInteractions(interactionsOf(full), {}, undefined, -1);
    expect(prepared.graphs).toBeDefined();
    const parts = { projection: full, prepared, ...rest };
    expect(buildServingData(parts).data.coEngagement).toBe(prepared.graphs!.coEngagement);
    const swapped = buildServingData({ ...parts, projection: kept }).data;
    const own = buildServingData({ projection: kept, ...rest }).data;
    expect(swapped.coEngagement).not.toBe(prepared.graphs!.coEngagement);
    expect(swapped.coEngagement).toEqual(own.coEngagement);
    expect(swapped.walk).toEqual(own.walk);
    expect(Array.from(swapped.userItems.targets)).toEqual(Array.from(own.userItems.targets));
    expect(Array.from(swapped.itemUsers.offsets)).toEqual([0, 2, 4, 4, 4]);
  });
});
