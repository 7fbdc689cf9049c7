import { CapacityError } from '../../../../src/domain/errors';
import type { Csr } from '../../../../src/graph/csr';
import { createModel } from '../../../../src/models/catalogue';
import type { TrainData } from '../../../../src/models/types';
import { EVAL_MODELS } from '../../../../src/eval/models';
import { fusedItemKind } from '../../../../src/eval/fused/fused-item-model';
import type { FusedRecommender } from '../../../../src/eval/fused/fused-model';

describe('fused: dense EASE size check', () => {
  it('refuses a catalogue too large for a dense EASE it is told to use, before fitting anything', async () => {
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
    const model = createModel(EVAL_MODELS, 'fused', { easeModel: 'dense' });
    const fit = model.fit(data, { seed: 1, log });
    await expect(fit).rejects.toThrow(CapacityError);
    await expect(fit).rejects.toThrow(/^fused: 40,000 items need 32\.8 GiB/);
    expect(log).not.toHaveBeenCalled();
  });

  it("takes local EASE past that size by default ('auto'), and refuses an unknown easeModel", () => {
    const items = 40_000;
    const itemUsers = { offsets: Int32Array.from({ length: items + 1 }, (_, i) => 3 * i) } as Csr;
    const data = { numUsers: 1, numItems: items, itemUsers } as unknown as TrainData;
    const model = createModel(EVAL_MODELS, 'fused') as FusedRecommender;
    expect(fusedItemKind(data, model.itemModelOptions)).toBe('local');
    expect(() => createModel(EVAL_MODELS, 'fused', { easeModel: 'sparse' })).toThrow(
      /easeModel.*must be one of auto, dense, local/,
    );
  });
});
