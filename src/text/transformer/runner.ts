/**
 * One loaded copy of a model on the active tfjs backend: a padded batch of token ids in, pooled and
 * L2-normalised sentence vectors out (row-major [batch, dimension]). The in-process encoder and each
 * worker thread (worker.ts) hold one. Every intermediate tensor is freed inside `run`; the weights
 * are the only tensors that stay, until `close`.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { bertForward, disposeBertWeights, loadBertWeights, type BertWeights } from './bert';
import type { ModelFolder } from './model-folder';
import { poolAndNormalize } from './pooling';
import { parseSafetensors } from './safetensors';

export interface TensorMemory {
  numTensors: number;
  numBytes: number;
}

export interface BatchRunner {
  run(ids: Int32Array, mask: Float32Array, batch: number, length: number): Promise<Float32Array>;
  /** tfjs tensors and bytes held where the batches run (only the weights between calls). */
  memory(): Promise<TensorMemory[]>;
  close(): Promise<void>;
}

/** Uploads the folder's weights to the current tfjs backend. */
export function loadRunner(folder: ModelFolder): BatchRunner {
  let weights: BertWeights | undefined = loadBertWeights(
    parseSafetensors(readFileSync(folder.weightsPath), folder.weightsPath),
    folder.bert,
  );
  return {
    async run(ids, mask, batch, length) {
      const loaded = weights;
      if (!loaded) throw new Error('the model runner is closed');
      const pooled = tf.tidy(() =>
        poolAndNormalize(bertForward(loaded, ids, mask, batch, length), mask, folder.pooling),
      );
      try {
        return Float32Array.from(await pooled.data());
      } finally {
        pooled.dispose();
      }
    },
    async memory() {
      const { numTensors, numBytes } = tf.memory();
      return [{ numTensors, numBytes }];
    },
    async close() {
      if (weights) disposeBertWeights(weights);
      weights = undefined;
    },
  };
}
