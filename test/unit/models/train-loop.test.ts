import { trainLoop } from '../../../src/models/train-loop';
import type { TrainLoopHooks } from '../../../src/models/train-loop';

/** Hooks whose validation score is read from a script, one value per evaluation. */
function scripted(scores: number[], withDecay: boolean): { hooks: TrainLoopHooks; events: string[] } {
  const events: string[] = [];
  let k = 0;
  const hooks: TrainLoopHooks = {
    epoch: () => 1,
    validate: () => {
      const v = scores[k++];
      events.push(`validate ${v}`);
      return v;
    },
    snapshot: () => events.push('snapshot'),
    restore: () => events.push('restore'),
    log: () => undefined,
  };
  if (withDecay) hooks.decayLearningRate = (factor) => events.push(`decay ${factor}`);
  return { hooks, events };
}

describe('trainLoop', () => {
  it('stops after `patience` evaluations without improvement and reports the best epoch', () => {
    const { hooks, events } = scripted([0.1, 0.2, 0.15, 0.18, 0.3], false);
    const r = trainLoop('t', { epochs: 100, patience: 2, evalEvery: 1 }, hooks);
    expect(r).toMatchObject({ epochs: 4, bestEpoch: 2, bestValidation: 0.2 });
    expect(events.filter((e) => e === 'snapshot')).toHaveLength(2);
    expect(events.at(-1)).toBe('restore');
  });

  it('answers a plateau by restoring the best checkpoint at a lower learning rate, lrDecays times', () => {
    // evaluations: 0.1 0.2 | 0.1 0.1 → decay | 0.25 | 0.2 0.2 → decay | 0.2 0.2 → stop
    const { hooks, events } = scripted([0.1, 0.2, 0.1, 0.1, 0.25, 0.2, 0.2, 0.2, 0.2, 0.9], true);
    const r = trainLoop('t', { epochs: 100, patience: 2, evalEvery: 1, lrDecays: 2, lrDecayFactor: 0.3 }, hooks);
    expect(r).toMatchObject({ epochs: 9, bestEpoch: 5, bestValidation: 0.25 });
    expect(events.filter((e) => e.startsWith('decay'))).toEqual(['decay 0.3', 'decay 0.3']);
    // each decay restores first, and only after the plateau
    expect(events.slice(0, 6)).toEqual([
      'validate 0.1',
      'snapshot',
      'validate 0.2',
      'snapshot',
      'validate 0.1',
      'validate 0.1',
    ]);
    expect(events.slice(6, 8)).toEqual(['restore', 'decay 0.3']);
  });

  it('without a decay hook, lrDecays is ignored and the first plateau stops training', () => {
    const { hooks, events } = scripted([0.2, 0.1, 0.1, 0.5], false);
    const r = trainLoop('t', { epochs: 100, patience: 2, evalEvery: 1, lrDecays: 3 }, hooks);
    expect(r.epochs).toBe(3);
    expect(events.filter((e) => e === 'restore')).toHaveLength(1);
  });
});
