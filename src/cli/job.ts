/**
 * `npm run job -- <name> [options]`: offline jobs against NEO4J_URI or the local Neo4j.
 *   pagerank                       user influence and media popularity, written to Neo4j
 *   embeddings [--model lightgcn] [--epochs N] [--seed S]   graph embeddings, written to Neo4j
 *   embed-media                    text vectors of media (EMBEDDING_* settings) and keywords, cached in Neo4j
 * TFJS_BACKEND (node-gpu, node, wasm, cpu) overrides the backend choice.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import { loadConfig } from '../config/config';
import { encoderOptions } from '../config/encoder-options';
import { runEmbedMediaJob } from '../jobs/embed-media-job';
import { createEncoder } from '../text/create-encoder';
import { BadInputError } from '../domain/errors';
import { runEmbeddingJob } from '../jobs/embedding-job';
import { runPagerankJob } from '../jobs/pagerank-job';
import { initBackend } from '../models/backend';
import { withDatabase } from './with-database';

const JOBS = ['pagerank', 'embeddings', 'embed-media'] as const;

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function intFlag(args: string[], name: string): number | undefined {
  const raw = flag(args, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new BadInputError(name, `${name} must be a non-negative integer (got ${raw})`, raw);
  return n;
}

async function main(): Promise<void> {
  const [job, ...args] = process.argv.slice(2);
  if (!(JOBS as readonly string[]).includes(job ?? '')) throw new BadInputError('job', `job must be one of ${JOBS.join(', ')} (got ${job ?? 'nothing'})`, job);
  const log = (line: string): void => console.log(`[${job}] ${line}`);
  const started = Date.now();
  const config = loadConfig();
  await withDatabase(config, async (stores) => {
    if (job === 'embed-media') {
      const encoder = await createEncoder(encoderOptions(config.embedding));
      log(`encoder ${encoder.modelId}`);
      const bar = new SingleBar({ format: 'media [{bar}] {value}/{total}', noTTYOutput: true, notTTYSchedule: 2000 }, Presets.shades_classic);
      const result = await runEmbedMediaJob(stores.content, encoder, {
        onProgress: (done, total) => (done === 0 ? bar.start(total, 0) : bar.update(done)),
      });
      bar.stop();
      console.log(JSON.stringify({ job, ...result }));
      return;
    }
    if (job === 'pagerank') {
      const result = await runPagerankJob(stores.graph, log);
      console.log(JSON.stringify({ job, ...result, seconds: (Date.now() - started) / 1000 }));
      return;
    }
    const model = flag(args, '--model') ?? 'lightgcn';
    const path = join(__dirname, '..', '..', 'config', 'models', `${model}.json`);
    const modelConfig: Record<string, unknown> = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {};
    const epochs = intFlag(args, '--epochs');
    if (epochs !== undefined) modelConfig.epochs = epochs;
    const backend = await initBackend({ preferred: config.tfjsBackend, log });
    const result = await runEmbeddingJob(stores.graph, { model, config: modelConfig, seed: intFlag(args, '--seed') ?? 1, backend: backend.name, log });
    console.log(JSON.stringify({ job, backend: backend.name, ...result, seconds: (Date.now() - started) / 1000 }));
  });
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
