import { bestSingle } from '../../../../src/eval/fused/fused-selection';

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
});
