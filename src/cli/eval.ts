/**
 * npm run eval -- --dataset lastfm --dir ../shared/data/lastfm-2k --model lightgcn --seeds 1,2,3 --out r.json
 * npm run eval -- --dataset jsonl --file data.jsonl --model ease
 *
 * Options: --config <file.json> (default config/models/<model>.json), --set key=value (override one
 * hyperparameter, repeatable; for tuning on validation), --backend node-gpu|node|wasm|cpu
 * (default: TFJS_BACKEND, else the best available), --cache <dir> (reuse trained embeddings of
 * components across runs on the same split and options). Prints progress, then a Markdown table; writes the
 * JSON report to --out.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { AppError, BadInputError } from '../domain/errors';
import { fileEmbeddingCache } from '../eval/embedding-cache';
import type { Dataset } from '../eval/dataset';
import { loadJsonl } from '../eval/jsonl';
import { loadLastfm } from '../eval/lastfm';
import { markdownPerSeed, markdownTable } from '../eval/report';
import { runEvaluation } from '../eval/run';
import { initBackend, isBackendName } from '../models/backend';
import { configFromFile, modelConfig, parseOverride } from '../models/model-config';
import { weighCommentBySentiment } from '../text/sentiment';
import { modelNames, usesTfjs } from '../models/registry';
import '../models/register-all';

interface Args {
  dataset: string;
  dir?: string;
  file?: string;
  model: string;
  seeds: number[];
  out?: string;
  config?: string;
  set: Record<string, unknown>;
  backend?: string;
  cache?: string;
}

export function parseArgs(argv: readonly string[]): Args {
  const args: Args = { dataset: 'lastfm', model: '', seeds: [1, 2, 3], set: {} };
  for (let k = 0; k < argv.length; k++) {
    const flag = argv[k]!;
    const value = argv[k + 1];
    const need = (): string => {
      if (value === undefined || value.startsWith('--')) throw new BadInputError(flag, `${flag} needs a value`, value);
      k++;
      return value;
    };
    switch (flag) {
      case '--dataset': args.dataset = need(); break;
      case '--dir': args.dir = need(); break;
      case '--file': args.file = need(); break;
      case '--model': args.model = need(); break;
      case '--out': args.out = need(); break;
      case '--config': args.config = need(); break;
      case '--backend': args.backend = need(); break;
      case '--cache': args.cache = need(); break;
      case '--seeds': {
        const v = need();
        const seeds = v.split(',').map((s) => Number(s.trim()));
        if (seeds.length === 0 || seeds.some((s) => !Number.isInteger(s))) {
          throw new BadInputError('--seeds', `--seeds must be a comma-separated list of integers (got ${v})`, v);
        }
        args.seeds = seeds;
        break;
      }
      case '--set': {
        const [key, parsed] = parseOverride(need());
        args.set[key] = parsed;
        break;
      }
      default:
        throw new BadInputError('argv', `unknown flag ${flag} (expected --dataset, --dir, --file, --model, --seeds, --out, --config, --set, --backend, --cache)`, flag);
    }
  }
  if (!args.model) throw new BadInputError('--model', `--model is required (one of ${modelNames().join(', ')})`);
  if (!modelNames().includes(args.model)) throw new BadInputError('--model', `--model must be one of ${modelNames().join(', ')} (got ${args.model})`, args.model);
  if (args.dataset !== 'lastfm' && args.dataset !== 'jsonl') throw new BadInputError('--dataset', `--dataset must be lastfm or jsonl (got ${args.dataset})`, args.dataset);
  if (args.dataset === 'jsonl' && !args.file) throw new BadInputError('--file', '--file is required with --dataset jsonl');
  if (args.backend !== undefined && !isBackendName(args.backend)) throw new BadInputError('--backend', `--backend must be node-gpu, node, wasm or cpu (got ${args.backend})`, args.backend);
  return args;
}

function loadConfig(args: Args): Record<string, unknown> {
  if (!args.config) return modelConfig(args.model, args.set);
  if (!existsSync(args.config)) throw new BadInputError('--config', `--config file does not exist (got ${args.config})`, args.config);
  return configFromFile(args.config, args.set);
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

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const envBackend = process.env['TFJS_BACKEND'];
  const preferred = args.backend ?? (envBackend ? envBackend : undefined);
  if (preferred !== undefined && !isBackendName(preferred)) throw new BadInputError('TFJS_BACKEND', `TFJS_BACKEND must be node-gpu, node, wasm or cpu (got ${preferred})`, preferred);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  let backend = 'none';
  if (usesTfjs(args.model)) backend = (await initBackend({ ...(preferred ? { preferred } : {}), log })).name;
  const dir = args.dir ?? resolve('..', 'shared', 'data', 'lastfm-2k');
  const dataset = args.dataset === 'lastfm' ? loadLastfm(dir) : await loadJsonlLogged(args.file!, log);
  const config = loadConfig(args);
  log(`${dataset.name}: ${dataset.userIds.length} users, ${dataset.itemIds.length} items, ${dataset.pairs.user.length} pairs · model ${args.model} ${JSON.stringify(config)}`);
  const report = await runEvaluation(dataset, {
    model: args.model,
    config,
    seeds: args.seeds,
    ks: [10, 20],
    backend,
    log,
    ...(args.cache ? { embeddingCache: fileEmbeddingCache(args.cache) } : {}),
  });
  if (args.out) {
    mkdirSync(dirname(resolve(args.out)), { recursive: true });
    writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`);
  }
  process.stdout.write(`${markdownTable([report])}\n\n${markdownPerSeed(report)}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    if (error instanceof AppError) process.stderr.write(`error [${error.code}]: ${error.message}\n`);
    else process.stderr.write(`error: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(error instanceof BadInputError ? 2 : 1);
  });
}
