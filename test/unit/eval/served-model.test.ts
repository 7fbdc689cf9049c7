/**
 * The `served` eval model ranks what recommendMedia serves: on a small dataset, its top-k per user
 * equals the feed of a RecommendService whose snapshot is built by the serving builder from the same
 * data (the same graph embeddings, text vectors and per-snapshot default ranker); and, with the ranker and
 * PageRank the jobs produce, equals the feed of a service whose store the pagerank and train-ranker jobs
 * have written to.
 */
import { buildCsr, transposeCsr } from '../../../src/graph/csr';
import { silent } from '../../support/silent-logger';
import type { TrainData } from '../../../src/models/types';
import type { ContentStore, GraphProjection, GraphSource, TagAssignment } from '../../../src/domain/ports';
import { readTagAssignments } from '../../../src/pipeline/tag-assignments';
import { itemTextVectors } from '../../../src/pipeline/item-text';
import { runPagerankJob } from '../../../src/jobs/pagerank-job';
import { storedItemGraphs } from '../../../src/pipeline/ranker-fit';
import { runTrainRankerJob } from '../../../src/jobs/train-ranker-job';
import { buildServingData, readSnapshotParts, type ServingData } from '../../../src/pipeline/serving-data';
import { deserializeRanker, type RankerModel } from '../../../src/ranking/ranker';
import { DefaultRankerSource } from '../../../src/recommend/default-ranker-source';
import { RecommendService } from '../../../src/recommend/recommend-service';
import { ServingState } from '../../../src/recommend/serving-state';
import { projectionFromTrain } from '../../../src/eval/projection';
import { ServedRecommender, SERVED_DEFAULTS } from '../../../src/eval/served-model';
import type { TextEncoder } from '../../../src/text/encoder';
import type { StorePorts } from '../../../src/domain/ports';
import type { IngestService } from '../../../src/ingest/ingest-service';
import { startServing } from '../../../src/recommend/start-serving';
import { createModel } from '../../../src/models/catalogue';
import { EVAL_MODELS } from '../../../src/eval/models';
import * as rankerSelection from '../../../src/ranking/ranker-selection';
import { coEngagementGraph, CO_ENGAGEMENT_DEFAULTS } from '../../../src/pipeline/co-engagement';
import { graphFromProjection, trainDataFromGraph } from '../../../src/pipeline/graph-data';

function tinyData(): TrainData {
  let s = 7;
  const rnd = (): number => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const nu = 40;
  const ni = 60;
  const src: number[] = [];
  const dst: number[] = [];
  const w: number[] = [];
  for (let u = 0; u < nu; u++) {
    const taste = u % 3;
    for (let i = 0; i < ni; i++)
      if (rnd() < (i % 3 === taste ? 0.35 : 0.05)) {
        src.push(u);
        dst.push(i);
        w.push(1 + Math.floor(rnd() * 20));
      }
  }
  const userItems = buildCsr(nu, ni, Int32Array.from(src), Int32Array.from(dst), Float32Array.from(w));
  const fs: number[] = [];
  const fd: number[] = [];
  for (let u = 0; u + 3 < nu; u += 2) {
    fs.push(u, u + 3);
    fd.push(u + 3, u);
  }
  const social = buildCsr(nu, nu, Int32Array.from(fs), Int32Array.from(fd));
  social.weights.fill(1);
  // Each item's genre (editorial), and the even users' assignments of it on the every-fourth items they engaged.
  const pairs = src.map((u, k) => [u, dst[k]!] as const).filter(([u, i]) => i % 4 === 0 && u % 2 === 0);
  const tagged = [...Array.from({ length: ni }, (_, i) => i), ...pairs.map(([, i]) => i)];
  const tagItem = Int32Array.from(tagged);
  const tag = Int32Array.from(tagged, (i) => i % 3);
  const assigned = {
    user: Int32Array.from(pairs, ([u]) => u),
    item: Int32Array.from(pairs, ([, i]) => i),
    tag: Int32Array.from(pairs, ([, i]) => i % 3),
  };
  return {
    numUsers: nu,
    numItems: ni,
    userItems,
    itemUsers: transposeCsr(userItems),
    social,
    itemTags: { item: tagItem, tag, numTags: 3 },
    tagAssignments: assigned,
    tagNames: ['rock', 'jazz', 'folk'],
    itemTexts: Array.from({ length: ni }, (_, i) => `item ${i} ${['rock', 'jazz', 'folk'][i % 3]}`),
  };
}

/** Deterministic 8-d text vectors: one axis per genre plus noise by id. */
const encoder = {
  modelId: 'test-8',
  embed: async (texts: string[]) =>
    texts.map((t) => {
      const v = new Float32Array(8);
      v[['rock', 'jazz', 'folk'].findIndex((g) => t.includes(g))] = 1;
      v[3 + (t.length % 5)] = 0.5;
      const n = Math.hypot(...v);
      return v.map((x) => x / n);
    }),
};

