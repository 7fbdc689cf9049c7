/**
 * Sentence-transformer encoder run in TensorFlow.js (Reimers & Gurevych 2019, Sentence-BERT): a
 * BERT-architecture model folder (model-folder.ts) → tokenizer.json ids (tokenizer.ts) → the BERT
 * encoder (bert.ts) → the folder's pooling, L2-normalised (pooling.ts). all-MiniLM-L6-v2 is the
 * default model (`npm run model:fetch`); any compatible folder plugs in through `modelDir`.
 *
 * modelId = transformer:<folder name>:<12 hex of sha256 over the folder's config, tokenizer and
 * weight files>:L<max length>:<pooling>; the hash is of file contents, so the id is the same on every
 * machine for the same files and changes with any retrained weight, which keeps (modelId, textHash)
 * a sound cache key.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { BadInputError } from '../../domain/errors';
import { initBackend, type BackendName } from '../../models/backend';
import type { TextEncoder } from '../encoder';
import { planBatches, padBatch } from './batching';
import { bertForward, disposeBertWeights, loadBertWeights, type BertWeights } from './bert';
import { readModelFolder, type ModelFolder } from './model-folder';
import { poolAndNormalize } from './pooling';
import { parseSafetensors } from './safetensors';
import { createSentenceTokenizer, type SentenceTokenizer } from './tokenizer';

export interface TransformerEncoderOptions {
  /** A sentence-transformers folder (config.json, tokenizer.json, model.safetensors, modules.json, 1_Pooling/). */
  modelDir: string;
  /** Truncation length in tokens (default: the folder's max_seq_length). */
  maxLength?: number;
  /** Most texts per forward pass. */
  batchSize?: number;
  /** Most padded tokens per forward pass (bounds memory and the time one pass holds the event loop). */
  maxBatchTokens?: number;
  /** tfjs backend (default: the best available, node-gpu → node → wasm → cpu). */
  backend?: BackendName;
  log?: (line: string) => void;
}

export const TRANSFORMER_DEFAULTS = { batchSize: 64, maxBatchTokens: 4096 };

export class TransformerEncoder implements TextEncoder {
  private weights: BertWeights | undefined;

  private constructor(
    readonly modelId: string,
    readonly dimension: number,
    readonly folder: ModelFolder,
    readonly backend: BackendName,
    private readonly tokenizer: SentenceTokenizer,
    weights: BertWeights,
    private readonly batching: { batchSize: number; maxBatchTokens: number },
  ) {
    this.weights = weights;
  }

  static async load(options: TransformerEncoderOptions): Promise<TransformerEncoder> {
    const batchSize = options.batchSize ?? TRANSFORMER_DEFAULTS.batchSize;
    const maxBatchTokens = options.maxBatchTokens ?? TRANSFORMER_DEFAULTS.maxBatchTokens;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new BadInputError('batchSize', `batchSize must be a positive integer (got ${batchSize})`, batchSize);
    if (!Number.isInteger(maxBatchTokens) || maxBatchTokens < 1) {
      throw new BadInputError('maxBatchTokens', `maxBatchTokens must be a positive integer (got ${maxBatchTokens})`, maxBatchTokens);
    }
    const folder = readModelFolder(options.modelDir, { maxLength: options.maxLength });
    const tokenizer = createSentenceTokenizer(folder.tokenizerJson, folder.tokenizerConfig, { maxLength: folder.maxSeqLength, lowerCase: folder.lowerCase });
    const backend = await initBackend({ preferred: options.backend, log: options.log });
    const bytes = readFileSync(folder.weightsPath);
    const hash = createHash('sha256');
    for (const part of [...folder.configBytes, bytes]) hash.update(`${part.length}:`).update(part);
    const weights = loadBertWeights(parseSafetensors(bytes, folder.weightsPath), folder.bert);
    const modelId = `transformer:${folder.name}:${hash.digest('hex').slice(0, 12)}:L${folder.maxSeqLength}:${folder.pooling.join('+')}`;
    options.log?.(`text encoder ${modelId} on ${backend.name}`);
    return new TransformerEncoder(modelId, folder.bert.hiddenSize * folder.pooling.length, folder, backend.name, tokenizer, weights, { batchSize, maxBatchTokens });
  }

  /** Token ids (with special tokens, truncated) as the model sees them. */
  tokenize(text: string): number[] {
    return this.tokenizer.encode(text);
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    const weights = this.weights;
    if (!weights) throw new BadInputError('encoder', `text encoder ${this.modelId} is closed`, this.modelId);
    const sequences = texts.map((text) => this.tokenizer.encode(text));
    const out = new Array<Float32Array>(texts.length);
    const batches = planBatches(sequences.map((s) => s.length), this.batching);
    for (const [b, indices] of batches.entries()) {
      const { ids, mask, length } = padBatch(indices.map((i) => sequences[i]!), this.tokenizer.padId);
      const pooled = tf.tidy(() => {
        const states = bertForward(weights, ids, mask, indices.length, length);
        return poolAndNormalize(states, mask, this.folder.pooling);
      });
      const flat = await pooled.data();
      pooled.dispose();
      indices.forEach((index, row) => {
        out[index] = Float32Array.from(flat.subarray(row * this.dimension, (row + 1) * this.dimension));
      });
      // Let I/O run between passes: a long job must not starve the server sharing this process.
      if (b + 1 < batches.length) await new Promise((resolve) => setImmediate(resolve));
    }
    return out;
  }

  async close(): Promise<void> {
    if (this.weights) disposeBertWeights(this.weights);
    this.weights = undefined;
  }
}
