/**
 * Local sentence-transformer (e.g. all-MiniLM-L6-v2, bge-small, e5-small exported to ONNX) run
 * in-process by @huggingface/transformers on onnxruntime-node. The model folder holds config.json,
 * tokenizer.json (+ tokenizer_config.json) and onnx/model.onnx, the layout of Hugging Face ONNX
 * exports. Remote models are switched off, so a missing file is an error, never a download. Sentence
 * vectors are the attention-mask-weighted mean of the token states (Reimers & Gurevych 2019,
 * Sentence-BERT: mean pooling is the sentence-transformers default), or the [CLS] state, then L2
 * normalised.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type * as TransformersModule from '@huggingface/transformers';
import { AppError, BadInputError, UnavailableError } from '../domain/errors';
import { normalizeInPlace } from '../domain/vectors';
import type { TextEncoder } from './encoder';

export interface OnnxEncoderOptions {
  modelDir: string;
  /** Stable name for modelId; default the folder name. */
  modelName?: string;
  pooling?: 'mean' | 'cls';
  batchSize?: number;
  maxLength?: number;
  /** Weight precision of the exported file: fp32 → onnx/model.onnx, q8 → onnx/model_quantized.onnx. */
  dtype?: 'fp32' | 'fp16' | 'q8' | 'int8' | 'uint8' | 'q4';
  /** Base name inside onnx/ (default "model"). */
  modelFileName?: string;
  /** Intra-op threads for onnxruntime (default: its own choice). */
  threads?: number;
}

export const ONNX_DEFAULTS = { pooling: 'mean' as const, batchSize: 32, maxLength: 256, dtype: 'fp32' as const };

type Transformers = typeof TransformersModule;
interface TensorLike {
  data: ArrayLike<number | bigint>;
  dims: number[];
}

/** Mean (mask-weighted) or CLS pooling of [batch, seq, dim] states; rows L2-normalised. */
export function poolHiddenStates(
  states: TensorLike,
  mask: TensorLike | undefined,
  pooling: 'mean' | 'cls',
): Float32Array[] {
  const [batch, seq, dim] = states.dims;
  if (batch === undefined || seq === undefined || dim === undefined) {
    throw new RangeError(`hidden states must be [batch, seq, dim] (got [${states.dims.join(', ')}])`);
  }
  if (pooling === 'mean' && !mask)
    throw new RangeError('mean pooling needs the attention mask (the tokenizer returned none)');
  const out: Float32Array[] = [];
  for (let b = 0; b < batch; b++) {
    const v = new Float32Array(dim);
    if (pooling === 'cls') {
      for (let k = 0; k < dim; k++) v[k] = Number(states.data[b * seq * dim + k]);
    } else {
      let count = 0;
      for (let t = 0; t < seq; t++) {
        const m = Number(mask!.data[b * seq + t]);
        if (m === 0) continue;
        count += m;
        const base = (b * seq + t) * dim;
        for (let k = 0; k < dim; k++) v[k]! += m * Number(states.data[base + k]);
      }
      if (count > 0) for (let k = 0; k < dim; k++) v[k]! /= count;
    }
    out.push(normalizeInPlace(v) as Float32Array);
  }
  return out;
}

export class OnnxEncoder implements TextEncoder {
  private constructor(
    readonly modelId: string,
    readonly dimension: number,
    private readonly tokenizer: (texts: string[], options: object) => Record<string, TensorLike>,
    private readonly model: { (inputs: object): Promise<Record<string, TensorLike>>; dispose?: () => Promise<unknown> },
    private readonly options: Required<Pick<OnnxEncoderOptions, 'pooling' | 'batchSize' | 'maxLength'>>,
  ) {}

  static async load(options: OnnxEncoderOptions): Promise<OnnxEncoder> {
    if (!options.modelDir)
      throw new BadInputError('modelDir', 'modelDir must be set for the onnx encoder', options.modelDir);
    const dir = resolve(options.modelDir);
    const dtype = options.dtype ?? ONNX_DEFAULTS.dtype;
    for (const file of ['config.json', 'tokenizer.json']) {
      if (!existsSync(join(dir, file))) throw new UnavailableError(`embedding model folder ${dir} has no ${file}`);
    }
    let hf: Transformers;
    try {
      hf = await import('@huggingface/transformers');
    } catch (error) {
      throw new UnavailableError(
        `@huggingface/transformers (onnxruntime-node) cannot be loaded: ${(error as Error).message}`,
        error,
      );
    }
    hf.env.allowRemoteModels = false;
    hf.env.allowLocalModels = true;
    const pretrained = { local_files_only: true };
    let tokenizer: unknown;
    let model: unknown;
    try {
      tokenizer = await hf.AutoTokenizer.from_pretrained(dir, pretrained);
      model = await hf.AutoModel.from_pretrained(dir, {
        ...pretrained,
        dtype,
        device: 'cpu',
        ...(options.modelFileName ? { model_file_name: options.modelFileName } : {}),
        ...(options.threads ? { session_options: { intraOpNumThreads: options.threads, interOpNumThreads: 1 } } : {}),
      } as Parameters<Transformers['AutoModel']['from_pretrained']>[1]);
    } catch (error) {
      throw new UnavailableError(`cannot load the ONNX embedding model in ${dir}: ${(error as Error).message}`, error);
    }
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as {
      hidden_size?: number;
      dim?: number;
      d_model?: number;
    };
    const pooling = options.pooling ?? ONNX_DEFAULTS.pooling;
    const name = options.modelName ?? basename(dir);
    const encoder = new OnnxEncoder(
      `onnx:${name}:${dtype}:${pooling}`,
      config.hidden_size ?? config.dim ?? config.d_model ?? 0,
      tokenizer as never,
      model as never,
      {
        pooling,
        batchSize: options.batchSize ?? ONNX_DEFAULTS.batchSize,
        maxLength: options.maxLength ?? ONNX_DEFAULTS.maxLength,
      },
    );
    if (encoder.dimension === 0)
      (encoder as { dimension: number }).dimension = (await encoder.embed(['probe']))[0]!.length;
    return encoder;
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += this.options.batchSize) {
      const batch = texts.slice(start, start + this.options.batchSize).map((t) => (t.length > 0 ? t : ' '));
      const inputs = this.tokenizer(batch, { padding: true, truncation: true, max_length: this.options.maxLength });
      const outputs = await this.model(inputs);
      const states = outputs.last_hidden_state ?? outputs.token_embeddings;
      if (!states || states.dims.length !== 3) {
        throw new AppError(
          'INTERNAL_SERVER_ERROR',
          `ONNX model ${this.modelId} has no [batch, seq, dim] output (got ${Object.keys(outputs).join(', ')})`,
        );
      }
      out.push(...poolHiddenStates(states, inputs.attention_mask, this.options.pooling));
    }
    return out;
  }

  async close(): Promise<void> {
    await this.model.dispose?.();
  }
}
