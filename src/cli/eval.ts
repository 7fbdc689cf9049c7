/**
 * npm run eval -- --dataset lastfm --dir ../shared/data/lastfm-2k --model lightgcn --seeds 1,2,3 --out r.json
 * npm run eval -- --dataset jsonl --file data.jsonl --model ease
 * npm run eval -- --dataset movielens-tmdb --protocol cold-items --model content
 *
 * Flags are parsed by node:util parseArgs (strict: an unknown flag is an error; --help prints USAGE).
 * --protocol warm (default) | cold-items (docs/evaluation.md). Options: --config <file.json> (default config/models/<model>.json), --set key=value (override one
 * hyperparameter, repeatable; for tuning on validation), --backend node-gpu|node|wasm|cpu
 * (default: TFJS_BACKEND, else the best available), --cache <dir> (reuse trained embeddings of
 * components across runs on the same split and options). Prints progress, then a Markdown table; writes the
 * JSON report to --out.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs as parseFlags } from 'node:util';
import { loadConfig as loadAppConfig } from '../config/config';
import { encoderOptions } from '../config/encoder-options';
import { AppError, BadInputError } from '../domain/errors';
import { fileEmbeddingCache } from '../eval/embedding-cache';
import type { Dataset } from '../eval/dataset';
import { loadJsonl } from '../eval/jsonl';
import { loadLastfm } from '../eval/lastfm';
import { loadMovielensTmdb } from '../eval/movielens-tmdb';
import { isProtocol, PROTOCOLS, type Protocol } from '../eval/protocol';
import { cachedTextEncoder } from '../eval/text-vector-cache';
import { markdownPerSeed, markdownTable } from '../eval/report';
import { keepReport } from '../eval/report-file';
import { evalReport, runEvaluation, type EvalRunOptions } from '../eval/run';
import { initBackend, isBackendName } from '../models/backend';
import { addOverride, parseOverride, resolveModelConfig } from '../config/model-config';
import { weighCommentBySentiment } from '../text/sentiment';
import { EVAL_MODELS } from '../eval/models';
import { checkKeepShare, keepShareOfPairs } from '../eval/sparsify';
import { catalogueEntry, modelNames } from '../models/catalogue';
import type { ItemTextEncoder } from '../models/types';
import { createEncoder } from '../text/create-encoder';
import type { TextEncoder } from '../text/encoder';

export const DATASETS = ['lastfm', 'jsonl', 'movielens-tmdb'] as const;
type DatasetName = (typeof DATASETS)[number];
const DEFAULT_DIRS: Record<Exclude<DatasetName, 'jsonl'>, string> = {
  lastfm: 'lastfm-2k',
  'movielens-tmdb': 'movielens-tmdb',
};

export const USAGE = `usage: npm run eval -- --model <name> [options]
  --model <name>         the model to evaluate (required; a wrong name lists them)
  --dataset <name>       lastfm (default), jsonl or movielens-tmdb
  --dir <dir>            dataset folder (default ../shared/data/lastfm-2k or ../shared/data/movielens-tmdb)
  --file <file>          JSONL file, with --dataset jsonl
  --protocol <name>      warm (default: per-user 80/10/10, full ranking), cold-items (new uploads only) or
                         full-feed (new uploads among the rest; reports the cold items' shares) — docs/evaluation.md
  --seeds <list>         comma-separated integer seeds (default 1,2,3)
  --out <file>           write the JSON report there, after every seed (SIGTERM/SIGINT: the seeds done, exit 143/130)
  --config <file>        hyperparameters (default config/models/<model>.json)
  --set <key=value>      override one hyperparameter (repeatable)
  --backend <name>       tfjs backend: node-gpu, node, wasm or cpu (default TFJS_BACKEND, else the best available)
  --cache <dir>          reuse trained component embeddings across runs
  --text-cache <dir>     text vectors of content models (default <EMBEDDING_CACHE_DIR>/text-vectors)
  --keep-share <p>       keep a seeded share p of every user's pairs (a sparse catalogue from the data at hand)
  --help                 print this and exit
Content models encode item text with the configured encoder (EMBEDDING_KIND: transformer by default, word-vectors, hashing, …).`;

export interface Args {
  help: boolean;
  dataset: DatasetName;
  dir?: string;
  file?: string;
  protocol: Protocol;
  model: string;
  seeds: number[];
  out?: string;
  config?: string;
  set: Record<string, unknown>;
  backend?: string;
  cache?: string;
  textCache?: string;
  /** --keep-share: the share of every user's pairs kept (eval/sparsify.ts); absent: all. */
  keepShare?: number;
}

