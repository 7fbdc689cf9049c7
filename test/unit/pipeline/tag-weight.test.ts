import { buildCsr } from '../../../src/graph/csr';
import { initBackend } from '../../../src/models/backend';
import { easeScores, fitEase } from '../../../src/models/ease';
import { storedItemGraphs } from '../../../src/pipeline/ranker-fit';
import { chooseTagWeight, userNdcg } from '../../../src/pipeline/tag-weight';
import { toyTrainData } from '../../support/toy-train-data';

beforeAll(async () => {
  await initBackend({ preferred: 'cpu' });
});

describe('NDCG@10 of one ranked row', () => {
  test('against a brute-force sort; ties to the lower index, −Infinity never ranked', () => {
    const scores = Float32Array.from([0.5, 2, -Infinity, 2, 0.1, 3, 0, 0, 0, 0, 0, 0, 0.7]);
    // Ranked: 5, 1, 3, 12, 0, 4, 6, 7, 8, 9 (2 is engaged; 10, 11 tie at 0 below 6..9).
    const relevant = Int32Array.of(3, 9, 2, 11);
    const dcg = 1 / Math.log2(2 + 2) + 1 / Math.log2(9 + 2);
    const ideal = [0, 1, 2, 3].reduce((s, r) => s + 1 / Math.log2(r + 2), 0);
    expect(userNdcg(scores, relevant)).toBeCloseTo(dcg / ideal, 6);
    expect(userNdcg(scores, Int32Array.of(5))).toBe(1);
    expect(userNdcg(scores, Int32Array.of())).toBe(0);
  });
});

describe('the tag weight of the snapshot EASE, chosen on the hold-out', () => {
  const train = toyTrainData(3, { users: 40, items: 40, tags: 4 });
  // Each user's held-out item: one more of their taste group's quarter.
  const users = Int32Array.from({ length: 40 }, (_, u) => u);
  const heldOut = buildCsr(
    40,
    40,
    users,
    Int32Array.from(users, (u) => (u % 4) * 10 + ((u * 7) % 10)),
  );
  const ease = { lambda: 10, minUsers: 1 };

  test('each weight read by EASE alone on the held-out users; the best kept, ties to the earlier', () => {
    const grid = [0, 1, 30];
    const choice = chooseTagWeight(train, heldOut, users, grid, ease);
    // The reference: each weight's EASE scored for every user, training items out, by userNdcg.
    const reference = grid.map((tagWeight) => {
      const model = fitEase(train, { ...ease, tagWeight });
      const out = new Float32Array(40 * 40);
      easeScores(model, train, users, out);
      let sum = 0;
      for (const u of users) {
        const row = out.subarray(u * 40, (u + 1) * 40);
        for (let k = train.userItems.offsets[u]!; k < train.userItems.offsets[u + 1]!; k++)
          row[train.userItems.targets[k]!] = -Infinity;
        sum += userNdcg(row, heldOut.targets.subarray(heldOut.offsets[u]!, heldOut.offsets[u + 1]!));
      }
      return sum / 40;
    });
    expect(choice.ndcg.map((v) => v.toFixed(6))).toEqual(reference.map((v) => v.toFixed(6)));
    expect(new Set(reference.map((v) => v.toFixed(6))).size).toBe(3);
    const best = reference.indexOf(Math.max(...reference));
    expect(choice.weight).toBe(grid[best]);
    // A grid of one weight: that weight, nothing fitted.
    expect(chooseTagWeight(train, heldOut, users, [7], ease)).toEqual({ weight: 7, ndcg: [] });
    // The same weight twice: the earlier.
    const twice = chooseTagWeight(train, heldOut, users, [grid[best]!, grid[best]!], ease);
    expect(twice.ndcg[0]).toBe(twice.ndcg[1]);
  });
});

describe("a stored ranker's item graph settings", () => {
  const model = (meta?: Record<string, unknown>) => ({
    weights: new Float32Array(0),
    bias: 0,
    ...(meta ? { meta } : {}),
  });
  test('its tag weight where it is a number ≥ 0; nothing otherwise', () => {
    expect(storedItemGraphs(model({ tagWeight: 10 }) as never)).toEqual({ tagWeight: 10 });
    expect(storedItemGraphs(model({ tagWeight: 0 }) as never)).toEqual({ tagWeight: 0 });
    for (const bad of [-1, '3', null, Infinity])
      expect(storedItemGraphs(model({ tagWeight: bad }) as never)).toEqual({});
    expect(storedItemGraphs(model() as never)).toEqual({});
    expect(storedItemGraphs(null)).toEqual({});
  });
});
