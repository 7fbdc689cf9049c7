/**
 * Reads and validates a sentence-transformers model folder (Reimers & Gurevych 2019, Sentence-BERT):
 *   modules.json                 the pipeline: Transformer → Pooling (→ Normalize)
 *   config.json                  the Hugging Face model config; must be the BERT architecture
 *   tokenizer.json (+ tokenizer_config.json)   the fast-tokenizer definition
 *   model.safetensors            the weights
 *   1_Pooling/config.json        which poolings (cls, max, mean, mean_sqrt_len), concatenated in that order
 *   sentence_bert_config.json    max_seq_length (truncation) and do_lower_case
 * BERT-family checkpoints (BERT, MiniLM, bge, e5, gte) share the architecture; anything else is
 * refused with a BadInputError naming the file and field, because running other weights through the
 * BERT forward pass would silently give wrong vectors.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { BadInputError, UnavailableError } from '../../domain/errors';

export type Activation = 'gelu' | 'gelu_tanh' | 'relu';
export type PoolingMode = 'cls' | 'max' | 'mean' | 'mean_sqrt_len';
/** sentence-transformers concatenates the enabled poolings in this order. */
export const POOLING_ORDER: readonly PoolingMode[] = ['cls', 'max', 'mean', 'mean_sqrt_len'];

export interface BertConfig {
  vocabSize: number;
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  intermediateSize: number;
  maxPositions: number;
  typeVocabSize: number;
  layerNormEps: number;
  activation: Activation;
}

export interface ModelFolder {
  /** Absolute path of the folder. */
  dir: string;
  /** The folder's name (used in modelId). */
  name: string;
  /** Folder holding config.json, tokenizer.json and the weights (the Transformer module's path). */
  transformerDir: string;
  bert: BertConfig;
  pooling: PoolingMode[];
  /** Whether modules.json ends in a Normalize module (the encoder always L2-normalises; cosine is unchanged). */
  normalize: boolean;
  /** Longest token sequence including special tokens (sentence_bert_config.json max_seq_length). */
  maxSeqLength: number;
  /** Lower-case texts before tokenising (sentence_bert_config.json do_lower_case). */
  lowerCase: boolean;
  tokenizerJson: Record<string, unknown>;
  tokenizerConfig: Record<string, unknown>;
  weightsPath: string;
  /** Raw bytes of the small files, for the folder's content hash. */
  configBytes: Buffer[];
}

const KNOWN_MODULES: Record<string, 'transformer' | 'pooling' | 'normalize'> = {
  'sentence_transformers.models.Transformer': 'transformer',
  'sentence_transformers.models.Pooling': 'pooling',
  'sentence_transformers.models.Normalize': 'normalize',
};

const ACTIVATIONS: Record<string, Activation> = {
  gelu: 'gelu',
  gelu_python: 'gelu',
  gelu_new: 'gelu_tanh',
  gelu_pytorch_tanh: 'gelu_tanh',
  relu: 'relu',
};

interface ModuleEntry {
  path?: string;
  type?: string;
}

function readJson(path: string, field: string, bytes: Buffer[]): Record<string, unknown> {
  const raw = readFileSync(path);
  bytes.push(raw);
  try {
    return JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new BadInputError(field, `${path} is not valid JSON (${(error as Error).message})`, path);
  }
}

function positiveInt(config: Record<string, unknown>, key: string, file: string): number {
  const value = config[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new BadInputError(key, `${file} ${key} must be a positive integer (got ${JSON.stringify(value)})`, value);
  }
  return value;
}

/** Checks config.json is a BERT encoder and extracts the shapes the forward pass needs. */
export function parseBertConfig(config: Record<string, unknown>, file = 'config.json'): BertConfig {
  const modelType = config.model_type;
  if (modelType !== 'bert') {
    throw new BadInputError(
      'model_type',
      `${file} model_type must be "bert" (BERT-architecture encoders: BERT, MiniLM, bge, e5, gte); got ${JSON.stringify(modelType)}`,
      modelType,
    );
  }
  const architectures = config.architectures;
  if (architectures !== undefined) {
    if (!Array.isArray(architectures) || !architectures.every((a) => typeof a === 'string' && a.startsWith('Bert'))) {
      throw new BadInputError(
        'architectures',
        `${file} architectures must name BERT classes (BertModel, ...); got ${JSON.stringify(architectures)}`,
        architectures,
      );
    }
  }
  const positionType = config.position_embedding_type ?? 'absolute';
  if (positionType !== 'absolute') {
    throw new BadInputError(
      'position_embedding_type',
      `${file} position_embedding_type must be "absolute" (got ${JSON.stringify(positionType)})`,
      positionType,
    );
  }
  const act = String(config.hidden_act ?? 'gelu');
  const activation = ACTIVATIONS[act];
  if (!activation) {
    throw new BadInputError(
      'hidden_act',
      `${file} hidden_act must be one of ${Object.keys(ACTIVATIONS).join(', ')} (got ${JSON.stringify(config.hidden_act)})`,
      config.hidden_act,
    );
  }
  const hiddenSize = positiveInt(config, 'hidden_size', file);
  const numHeads = positiveInt(config, 'num_attention_heads', file);
  if (hiddenSize % numHeads !== 0) {
    throw new BadInputError(
      'num_attention_heads',
      `${file} hidden_size ${hiddenSize} is not divisible by num_attention_heads ${numHeads}`,
      numHeads,
    );
  }
  const eps = config.layer_norm_eps ?? 1e-12;
  if (typeof eps !== 'number' || !(eps > 0))
    throw new BadInputError(
      'layer_norm_eps',
      `${file} layer_norm_eps must be a positive number (got ${JSON.stringify(eps)})`,
      eps,
    );
  return {
    vocabSize: positiveInt(config, 'vocab_size', file),
    hiddenSize,
    numLayers: positiveInt(config, 'num_hidden_layers', file),
    numHeads,
    intermediateSize: positiveInt(config, 'intermediate_size', file),
    maxPositions: positiveInt(config, 'max_position_embeddings', file),
    typeVocabSize: config.type_vocab_size === undefined ? 2 : positiveInt(config, 'type_vocab_size', file),
    layerNormEps: eps,
    activation,
  };
}

