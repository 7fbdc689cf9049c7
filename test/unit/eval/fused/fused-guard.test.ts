import { CapacityError } from '../../../../src/domain/errors';
import type { Csr } from '../../../../src/graph/csr';
import { createModel } from '../../../../src/models/catalogue';
import type { TrainData } from '../../../../src/models/types';
import { EVAL_MODELS } from '../../../../src/eval/models';

describe('fused: dense EASE size check', () => {
  it('refuses a catalogue too large for its EASE before fitting anything', async () => {
    const items = 40_000;
    const offsets = Int32Array.from({ length: items + 1 }, (_, i) => 3 * i);
    const itemUsers = {
      rows: items,
      cols: 1,
      offsets,
      targets: new Int32Array(0),
      weights: new Float32Array(0),
    } as Csr;
    const data = { numUsers: 1, numItems: items, itemUsers } as unknown as TrainData;
    const log = jest.fn();
    const model = createModel(EVAL_MODELS, 'fused');
    const fit = model.fit(data, { seed: 1, log });
    await expect(fit).rejects.toThrow(CapacityError);
    await expect(fit).rejects.toThrow(/^fused: 40,000 items need 32\.8 GiB/);
    expect(log).not.toHaveBeenCalled();
  });
});
