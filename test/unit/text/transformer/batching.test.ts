import { padBatch, planBatches } from '../../../../src/text/transformer/batching';

describe('planBatches', () => {
  it('sorts by length, caps texts and padded tokens per batch, and covers every index once', () => {
    const lengths = [10, 3, 250, 4, 3, 12, 9, 2];
    const batches = planBatches(lengths, { batchSize: 3, maxBatchTokens: 40 });
    expect(batches.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(batches).toEqual([[7, 1, 4], [3, 6, 0], [5], [2]]);
    for (const batch of batches) {
      const longest = Math.max(...batch.map((i) => lengths[i]!));
      expect(batch.length <= 3).toBe(true);
      expect(batch.length === 1 || batch.length * longest <= 40).toBe(true);
    }
  });

  it('puts a text longer than the token budget alone, and plans nothing for no texts', () => {
    expect(planBatches([300, 5], { batchSize: 8, maxBatchTokens: 100 })).toEqual([[1], [0]]);
    expect(planBatches([], { batchSize: 8, maxBatchTokens: 100 })).toEqual([]);
  });
});

describe('padBatch', () => {
  it('pads ids to the longest sequence and masks the padding', () => {
    const { ids, mask, length } = padBatch(
      [
        [101, 7, 102],
        [101, 102],
      ],
      0,
    );
    expect(length).toBe(3);
    expect([...ids]).toEqual([101, 7, 102, 101, 102, 0]);
    expect([...mask]).toEqual([1, 1, 1, 1, 1, 0]);
  });
});
