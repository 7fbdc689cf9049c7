/**
 * Epoch loop shared by the embedding models: progress lines (epoch, loss, validation NDCG@10,
 * s/epoch, ETA), early stopping when validation NDCG@10 has not improved for `patience`
 * evaluations, and best-checkpoint keeping via snapshot/restore hooks supplied by the model.
 * With `lrDecays` > 0 a plateau first restores the best checkpoint and multiplies the learning
 * rate by `lrDecayFactor` (step decay on plateau), up to `lrDecays` times, before stopping.
 */
export interface TrainLoopOptions {
  epochs: number;
  /** Evaluations without improvement before stopping. */
  patience: number;
  /** Validate every this many epochs. */
  evalEvery: number;
  /** Plateaus answered by restoring the best checkpoint and lowering the learning rate (default 0). */
  lrDecays?: number;
  /** Learning-rate multiplier at each such plateau (default 0.5). */
  lrDecayFactor?: number;
}

export interface TrainLoopHooks {
  /** Runs one epoch and returns its mean loss. */
  epoch(index: number): number;
  /** Validation NDCG@10 of the current parameters, or undefined when there is no validation data. */
  validate(): number | undefined;
  /** Saves the current parameters as the best checkpoint. */
  snapshot(): void;
  /** Restores the best checkpoint. */
  restore(): void;
  /** Multiplies the learning rate by `factor`; models without it stop at the first plateau. */
  decayLearningRate?(factor: number): void;
  log(line: string): void;
}

export interface TrainLoopResult {
  epochs: number;
  bestEpoch: number;
  bestValidation: number | undefined;
  secondsPerEpoch: number;
}

export function trainLoop(name: string, options: TrainLoopOptions, hooks: TrainLoopHooks): TrainLoopResult {
  let best = -Infinity;
  let bestEpoch = 0;
  let stale = 0;
  let spent = 0;
  let epoch = 0;
  let haveValidation = true;
  let decays = 0;
  const maxDecays = hooks.decayLearningRate ? (options.lrDecays ?? 0) : 0;
  const factor = options.lrDecayFactor ?? 0.5;
  for (epoch = 1; epoch <= options.epochs; epoch++) {
    const t = performance.now();
    const loss = hooks.epoch(epoch);
    spent += (performance.now() - t) / 1000;
    const perEpoch = spent / epoch;
    let line = `${name} epoch ${epoch}/${options.epochs} loss ${loss.toFixed(4)} · ${perEpoch.toFixed(2)} s/epoch · ETA ${Math.round(perEpoch * (options.epochs - epoch))} s`;
    if (epoch % options.evalEvery === 0 || epoch === options.epochs) {
      const v = haveValidation ? hooks.validate() : undefined;
      if (v === undefined) {
        haveValidation = false;
        hooks.snapshot();
        bestEpoch = epoch;
      } else {
        line += ` · valid ndcg@10 ${v.toFixed(4)}`;
        if (v > best) {
          best = v;
          bestEpoch = epoch;
          stale = 0;
          hooks.snapshot();
          line += ' *';
        } else {
          stale++;
        }
      }
      hooks.log(line);
      if (stale >= options.patience && decays < maxDecays) {
        decays++;
        stale = 0;
        hooks.restore();
        hooks.decayLearningRate!(factor);
        hooks.log(
          `${name}: plateau at epoch ${epoch}; back to epoch ${bestEpoch}, learning rate × ${factor} (${decays}/${maxDecays})`,
        );
      } else if (stale >= options.patience) {
        hooks.log(`${name}: early stop at epoch ${epoch}, best epoch ${bestEpoch} (valid ndcg@10 ${best.toFixed(4)})`);
        break;
      }
    } else if (epoch % 10 === 0) {
      hooks.log(line);
    }
  }
  hooks.restore();
  return {
    epochs: Math.min(epoch, options.epochs),
    bestEpoch,
    bestValidation: haveValidation ? best : undefined,
    secondsPerEpoch: spent / Math.max(1, Math.min(epoch, options.epochs)),
  };
}