/** recommendMedia's first page for every user, from a snapshot of these parts and this ranker. */
async function servedFeeds(parts: ServingData, ranker: () => RankerModel, numUsers: number, k: number) {
  const state = new ServingState({
    load: async (version) => ({ version, loadedAt: Date.now(), ...parts }),
    logger: silent,
    minReloadIntervalMs: 0,
  });
  await state.reload();
  const service = new RecommendService({
    state,
    encoder: encoder as unknown as TextEncoder,
    ranker,
    userExists: async () => true,
  });
  const feeds: string[][] = [];
  for (let u = 0; u < numUsers; u++)
    feeds.push((await service.recommendMedia({ userId: `u${u}`, first: k, feed: null })).items.map((x) => x.mediaId));
  return { feeds };
}

/** The eval model's top k per user. */
function evalTops(served: ServedRecommender, train: TrainData, k: number): string[][] {
  const scores = served.score(Int32Array.from({ length: train.numUsers }, (_, u) => u));
  return Array.from({ length: train.numUsers }, (_, u) => {
    const row = scores.subarray(u * train.numItems, (u + 1) * train.numItems);
    return [...row.keys()]
      .filter((i) => row[i]! > -Infinity)
      .sort((a, b) => row[b]! - row[a]!)
      .slice(0, k)
      .map((i) => `i${i}`);
  });
}

/** A store holding this projection and text vectors, to which the jobs write PageRank and the ranker. */
function memoryStore(projection: GraphProjection, text: Map<string, Float32Array>, train: TrainData) {
  const pagerank = new Map<string, number>();
  let ranker: string | null = null;
  const graph = {
    project: async () => ({
      ...projection,
      itemMeta: projection.itemMeta.map((m, i) => ({ ...m, pagerank: pagerank.get(projection.itemIds[i]!) ?? null })),
    }),
    streamContextCounts: async () => undefined,
    // The users' assignments as the store holds them (TAGGED edges).
    streamTagAssignments: async (onRow: (row: TagAssignment) => void) => {
      const { user, item, tag } = train.tagAssignments!;
      item.forEach((i, k) =>
        onRow({ user: projection.userIds[user[k]!]!, item: projection.itemIds[i]!, tag: train.tagNames![tag[k]!]! }),
      );
    },
    writePagerank: async (kind: string, ids: readonly string[], scores: Float64Array | Float32Array) => {
      if (kind === 'media') ids.forEach((id, i) => pagerank.set(id, scores[i]!));
    },
    readEmbeddings: async () => ({ users: new Map(), media: new Map() }),
    readTextProjection: async () => null,
  } as unknown as GraphSource;
  const content = {
    streamTextEmbeddings: async (_model: string, onRow: (id: string, v: Float32Array) => void) =>
      text.forEach((v, id) => onRow(id, v)),
    readRanker: async () => ranker,
    writeRanker: async (json: string) => {
      ranker = json;
    },
  } as unknown as ContentStore;
  return { graph, content };
}

