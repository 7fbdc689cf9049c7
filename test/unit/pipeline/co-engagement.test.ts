import { initBackend } from '../../../src/models/backend';
import { EASE_DEFAULTS, fitEase } from '../../../src/models/ease';
import { easeRows, topEaseRows } from '../../../src/models/ease-rows';
import { itemKnnSimilarity } from '../../../src/models/item-knn';
import { localEaseGraphs } from '../../../src/models/local-ease';
import type { TrainData } from '../../../src/models/types';
import { chooseCoEngagement, coEngagementGraph, itemGraphs, walkGraph } from '../../../src/pipeline/co-engagement';
import { coEngagementOffThread } from '../../../src/pipeline/co-engagement-thread';
import { toyTrainData } from '../../support/toy-train-data';

const toyData = (seed: number): TrainData => toyTrainData(seed);

const row = (g: { offsets: Int32Array; targets: Int32Array; weights: Float32Array }, i: number) =>
  Array.from(g.targets.subarray(g.offsets[i], g.offsets[i + 1])).map((t, k) => [t, g.weights[g.offsets[i]! + k]!]);

describe('the serving co-engagement graph', () => {
  beforeAll(async () => {
    await initBackend({ preferred: 'cpu' });
  });

  test("EASE rows keep each item's largest positive weights of B, and nothing else", () => {
    const data = toyData(3);
    const model = fitEase(data, { lambda: 10 });
    const m = model.items.length;
    const graph = easeRows(data, { lambda: 10, neighbours: 3 });
    let kept = 0;
    for (let r = 0; r < m; r++) {
      const i = model.items[r]!;
      const weights = Array.from(model.weights.subarray(r * m, (r + 1) * m));
      const expected = weights
        .map((w, c) => [model.items[c]!, w] as [number, number])
        .filter(([, w]) => w > 0)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .sort((a, b) => a[0] - b[0]);
      expect(row(graph, i)).toEqual(expected);
      kept += expected.length;
    }
    expect(kept).toBeGreaterThan(0);
    expect(graph.targets.length).toBe(kept);
    // Items with one training user are outside EASE's model: they have no row.
    for (let i = 0; i < data.numItems; i++) if (model.position[i]! < 0) expect(row(graph, i)).toEqual([]);
  });

  test("'auto' takes EASE up to maxEaseItems model items, local EASE up to maxLocalEaseItems, item-kNN past it", () => {
    const data = toyData(4);
    const auto = chooseCoEngagement(data);
    expect(auto.model).toBe('ease');
    expect(chooseCoEngagement(data, { maxEaseItems: auto.modelItems - 1 }).model).toBe('local-ease');
    const past = { maxEaseItems: 1, maxLocalEaseItems: auto.modelItems - 1 };
    expect(chooseCoEngagement(data, past).model).toBe('item-knn');
    expect(coEngagementGraph(data, { ...past, knnNeighbours: 5 })).toEqual(itemKnnSimilarity(data, { neighbours: 5 }));
    expect(chooseCoEngagement(data, { model: 'item-knn' }).model).toBe('item-knn');
    expect(coEngagementGraph(data, { model: 'item-knn', knnNeighbours: 5 })).toEqual(
      itemKnnSimilarity(data, { neighbours: 5 }),
    );
  });

  test('past EASE, the co-engagement graph is local EASE’s positive weights and the signed rows all of them', () => {
    const data = toyData(4);
    const settings = { maxEaseItems: 1, localNeighbours: 4, gramNeighbours: 8, lambda: 1 };
    const local = localEaseGraphs(data, EASE_DEFAULTS.minUsers, { neighbours: 4, gramNeighbours: 8, lambda: 1 });
    const graphs = itemGraphs(data, settings);
    expect(graphs.easeSigned).toEqual(local.signed);
    expect(graphs.coEngagement).toEqual(local.positive);
    const signed = Array.from(local.signed.weights);
    expect(signed.some((w) => w < 0)).toBe(true);
    expect(Array.from(local.positive.weights).every((w) => w > 0)).toBe(true);
    expect(local.positive.targets.length).toBe(signed.filter((w) => w > 0).length);
    // Each target item regresses on at most localNeighbours items.
    const perTarget = new Map<number, number>();
    for (const t of local.signed.targets) perTarget.set(t, (perTarget.get(t) ?? 0) + 1);
    expect(Math.max(...perTarget.values())).toBeLessThanOrEqual(4);
  });

  test("EASE's signed rows keep each item's entries of largest magnitude, with their signs", () => {
    const data = toyData(3);
    const model = fitEase(data, { lambda: 10 });
    const m = model.items.length;
    const graph = topEaseRows(model, data.numItems, 4, 'magnitude');
    let negative = 0;
    for (let r = 0; r < m; r++) {
      const weights = Array.from(model.weights.subarray(r * m, (r + 1) * m));
      const expected = weights
        .map((w, c) => [model.items[c]!, w] as [number, number])
        .filter(([, w]) => w !== 0)
        .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))
        .slice(0, 4)
        .sort((a, b) => a[0] - b[0]);
      expect(row(graph, model.items[r]!)).toEqual(expected);
      negative += expected.filter(([, w]) => w < 0).length;
    }
    expect(negative).toBeGreaterThan(0);
    // itemGraphs fits EASE once for both of its EASE graphs; item-kNN has no signed rows.
    const graphs = itemGraphs(data, { lambda: 10, easeNeighbours: 3, blendNeighbours: 4 });
    expect(graphs.coEngagement).toEqual(easeRows(data, { lambda: 10, neighbours: 3 }));
    expect(graphs.easeSigned).toEqual(graph);
    expect(itemGraphs(data, { model: 'item-knn' }).easeSigned).toBeUndefined();
  });

  test('the graphs fitted on a worker thread equal the ones fitted in place', async () => {
    const data = toyData(5);
    const there = await coEngagementOffThread(data);
    const here = itemGraphs(data);
    expect(Object.keys(there).sort()).toEqual(['coEngagement', 'easeSigned', 'walk']);
    for (const name of ['coEngagement', 'walk', 'easeSigned'] as const) {
      const a = there[name]!;
      const b = here[name]!;
      expect(b.targets.length).toBeGreaterThan(0);
      expect(Array.from(a.offsets)).toEqual(Array.from(b.offsets));
      expect(Array.from(a.targets)).toEqual(Array.from(b.targets));
      a.weights.forEach((w, k) => expect(w).toBeCloseTo(b.weights[k]!, 4));
    }
    expect(Array.from(here.walk.targets)).toEqual(Array.from(walkGraph(data).targets));
    expect(Array.from(here.coEngagement.targets)).toEqual(Array.from(coEngagementGraph(data).targets));
    // Past EASE's size the worker fits local EASE, as in place.
    const pastThere = await coEngagementOffThread(data, { maxEaseItems: 1 });
    const pastHere = itemGraphs(data, { maxEaseItems: 1 });
    for (const name of ['coEngagement', 'walk', 'easeSigned'] as const) expect(pastThere[name]).toEqual(pastHere[name]);
  });

  test("with tagWeight, EASE's rows come from the fit with the items' tags, on a worker thread as in place", async () => {
    const data = toyTrainData(6, { tags: 3 });
    const settings = { lambda: 10, tagWeight: 2, easeNeighbours: 3 };
    const here = itemGraphs(data, settings);
    const fit = fitEase(data, { lambda: 10, tagWeight: 2 });
    expect(here.coEngagement).toEqual(topEaseRows(fit, data.numItems, 3, 'positive'));
    expect(here.coEngagement).not.toEqual(itemGraphs(data, { ...settings, tagWeight: 0 }).coEngagement);
    const there = await coEngagementOffThread(data, settings);
    for (const name of ['coEngagement', 'easeSigned'] as const) {
      expect(Array.from(there[name]!.targets)).toEqual(Array.from(here[name]!.targets));
      there[name]!.weights.forEach((w, k) => expect(w).toBeCloseTo(here[name]!.weights[k]!, 4));
    }
  });
});