const FLAGS = {
  model: { type: 'string' },
  dataset: { type: 'string' },
  dir: { type: 'string' },
  file: { type: 'string' },
  protocol: { type: 'string' },
  seeds: { type: 'string' },
  out: { type: 'string' },
  config: { type: 'string' },
  set: { type: 'string', multiple: true },
  backend: { type: 'string' },
  cache: { type: 'string' },
  'text-cache': { type: 'string' },
  'keep-share': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** node:util's parse errors as typed errors naming the flag (or argument) and the rule. */
function flagError(error: unknown): never {
  const e = error as { code?: string; message?: string };
  const named = /'([^']*)'/.exec(e.message ?? '')?.[1] ?? 'argv';
  const flag = named.replace(/ <value>$/, '').replace(/^-\w, /, ''); // "-h, --help" → "--help"
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      throw new BadInputError(
        flag,
        `unknown flag ${flag} (expected ${Object.keys(FLAGS)
          .map((f) => `--${f}`)
          .join(', ')})`,
        flag,
      );
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const spec = (FLAGS as Record<string, { type: string }>)[flag.replace(/^--?/, '')];
      throw new BadInputError(
        flag,
        spec?.type === 'boolean' ? `${flag} takes no value` : `${flag} needs a value`,
        flag,
      );
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      throw new BadInputError('argv', `unexpected argument ${flag} (every option is a --flag; see --help)`, flag);
    default:
      throw error;
  }
}

