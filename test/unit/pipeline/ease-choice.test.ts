import { buildCsr, type Csr } from '../../../src/graph/csr';
import { initBackend } from '../../../src/models/backend';
import { fitEase, popularityDamping, type EaseModel } from '../../../src/models/ease';
import { profileWeight } from '../../../src/models/play-profile';
import type { TrainData } from '../../../src/models/types';
import { CO_ENGAGEMENT_DEFAULTS } from '../../../src/pipeline/co-engagement';
import { chooseEase, easeAloneByUser, type EaseHoldOut } from '../../../src/pipeline/ease-choice';
import { toyTrainData } from '../../support/toy-train-data';

/** NDCG@10 of EASE alone for one user, in float64 with a full sort: the reference easeAloneByUser must equal. */
function reference(model: EaseModel, train: TrainData, heldOut: Csr, u: number, damp?: Float32Array): number {
  const m = model.items.length;
  const { offsets, targets, weights } = train.userItems;
  const ks = Array.from({ length: offsets[u + 1]! - offsets[u]! }, (_, e) => offsets[u]! + e);
  const mean = ks.reduce((s, k) => s + weights[k]!, 0) / ks.length;
  const scores = new Float64Array(m);
  for (const k of ks) {
    const p = model.position[targets[k]!]!;
    if (p >= 0) for (let j = 0; j < m; j++) scores[j]! += profileWeight(weights[k]!, mean) * model.weights[p * m + j]!;
  }
  const engaged = new Set(ks.map((k) => model.position[targets[k]!]!));
  const order = Array.from({ length: m }, (_, j) => j)
    .filter((j) => !engaged.has(j))
    .map((j) => ({ j, s: scores[j]! * (damp ? damp[j]! : 1) }))
    .sort((a, b) => b.s - a.s);
  const held = new Set(heldOut.targets.subarray(heldOut.offsets[u]!, heldOut.offsets[u + 1]!));
  let dcg = 0;
  order.slice(0, 10).forEach(({ j }, r) => {
    if (held.has(model.items[j]!)) dcg += 1 / Math.log2(r + 2);
  });
  let ideal = 0;
  for (let r = 0; r < Math.min(10, held.size); r++) ideal += 1 / Math.log2(r + 2);
  return held.size ? dcg / ideal : 0;
}

describe("EASE alone on the train-ranker job's hold-out", () => {
  beforeAll(async () => {
    await initBackend({ preferred: 'cpu' });
  });

  // Play counts that vary, so the profile weights differ from binary X; six pairs a user, in four taste groups.
  const all = toyTrainData(3, { users: 40, items: 40, weight: (k) => Math.log1p(1 + ((k * 7) % 11)) });
  // Each user's last pair held out (an even user's last two); the others kept.
  const keptPairs: [number, number, number][] = [];
  const heldPairs: [number, number][] = [];
  for (let u = 0; u < 40; u++)
    for (let k = all.userItems.offsets[u]!; k < all.userItems.offsets[u + 1]!; k++) {
      const pair: [number, number] = [u, all.userItems.targets[k]!];
      if (k >= all.userItems.offsets[u + 1]! - (u % 2 === 0 ? 2 : 1)) heldPairs.push(pair);
      else keptPairs.push([...pair, all.userItems.weights[k]!]);
    }
  const userItems = buildCsr(
    40,
    40,
    Int32Array.from(keptPairs, (p) => p[0]),
    Int32Array.from(keptPairs, (p) => p[1]),
  );
  keptPairs.forEach((p, k) => (userItems.weights[k] = p[2]));
  const itemUsers = buildCsr(
    40,
    40,
    Int32Array.from(keptPairs, (p) => p[1]),
    Int32Array.from(keptPairs, (p) => p[0]),
  );
  const train: TrainData = { ...all, userItems, itemUsers };
  const heldOut = buildCsr(
    40,
    40,
    Int32Array.from(heldPairs, (p) => p[0]),
    Int32Array.from(heldPairs, (p) => p[1]),
  );
  const users = Int32Array.from({ length: 40 }, (_, u) => u);
  const hold: EaseHoldOut = { train, heldOut, users };

  test('each user its NDCG@10 over the unengaged model items, profile-weighted and damped, as a float64 reference', () => {
    const model = fitEase(train, { lambda: 5, minUsers: 2 });
    const damp = popularityDamping(train, model.items, 0.4);
    // One pass reads each damping in turn, the undamped after the damped: neither sees the other's scores.
    const damps = [damp, undefined];
    const [damped, plain] = easeAloneByUser(model, hold, damps);
    [damped!, plain!].forEach((lists, d) => {
      expect([...lists.keys()]).toEqual([...users]);
      for (const u of users) expect(lists.get(u)).toBeCloseTo(reference(model, train, heldOut, u, damps[d]), 5);
    });
    expect(easeAloneByUser(model, hold)).toEqual([plain]);
    // The readings differ where the damping differs, and some user finds the held-out item.
    expect([...users].some((u) => plain!.get(u) !== damped!.get(u))).toBe(true);
    expect([...plain!.values()].some((v) => v > 0)).toBe(true);
  });

  test('every setting read; the own unless others read surely better, then the highest mean of those', () => {
    const own = { ...CO_ENGAGEMENT_DEFAULTS, lambda: 5, tagWeight: 0 };
    const lines: string[] = [];
    const grids = { gammas: [0, 0.5], betas: [0, 0.3] };
    const sure = chooseEase(hold, own, grids, 1, (l) => lines.push(l));
    const read = lines
      .map((l) =>
        /^tag weight 0, gram γ ([\d.]+), popularity damping ([\d.]+): EASE alone's held-out NDCG@10 ([\d.]+)/.exec(l),
      )
      .filter((m) => m)
      .map((m) => ({ gramGamma: Number(m![1]), popDamping: Number(m![2]), mean: Number(m![3]) }));
    expect(read.map((r) => `${r.gramGamma}/${r.popDamping}`)).toEqual(['0/0', '0/0.3', '0.5/0', '0.5/0.3']);
    // With no margin the highest mean of all wins, over the own setting (the first read).
    const best = read.reduce((a, b) => (b.mean > a.mean ? b : a));
    expect(best.mean).toBeGreaterThan(read[0]!.mean);
    const free = chooseEase(hold, own, grids, 0, () => undefined);
    expect(free).toEqual({ gramGamma: best.gramGamma, popDamping: best.popDamping });
    // With an unreachable margin the item graphs' own setting stays, whatever reads higher.
    expect(chooseEase(hold, own, grids, 1e9, () => undefined)).toEqual({ gramGamma: 0, popDamping: 0 });
    expect(lines.at(-1)).toBe(
      `tag weight 0, gram γ ${sure.gramGamma}, popularity damping ${sure.popDamping} in the snapshot's EASE (the item graphs' own: tag weight 0, gram γ 0, popularity damping 0)`,
    );
    // Without a β grid, no β is named; a grid without the own setting has its first as the reference.
    expect(chooseEase(hold, own, { gammas: [0.5] }, 1, () => undefined)).toEqual({ gramGamma: 0.5 });
    expect(chooseEase(hold, own, { betas: [0.3, 0] }, 1e9, () => undefined)).toEqual({ popDamping: 0 });
    expect(chooseEase(hold, own, { gammas: [0.5, 0], betas: [0.3] }, 1e9, () => undefined)).toEqual({
      gramGamma: 0.5,
      popDamping: 0.3,
    });
  });
});
