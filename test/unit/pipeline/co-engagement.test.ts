import { initBackend } from '../../../src/models/backend';
import { fitEase } from '../../../src/models/ease';
import { easeRows } from '../../../src/models/ease-rows';
import { itemKnnSimilarity } from '../../../src/models/item-knn';
import type { TrainData } from '../../../src/models/types';
import { chooseCoEngagement, coEngagementGraph, walkGraph } from '../../../src/pipeline/co-engagement';
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

  test("'auto' takes EASE up to maxEaseItems model items and item-kNN past it", () => {
    const data = toyData(4);
    const auto = chooseCoEngagement(data);
    expect(auto.model).toBe('ease');
    expect(chooseCoEngagement(data, { maxEaseItems: auto.modelItems - 1 }).model).toBe('item-knn');
    expect(chooseCoEngagement(data, { model: 'item-knn' }).model).toBe('item-knn');
    expect(coEngagementGraph(data, { maxEaseItems: 1, knnNeighbours: 5 })).toEqual(
      itemKnnSimilarity(data, { neighbours: 5 }),
    );
  });

  test('the graphs fitted on a worker thread equal the ones fitted in place', async () => {
    const data = toyData(5);
    const { graph: there, walk } = await coEngagementOffThread(data);
    const inPlace = coEngagementGraph(data);
    const walkHere = walkGraph(data);
    expect(Array.from(walk.targets)).toEqual(Array.from(walkHere.targets));
    expect(Array.from(walk.weights)).toEqual(Array.from(walkHere.weights));
    expect(walkHere.targets.length).toBeGreaterThan(0);
    expect(Array.from(there.offsets)).toEqual(Array.from(inPlace.offsets));
    expect(Array.from(there.targets)).toEqual(Array.from(inPlace.targets));
    there.weights.forEach((w, k) => expect(w).toBeCloseTo(inPlace.weights[k]!, 4));
    expect(inPlace.targets.length).toBeGreaterThan(0);
  });
});