const POOLING_KEYS: Record<PoolingMode, string> = {
  cls: 'pooling_mode_cls_token',
  max: 'pooling_mode_max_tokens',
  mean: 'pooling_mode_mean_tokens',
  mean_sqrt_len: 'pooling_mode_mean_sqrt_len_tokens',
};

/** The enabled pooling modes of a 1_Pooling/config.json, in sentence-transformers' concatenation order. */
export function parsePoolingConfig(config: Record<string, unknown>, file = '1_Pooling/config.json'): PoolingMode[] {
  for (const unsupported of ['pooling_mode_weightedmean_tokens', 'pooling_mode_lasttoken']) {
    if (config[unsupported] === true)
      throw new BadInputError(
        unsupported,
        `${file} ${unsupported} is not supported (cls, max, mean and mean_sqrt_len are)`,
        true,
      );
  }
  const modes = POOLING_ORDER.filter((mode) => config[POOLING_KEYS[mode]] === true);
  if (modes.length === 0) throw new BadInputError('pooling_mode', `${file} enables no pooling mode`, config);
  return modes;
}

export interface ModelFolderOptions {
  /** Truncation length override; at most the folder's own limit and max_position_embeddings. */
  maxLength?: number;
}

/** Reads the folder's small files; throws UnavailableError when files are missing, BadInputError when they are wrong. */
export function readModelFolder(folder: string, options: ModelFolderOptions = {}): ModelFolder {
  const dir = resolve(folder);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UnavailableError(
      `embedding model folder ${dir} does not exist (run \`npm run model:fetch\`, or set EMBEDDING_MODEL_DIR to a sentence-transformers folder)`,
    );
  }
  const bytes: Buffer[] = [];
  let modules: ModuleEntry[] = [
    { path: '', type: 'sentence_transformers.models.Transformer' },
    { path: '1_Pooling', type: 'sentence_transformers.models.Pooling' },
  ];
  if (existsSync(join(dir, 'modules.json'))) {
    const parsed = readJson(join(dir, 'modules.json'), 'modules.json', bytes) as unknown;
    if (!Array.isArray(parsed))
      throw new BadInputError('modules.json', `${join(dir, 'modules.json')} must be a JSON array of modules`, parsed);
    modules = parsed as ModuleEntry[];
  }
  const kinds = modules.map((m) => KNOWN_MODULES[String(m.type)]);
  const unknown = modules.filter((_, i) => kinds[i] === undefined).map((m) => m.type);
  if (unknown.length > 0 || kinds[0] !== 'transformer') {
    throw new BadInputError(
      'modules.json',
      `${join(dir, 'modules.json')} must be Transformer, Pooling and optionally Normalize (got ${modules.map((m) => m.type).join(', ')})`,
      unknown.length > 0 ? unknown : modules.map((m) => m.type),
    );
  }
  const transformerDir = join(dir, modules[0]!.path ?? '');
  const poolingEntry = modules.find((_, i) => kinds[i] === 'pooling');
  const need = (path: string): string => {
    if (!existsSync(path))
      throw new UnavailableError(
        `embedding model folder ${dir} is incomplete: ${path} is missing (run \`npm run model:fetch\`)`,
      );
    return path;
  };

  const configPath = need(join(transformerDir, 'config.json'));
  const bert = parseBertConfig(readJson(configPath, 'config.json', bytes), configPath);
  const pooling = poolingEntry
    ? parsePoolingConfig(readJson(need(join(dir, poolingEntry.path ?? '1_Pooling', 'config.json')), 'pooling', bytes))
    : (['mean'] as PoolingMode[]);
  const tokenizerJson = readJson(need(join(transformerDir, 'tokenizer.json')), 'tokenizer.json', bytes);
  const tokenizerConfigPath = join(transformerDir, 'tokenizer_config.json');
  const tokenizerConfig = existsSync(tokenizerConfigPath)
    ? readJson(tokenizerConfigPath, 'tokenizer_config.json', bytes)
    : {};
  const stPath = join(transformerDir, 'sentence_bert_config.json');
  const st = existsSync(stPath) ? readJson(stPath, 'sentence_bert_config.json', bytes) : {};
  const folderMax = typeof st.max_seq_length === 'number' ? st.max_seq_length : bert.maxPositions;
  const limit = Math.min(folderMax, bert.maxPositions);
  if (
    options.maxLength !== undefined &&
    (!Number.isInteger(options.maxLength) || options.maxLength < 2 || options.maxLength > limit)
  ) {
    throw new BadInputError(
      'maxLength',
      `maxLength must be an integer between 2 and ${limit} for ${basename(dir)} (got ${options.maxLength})`,
      options.maxLength,
    );
  }
  return {
    dir,
    name: basename(dir),
    transformerDir,
    bert,
    pooling,
    normalize: kinds.includes('normalize'),
    maxSeqLength: options.maxLength ?? limit,
    lowerCase: st.do_lower_case === true,
    tokenizerJson,
    tokenizerConfig,
    weightsPath: need(join(transformerDir, 'model.safetensors')),
    configBytes: bytes,
  };
}
