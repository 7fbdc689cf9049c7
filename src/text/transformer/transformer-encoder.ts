/**
 * Sentence-transformer encoder run in TensorFlow.js (Reimers & Gurevych 2019, Sentence-BERT): a
 * BERT-architecture model folder (model-folder.ts) → tokenizer.json ids (tokenizer.ts) → the BERT
 * encoder (bert.ts) → the folder's pooling, L2-normalised (pooling.ts). all-MiniLM-L6-v2 is the
 * default model (`npm run model:fetch`); any compatible folder plugs in through `modelDir`.
 *
 * On the wasm and cpu backends (one thread each in Node) batches run on a pool of worker threads,
 * one model copy each (worker-pool.ts), which uses every core and leaves the event loop free; on
 * the native backends (multi-threaded TensorFlow, or a GPU) they run in-process.
 *
 * modelId = transformer:<folder name>:<12 hex of sha256 over the folder's config, tokenizer and
 * weight files>:L<max length>:<pooling>; the hash is of file contents, so the id is the same on every
 * machine for the same files and changes with any retrained weight, which keeps (modelId, textHash)
 * a sound cache key.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { availableParallelism } from 'node:os';
import { BadInputError } from '../../domain/errors';
import { initBackend, type BackendName } from '../../models/backend';
import type { TextEncoder } from '../encoder';
import { planBatches, padBatch } from './batching';
import { readModelFolder, type ModelFolder } from './model-folder';
import { loadRunner, type BatchRunner, type TensorMemory } from './runner';
import { createSentenceTokenizer, type SentenceTokenizer } from './tokenizer';
import { startWorkerPool } from './worker-pool';

export interface TransformerEncoderOptions {
  /** A sentence-transformers folder (config.json, tokenizer.json, model.safetensors, modules.json, 1_Pooling/). */
  modelDir: string;
  /** Truncation length in tokens (default: the folder's max_seq_length). */
  maxLength?: number;
  /** Most texts per forward pass. */
  batchSize?: number;
  /** Most padded tokens per forward pass (bounds memory and the time one pass takes). */
  maxBatchTokens?: number;
  /** tfjs backend (default: the best available, node-gpu → node → wasm → cpu). */
  backend?: BackendName;
  /** Worker threads (0 = run in this thread); default: the cores, at most 4, on wasm/cpu; 0 on native backends. */
  threads?: number;
  log?: (line: string) => void;
}

export const TRANSFORMER_DEFAULTS = { batchSize: 64, maxBatchTokens: 2048, maxThreads: 4 };

function positiveInt(value: number, field: string, min = 1): number {
  if (!Number.isInteger(value) || value < min)
    throw new BadInputError(field, `${field} must be an integer ≥ ${min} (got ${value})`, value);
  return value;
}

async function contentHash(folder: ModelFolder): Promise<string> {
  const hash = createHash('sha256');
  for (const part of folder.configBytes) hash.update(`${part.length}:`).update(part);
  hash.update('weights:');
  for await (const chunk of createReadStream(folder.weightsPath)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export class TransformerEncoder implements TextEncoder {
  private constructor(
    readonly modelId: string,
    readonly dimension: number,
    readonly folder: ModelFolder,
    readonly backend: BackendName,
    /** Worker threads computing batches (0 = in this thread). */
    readonly threads: number,
    private readonly tokenizer: SentenceTokenizer,
    private readonly runner: BatchRunner,
    private readonly batching: { batchSize: number; maxBatchTokens: number },
  ) {}

  static async load(options: TransformerEncoderOptions): Promise<TransformerEncoder> {
    const batchSize = positiveInt(options.batchSize ?? TRANSFORMER_DEFAULTS.batchSize, 'batchSize');
    const maxBatchTokens = positiveInt(options.maxBatchTokens ?? TRANSFORMER_DEFAULTS.maxBatchTokens, 'maxBatchTokens');
    const folder = readModelFolder(options.modelDir, { maxLength: options.maxLength });
    const tokenizer = createSentenceTokenizer(folder.tokenizerJson, folder.tokenizerConfig, {
      maxLength: folder.maxSeqLength,
      lowerCase: folder.lowerCase,
    });
    const backend = (await initBackend({ preferred: options.backend, log: options.log })).name;
    const singleThreaded = backend === 'wasm' || backend === 'cpu';
    const threads = positiveInt(
      options.threads ?? (singleThreaded ? Math.min(availableParallelism(), TRANSFORMER_DEFAULTS.maxThreads) : 0),
      'threads',
      0,
    );
    const hash = await contentHash(folder);
    const runner =
      threads > 0
        ? await startWorkerPool({ modelDir: folder.dir, maxLength: folder.maxSeqLength, backend }, threads)
        : loadRunner(folder);
    const modelId = `transformer:${folder.name}:${hash.slice(0, 12)}:L${folder.maxSeqLength}:${folder.pooling.join('+')}`;
    options.log?.(`text encoder ${modelId} on ${backend}${threads > 0 ? ` (${threads} worker threads)` : ''}`);
    const dimension = folder.bert.hiddenSize * folder.pooling.length;
    return new TransformerEncoder(modelId, dimension, folder, backend, threads, tokenizer, runner, {
      batchSize,
      maxBatchTokens,
    });
  }

  /** Token ids (with special tokens, truncated) as the model sees them. */
  tokenize(text: string): number[] {
    return this.tokenizer.encode(text);
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    const sequences = texts.map((text) => this.tokenizer.encode(text));
    const out = new Array<Float32Array>(texts.length);
    const runBatch = async (indices: number[]): Promise<void> => {
      const { ids, mask, length } = padBatch(
        indices.map((i) => sequences[i]!),
        this.tokenizer.padId,
      );
      const flat = await this.runner.run(ids, mask, indices.length, length);
      indices.forEach((index, row) => {
        out[index] = flat.slice(row * this.dimension, (row + 1) * this.dimension);
      });
    };
    const batches = planBatches(
      sequences.map((s) => s.length),
      this.batching,
    );
    if (this.threads > 0) {
      await Promise.all(batches.map(runBatch)); // the pool queues them
    } else {
      for (const [b, indices] of batches.entries()) {
        await runBatch(indices);
        // Let I/O run between passes: a long job must not starve a server sharing this thread.
        if (b + 1 < batches.length) await new Promise((resolve) => setImmediate(resolve));
      }
    }
    return out;
  }

  /** tfjs memory where the batches run: this thread, or each worker. */
  memory(): Promise<TensorMemory[]> {
    return this.runner.memory();
  }

  async close(): Promise<void> {
    await this.runner.close();
  }
}
