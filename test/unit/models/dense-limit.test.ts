import type { Csr } from '../../../src/graph/csr';
import { CapacityError } from '../../../src/domain/errors';
import { initBackend } from '../../../src/models/backend';
import { DEFAULT_MAX_DENSE_MB, easeDenseBytes, graphEaseDenseBytes } from '../../../src/models/dense-limit';
import { checkEaseFits, fitEase } from '../../../src/models/ease';
import { GraphEase } from '../../../src/models/graph-ease';
import { sparseItemItem } from '../../../src/models/sparse-item-item';
import type { TrainData } from '../../../src/models/types';
import { toyTrainData } from '../../support/toy-train-data';
import { pairsData } from './pairs-data';

/** Only the item → user offsets of a catalogue of `items` items with `users` users each: no matrix is allocated. */
function fakeCatalogue(items: number, users = 2): Pick<TrainData, 'numItems' | 'itemUsers'> {
  const offsets = new Int32Array(items + 1);
  for (let i = 1; i <= items; i++) offsets[i] = i * users;
  const itemUsers = { rows: items, cols: 1, offsets, targets: new Int32Array(0), weights: new Float32Array(0) } as Csr;
  return { numItems: items, itemUsers };
}

const toyData = (seed: number): TrainData =>
  toyTrainData(seed, {
    weight: (k) => 1 + (k % 5),
    social: [
      [0, 1],
      [1, 0],
    ],
  });

