import { buildCsr } from '../../../src/graph/csr';
import { trainFingerprint } from '../../../src/models/train-fingerprint';

const noSocial = buildCsr(3, 3, new Int32Array(0), new Int32Array(0));
const data = (items: number[], weights?: number[]) => ({
  userItems: buildCsr(
    3,
    4,
    Int32Array.of(0, 1, 2),
    Int32Array.from(items),
    weights ? Float32Array.from(weights) : undefined,
  ),
  social: noSocial,
});

describe('trainFingerprint', () => {
  it('is the same for the same data and differs for another split of the same size', () => {
    expect(trainFingerprint(data([0, 1, 2]))).toBe(trainFingerprint(data([0, 1, 2])));
    expect(trainFingerprint(data([0, 1, 3]))).not.toBe(trainFingerprint(data([0, 1, 2])));
  });

  it('sees engagement weights and follows', () => {
    expect(trainFingerprint(data([0, 1, 2], [1, 1, 2]))).not.toBe(trainFingerprint(data([0, 1, 2], [1, 1, 1])));
    const followed = { ...data([0, 1, 2]), social: buildCsr(3, 3, Int32Array.of(0, 1), Int32Array.of(1, 0)) };
    expect(trainFingerprint(followed)).not.toBe(trainFingerprint(data([0, 1, 2])));
  });
});