export function parseArgs(argv: readonly string[]): Args {
  let values: ReturnType<
    typeof parseFlags<{ args: string[]; options: typeof FLAGS; strict: true; allowPositionals: false }>
  >['values'];
  try {
    values = parseFlags({ args: [...argv], options: FLAGS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    flagError(error);
  }
  const args: Args = {
    help: values.help ?? false,
    dataset: 'lastfm',
    protocol: 'warm',
    model: values.model ?? '',
    seeds: [1, 2, 3],
    set: {},
  };
  if (args.help) return args;
  for (const key of ['dir', 'file', 'out', 'config', 'backend', 'cache'] as const)
    if (values[key] !== undefined) args[key] = values[key];
  if (values['text-cache'] !== undefined) args.textCache = values['text-cache'];
  if (values['keep-share'] !== undefined) args.keepShare = checkKeepShare(values['keep-share']);
  if (values.seeds !== undefined) {
    const v = values.seeds;
    const seeds = v.split(',').map((s) => Number(s.trim()));
    if (v.trim() === '' || seeds.some((s) => !Number.isInteger(s))) {
      throw new BadInputError('--seeds', `--seeds must be a comma-separated list of integers (got ${v})`, v);
    }
    args.seeds = seeds;
  }
  for (const text of values.set ?? []) {
    const [key, parsed] = parseOverride(text);
    addOverride(args.set, key, parsed);
  }
  if (!args.model)
    throw new BadInputError('--model', `--model is required (one of ${modelNames(EVAL_MODELS).join(', ')})`);
  if (!modelNames(EVAL_MODELS).includes(args.model))
    throw new BadInputError(
      '--model',
      `--model must be one of ${modelNames(EVAL_MODELS).join(', ')} (got ${args.model})`,
      args.model,
    );
  const dataset = values.dataset ?? 'lastfm';
  if (!(DATASETS as readonly string[]).includes(dataset))
    throw new BadInputError('--dataset', `--dataset must be one of ${DATASETS.join(', ')} (got ${dataset})`, dataset);
  args.dataset = dataset as DatasetName;
  const protocol = values.protocol ?? 'warm';
  if (!isProtocol(protocol))
    throw new BadInputError(
      '--protocol',
      `--protocol must be one of ${PROTOCOLS.join(', ')} (got ${protocol})`,
      protocol,
    );
  args.protocol = protocol;
  if (args.dataset === 'jsonl' && !args.file)
    throw new BadInputError('--file', '--file is required with --dataset jsonl');
  if (args.backend !== undefined && !isBackendName(args.backend))
    throw new BadInputError(
      '--backend',
      `--backend must be node-gpu, node, wasm or cpu (got ${args.backend})`,
      args.backend,
    );
  return args;
}

/**
 * The configured encoder (EMBEDDING_KIND …), created on first use so models without text never load
 * a transformer, behind the (modelId, text) vector cache.
 */
function configuredTextEncoder(
  cacheDir: string | undefined,
  log: (line: string) => void,
): ItemTextEncoder & { close(): Promise<void> } {
  const embedding = loadAppConfig().embedding;
  let encoder: Promise<TextEncoder> | undefined;
  let cached: ItemTextEncoder | undefined;
  const get = async (): Promise<ItemTextEncoder> => {
    const e = await (encoder ??= createEncoder({ ...encoderOptions(embedding), log: { info: log, warn: log } }));
    return (cached ??= cachedTextEncoder(e, cacheDir ?? join(embedding.cacheDir, 'text-vectors'), { log }));
  };
  return {
    get modelId() {
      return cached?.modelId ?? `${embedding.kind} (not loaded yet)`;
    },
    embed: async (texts) => (await get()).embed(texts),
    close: async () => {
      if (encoder) await (await encoder).close?.();
    },
  };
}

/** The model's options: defaults ← config file ← --set, every unknown or mistyped key in one ConfigError. */
function loadConfig(args: Args): Record<string, unknown> {
  if (args.config && !existsSync(args.config))
    throw new BadInputError('--config', `--config file does not exist (got ${args.config})`, args.config);
  return resolveModelConfig(EVAL_MODELS, args.model, {
    ...(args.config ? { file: args.config } : {}),
    overrides: args.set,
  });
}

/** The JSONL dataset as the importer would write it; rows the importer would skip are listed, not fatal. */
async function loadJsonlLogged(file: string, log: (line: string) => void): Promise<Dataset> {
  const { dataset, bad } = await loadJsonl(file, { weighComment: weighCommentBySentiment });
  if (bad.length > 0) {
    log(`${bad.length} rows skipped, as \`npm run import\` would skip them; the first ones:`);
    for (const b of bad.slice(0, 10)) log(`  ${b.file}:${b.line} (${b.entity}) ${b.message}`);
  }
  return dataset;
}

async function loadDataset(args: Args, log: (line: string) => void): Promise<Dataset> {
  if (args.dataset === 'jsonl') return loadJsonlLogged(args.file!, log);
  const dir = args.dir ?? resolve('..', 'shared', 'data', DEFAULT_DIRS[args.dataset]);
  if (!existsSync(dir))
    throw new BadInputError('--dir', `--dir must be an existing ${args.dataset} directory (got ${dir})`, dir);
  return args.dataset === 'lastfm' ? loadLastfm(dir) : loadMovielensTmdb(dir);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const envBackend = process.env['TFJS_BACKEND'];
  const preferred = args.backend ?? (envBackend ? envBackend : undefined);
  if (preferred !== undefined && !isBackendName(preferred))
    throw new BadInputError(
      'TFJS_BACKEND',
      `TFJS_BACKEND must be node-gpu, node, wasm or cpu (got ${preferred})`,
      preferred,
    );
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const config = loadConfig(args);
  let backend = 'none';
  if (catalogueEntry(EVAL_MODELS, args.model).tfjs)
    backend = (await initBackend({ ...(preferred ? { preferred } : {}), log })).name;
  const loaded = await loadDataset(args, log);
  const dataset = args.keepShare === undefined ? loaded : keepShareOfPairs(loaded, args.keepShare);
  log(
    `${dataset.name}: ${dataset.userIds.length} users, ${dataset.itemIds.length} items, ${dataset.pairs.user.length} pairs · protocol ${args.protocol} · model ${args.model} ${JSON.stringify(config)}`,
  );
  const textEncoder = configuredTextEncoder(args.textCache, log);
  const options: EvalRunOptions = {
    model: args.model,
    config,
    seeds: args.seeds,
    ks: [10, 20],
    backend,
    log,
    protocol: args.protocol,
    textEncoder,
    ...(args.cache ? { embeddingCache: fileEmbeddingCache(args.cache) } : {}),
  };
  // --out is rewritten after every seed; SIGTERM/SIGINT write the seeds done and exit non-zero.
  const keeper = keepReport(args.out, evalReport(dataset, options, []), { log });
  const report = await runEvaluation(dataset, { ...options, onSeed: (r) => keeper.update(r) }).finally(() => {
    keeper.dispose();
    return textEncoder.close();
  });
  process.stdout.write(`${markdownTable([report])}\n\n${markdownPerSeed(report)}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    if (error instanceof AppError) process.stderr.write(`error [${error.code}]: ${error.message}\n`);
    else process.stderr.write(`error: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(error instanceof AppError && error.code === 'BAD_USER_INPUT' ? 2 : 1);
  });
}