describe('dense item × item limits (issue 15 item 5)', () => {
  beforeAll(async () => {
    await initBackend({ preferred: 'cpu' });
  });

  it('refuses EASE on a 38k-item catalogue up front, naming the model, items, bytes, limit and alternatives', () => {
    let error: unknown;
    try {
      checkEaseFits(fakeCatalogue(38_000));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CapacityError);
    const e = error as CapacityError;
    expect(e.model).toBe('ease');
    expect(e.items).toBe(38_000);
    expect(e.bytesNeeded).toBe(easeDenseBytes(38_000));
    expect(e.limitBytes).toBe(DEFAULT_MAX_DENSE_MB * 2 ** 20);
    expect(e.message).toMatch(
      /^ease: 38,000 items need 29\.6 GiB of dense item × item matrices at peak, over the limit of 3\.5 GiB \(maxDenseMB: wasm's 4 GiB heap less 512 MiB\); use graph-ease/,
    );
    expect(e.code).toBe('BAD_USER_INPUT');
  });

  it('counts only items with minUsers training users, and lets a catalogue that fits through', () => {
    expect(checkEaseFits(fakeCatalogue(12_000))).toBe(12_000);
    // 38k items with one user each: none enter the model at minUsers 2.
    expect(checkEaseFits(fakeCatalogue(38_000, 1))).toBe(0);
    expect(() => checkEaseFits(fakeCatalogue(12_000), { maxDenseMB: 1000 })).toThrow(
      /limit of 1000\.0 MiB \(maxDenseMB 1000\)/,
    );
    expect(graphEaseDenseBytes(10, 1000)).toBe(8 * 10 * 1000 + 8 * 100);
  });

  it('fitEase refuses before fitting when maxDenseMB is too small', () => {
    expect(() => fitEase(toyData(1), { lambda: 5, minUsers: 2, maxDenseMB: 0.001 })).toThrow(CapacityError);
  });

  it("sparse cosine and RP3β rows equal their dense definitions and keep each row's top k in order", () => {
    const data = toyData(2);
    const items = Int32Array.from({ length: data.numItems }, (_, i) => i);
    const position = Int32Array.from(items);
    const full = sparseItemItem(data, items, position, 1000, 0.5);
    const users = (i: number) =>
      Array.from(data.itemUsers.targets.subarray(data.itemUsers.offsets[i]!, data.itemUsers.offsets[i + 1]!));
    const deg = (u: number) => data.userItems.offsets[u + 1]! - data.userItems.offsets[u]!;
    const dense = (rows: typeof full.cosine, i: number, j: number) => {
      for (let k = rows.offsets[i]!; k < rows.offsets[i + 1]!; k++) if (rows.targets[k] === j) return rows.weights[k]!;
      return 0;
    };
    for (let i = 0; i < data.numItems; i++) {
      const ui = new Set(users(i));
      for (let j = 0; j < data.numItems; j++) {
        if (i === j) continue;
        const common = users(j).filter((u) => ui.has(u));
        const cos = ui.size && common.length ? common.length / Math.sqrt(ui.size * users(j).length) : 0;
        const walk = ui.size
          ? (common.reduce((s, u) => s + 1 / deg(u), 0) / ui.size) * Math.pow(Math.max(1, users(j).length), -0.5)
          : 0;
        expect(dense(full.cosine, i, j)).toBeCloseTo(cos, 5);
        expect(dense(full.rp3, i, j)).toBeCloseTo(walk, 5);
      }
    }
    const top = sparseItemItem(data, items, position, 3, 0.5, { cosinePrune: 'row' });
    for (let i = 0; i < data.numItems; i++) {
      for (const [f, t] of [
        [full.rp3, top.rp3],
        [full.cosine, top.cosine],
      ] as const) {
        const row = Array.from(f.weights.subarray(f.offsets[i]!, f.offsets[i + 1]!)).sort((a, b) => b - a);
        const kept = Array.from(t.weights.subarray(t.offsets[i]!, t.offsets[i + 1]!));
        expect(kept).toEqual(row.slice(0, 3));
      }
    }
    // Per target: item j keeps its 3 most similar sources, so every column holds the row's top 3.
    const byTarget = sparseItemItem(data, items, position, 3, 0.5, { cosinePrune: 'target' });
    for (let j = 0; j < data.numItems; j++) {
      const into: number[] = [];
      for (let i = 0; i < data.numItems; i++) {
        const v = dense(byTarget.cosine, i, j);
        if (v > 0) into.push(v);
      }
      expect(into.sort((a, b) => b - a)).toEqual(
        Array.from(top.cosine.weights.subarray(top.cosine.offsets[j]!, top.cosine.offsets[j + 1]!)),
      );
    }
  });

  it('with sortedPrefix, a row keeps the same top k, only its first entries in order', () => {
    const data = pairsData(9, 60, 40, 8);
    const items = Int32Array.from({ length: data.numItems }, (_, i) => i);
    const position = Int32Array.from(items);
    const all = sparseItemItem(data, items, position, 12, 0.5, { cosinePrune: 'row' });
    const head = sparseItemItem(data, items, position, 12, 0.5, { cosinePrune: 'row', sortedPrefix: 4 });
    let unordered = 0;
    for (const [f, h] of [
      [all.cosine, head.cosine],
      [all.rp3, head.rp3],
    ] as const) {
      expect(Array.from(h.offsets)).toEqual(Array.from(f.offsets));
      for (let i = 0; i < data.numItems; i++) {
        const [o, e] = [f.offsets[i]!, f.offsets[i + 1]!];
        const pairs = (r: typeof f) => Array.from(r.targets.subarray(o, e), (t, k) => `${t}:${r.weights[o + k]}`);
        expect(pairs(h).slice(0, 4)).toEqual(pairs(f).slice(0, 4));
        expect([...pairs(h)].sort()).toEqual([...pairs(f)].sort());
        if (pairs(h).join() !== pairs(f).join()) unordered++;
      }
    }
    expect(unordered).toBeGreaterThan(0); // the tail was not sorted: the option took effect
  });

  it('graph-ease over a catalogue too big for its dense path switches to the sparse path and ranks', async () => {
    const data = toyData(3);
    const lines: string[] = [];
    const ge = new GraphEase({ gcnWeight: 0, tune: false, maxDenseMB: 0.001, neighbours: 5 });
    await ge.fit(data, { seed: 1, log: (l) => lines.push(l) });
    expect(ge.itemModel).toBe('sparse');
    expect(ge.easeModel).toBeUndefined();
    expect(lines.join('\n')).toMatch(/would need .* using the sparse item–item path/);
    const scores = ge.score(Int32Array.of(0, 5));
    expect(scores.length).toBe(2 * data.numItems);
    // User 0 engages items 0–9 (user % 4 = 0): the best-ranked item outside its history is in its block.
    const seen = new Set(
      Array.from(data.userItems.targets.subarray(data.userItems.offsets[0]!, data.userItems.offsets[1]!)),
    );
    let best = -1;
    for (let i = 0; i < data.numItems; i++) if (!seen.has(i) && (best < 0 || scores[i]! > scores[best]!)) best = i;
    expect(best).toBeLessThan(10);
    expect(scores.every((s) => Number.isFinite(s))).toBe(true);

    const dense = new GraphEase({ gcnWeight: 0, tune: false, itemModel: 'dense', maxDenseMB: 0.001 });
    await expect(dense.fit(data, { seed: 1, log: () => undefined })).rejects.toThrow(
      /graph-ease: \d+ items need .* set itemModel 'auto' or 'sparse'/,
    );
    const auto = new GraphEase({ gcnWeight: 0, tune: false });
    await auto.fit(data, { seed: 1, log: () => undefined });
    expect(auto.itemModel).toBe('dense');
  });
});