describe('served eval model', () => {
  const k = 10;

  it('ranks each user what RecommendService serves from the same data (default ranker, no jobs run)', async () => {
    const train = tinyData();
    const served = new ServedRecommender({
      ...SERVED_DEFAULTS,
      graphModel: 'none',
      ranker: 'default',
      pagerank: false,
    });
    await served.fit(train, { seed: 1, log: () => undefined, textEncoder: encoder });
    expect(served.serving.data.content?.dim).toBe(8);

    // The serving side: the snapshot builder over the same projection and text vectors.
    const projection = projectionFromTrain(train);
    const vectors = await encoder.embed(train.itemTexts!);
    const store = memoryStore(projection, new Map(), train);
    const parts = buildServingData({
      projection,
      embeddings: { users: new Map(), media: new Map() },
      text: itemTextVectors(projection.itemIds.length, (i) => vectors[i]),
      tagAssignments: await readTagAssignments(
        store.graph,
        new Map(projection.userIds.map((id, i) => [id, i])),
        new Map(projection.itemIds.map((id, i) => [id, i])),
      ),
    });
    const rankers = new DefaultRankerSource();
    const { feeds } = await servedFeeds(parts, () => rankers.forData(parts.data), train.numUsers, k);
    expect(evalTops(served, train, k)).toEqual(feeds);
    expect(feeds.flat().length).toBe(train.numUsers * k);
  });

  it('with the pagerank and train-ranker jobs run, ranks what the service then serves', async () => {
    const train = tinyData();
    // Tag weights to choose among whose choice here (10) is not the service's default.
    const tagGrid = [0, 1, 10];
    const served = new ServedRecommender({ ...SERVED_DEFAULTS, graphModel: 'none', tagGrid });
    await served.fit(train, { seed: 1, log: () => undefined, textEncoder: encoder });

    const projection = projectionFromTrain(train);
    const vectors = await encoder.embed(train.itemTexts!);
    const store = memoryStore(projection, new Map(projection.itemIds.map((id, i) => [id, vectors[i]!])), train);
    await runPagerankJob(store.graph);
    await runTrainRankerJob(store.graph, store.content, {
      textModel: encoder.modelId,
      backend: 'cpu',
      graphModel: 'none',
      tagGrid,
    });
    const trained = deserializeRanker((await store.content.readRanker())!);
    // As the service loads: the item graphs with the tag weight the stored ranker was learned with.
    expect(trained.meta?.tagWeight).toBe(10);
    expect(CO_ENGAGEMENT_DEFAULTS.tagWeight).not.toBe(10);
    const itemGraphs = storedItemGraphs(trained);
    const parts = buildServingData(
      await readSnapshotParts(store.graph, store.content, encoder.modelId, undefined, itemGraphs),
    );
    expect(parts.data.itemPopularity).toEqual(served.serving.data.itemPopularity);
    expect(Array.from(served.serving.ranker.weights)).toEqual(Array.from(trained.weights));
    const { feeds } = await servedFeeds(parts, () => trained, train.numUsers, k);
    expect(evalTops(served, train, k)).toEqual(feeds);

    // The service as main.ts starts it over this store: it reads the stored ranker and its tag weight itself.
    const { state, recommend } = await startServing({
      stores: {
        graph: store.graph,
        content: store.content,
        impressions: { repeated: async () => [] },
        users: { missingIds: async () => [] },
      } as unknown as StorePorts,
      ingest: { on: () => undefined } as unknown as IngestService,
      encoder: encoder as unknown as TextEncoder,
      logger: silent,
      minReloadIntervalMs: 0,
      vectorIndexMinItems: Number.MAX_SAFE_INTEGER,
      prewarm: false,
    });
    try {
      expect(state.snapshot.data.coEngagement).toEqual(parts.data.coEngagement);
      const started: string[][] = [];
      for (let u = 0; u < train.numUsers; u++)
        started.push(
          (await recommend.recommendMedia({ userId: `u${u}`, first: k, feed: null })).items.map((x) => x.mediaId),
        );
      expect(started).toEqual(feeds);
    } finally {
      state.stop();
    }
    // At the default weight the co-engagement graph differs, so the check above reads the stored weight.
    const atDefault = buildServingData(await readSnapshotParts(store.graph, store.content, encoder.modelId));
    expect(atDefault.data.coEngagement).not.toEqual(parts.data.coEngagement);

    // And the trained ranker is not the default one: ranking with it changes some user's feed.
    const rankers = new DefaultRankerSource();
    const untrained = await servedFeeds(parts, () => rankers.forData(parts.data), train.numUsers, k);
    expect(untrained.feeds).not.toEqual(feeds);
  });

  it('ranks from item graphs built with its itemGraphs settings (local EASE past a forced EASE size)', async () => {
    const train = tinyData();
    const options = { ...SERVED_DEFAULTS, graphModel: 'none', ranker: 'default', pagerank: false, text: false };
    const past = { ...CO_ENGAGEMENT_DEFAULTS, maxEaseItems: 1 };
    const served = new ServedRecommender({ ...options, itemGraphs: past });
    await served.fit(train, { seed: 1, log: () => undefined });
    const pipelineTrain = trainDataFromGraph(graphFromProjection(projectionFromTrain(train)));
    const local = coEngagementGraph(pipelineTrain, past);
    expect(served.serving.data.coEngagement).toEqual(local);
    expect(local).not.toEqual(coEngagementGraph(pipelineTrain));
    expect(served.serving.data.easeSigned!.targets.length).toBeGreaterThanOrEqual(local.targets.length);
  });

  it("passes selectionMargin to the trained ranker's safe selection", async () => {
    const spy = jest.spyOn(rankerSelection, 'selectRanker');
    try {
      for (const selectionMargin of [0, 3]) {
        const served = new ServedRecommender({
          ...SERVED_DEFAULTS,
          graphModel: 'none',
          ranker: 'trained',
          pagerank: false,
          text: false,
          selectionMargin,
        });
        await served.fit(tinyData(), { seed: 1, log: () => undefined });
        expect(spy).toHaveBeenCalled();
        expect(spy.mock.calls.at(-1)![1].margin).toBe(selectionMargin);
      }
    } finally {
      spy.mockRestore();
    }
  });

  it('refuses bad itemGraphs settings, naming the field and value', () => {
    const refused = (itemGraphs: object) => () => createModel(EVAL_MODELS, 'served', { itemGraphs }, '--set');
    expect(refused({ model: 'slim' })).toThrow(
      '--set: itemGraphs.model must be one of auto, ease, local-ease, item-knn (got "slim")',
    );
    expect(refused({ localNeighbours: -5 })).toThrow(
      '--set: itemGraphs.localNeighbours must be a whole number ≥ 1 (got -5)',
    );
    expect(refused({ maxEaseItems: 2.5 })).toThrow('itemGraphs.maxEaseItems must be a whole number ≥ 1 (got 2.5)');
    expect(refused({ lambda: -1 })).toThrow('itemGraphs.lambda must be ≥ 0 (got -1)');
    expect(refused({ lambda: 0, maxEaseItems: 1 })).not.toThrow();
    const grid = (tagGrid: unknown) => () => createModel(EVAL_MODELS, 'served', { tagGrid }, '--set');
    expect(grid([0, -1])).toThrow('--set: tagGrid must hold numbers each ≥ 0 (got [0,-1])');
    expect(grid([0, 3])).not.toThrow();
  });
});
