import { bestSingle, safeChoice } from '../../../../src/eval/fused/fused-selection';

/** Per-user values keyed by user. */
const lists = (values: number[]) => new Map(values.map((v, u) => [u, v]));

describe("fused's safe choice", () => {
  const ranker = { kind: 'ranker' as const };
  const co = { kind: 'co' as const };
  const popularity = { kind: 'popularity' as const };
  const blend = { kind: 'blend' as const, alpha: 0.5 };

  test('the fallback is the single signal with the highest mean, ties the earlier, else the first option', () => {
    const options = [
      { serve: ranker, mean: 0.9 },
      { serve: co, mean: 0.3 },
      { serve: popularity, mean: 0.4 },
      { serve: blend, mean: 0.8 },
    ];
    expect(bestSingle(options)).toBe(2);
    expect(bestSingle(options.map((o) => ({ ...o, mean: o.serve === popularity ? 0.3 : o.mean })))).toBe(1);
    expect(
      bestSingle([
        { serve: ranker, mean: 0.1 },
        { serve: blend, mean: 0.2 },
      ]),
    ).toBe(0);
  });

  test('an option replaces the reference only with a higher mean and a gain past the margin', () => {
    const reference = { mean: 0.5, lists: lists([0.5, 0.5, 0.5, 0.5]) };
    // Gains 0.1, −0.1, 0.2, −0.1 (mean 0.025, standard error 0.075): sure at margin 0.3, not at 0.4.
    const noisy = { mean: 0.525, lists: lists([0.6, 0.4, 0.7, 0.4]) };
    // A steady gain of 0.01 on every user: sure at any margin.
    const steady = { mean: 0.51, lists: lists([0.51, 0.51, 0.51, 0.51]) };
    expect(safeChoice([reference, noisy], 0, 0.3)).toBe(1);
    expect(safeChoice([reference, noisy], 0, 0.4)).toBe(0);
    expect(safeChoice([noisy, reference, steady], 1, 1)).toBe(2);
    // The highest mean among those that pass: noisy passes at 0.3 and is above steady.
    expect(safeChoice([steady, reference, noisy], 1, 0.3)).toBe(2);
    // A lower mean never wins, however steady; equal means keep the reference.
    expect(safeChoice([reference, { mean: 0.5, lists: lists([0.5, 0.5, 0.5, 0.5]) }], 0, 0)).toBe(0);
  });

  test('without per-user lists the highest mean wins, ties the reference', () => {
    expect(safeChoice([{ mean: 0.2 }, { mean: 0.3 }, { mean: 0.25 }], 0, 1e6)).toBe(1);
    expect(safeChoice([{ mean: 0.3 }, { mean: 0.3 }], 1, 1)).toBe(1);
  });
});
