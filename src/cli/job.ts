/**
 * `npm run job -- <name> [--model lightgcn] [--epochs N] [--seed S]`: offline jobs against NEO4J_URI
 * or the local Neo4j; the running service picks up their results on its next snapshot reload.
 *   pagerank       user influence and media popularity, written to Neo4j
 *   embeddings     graph embeddings of users and media (LightGCN by default) with a vector index
 *   embed-media    text vectors of media (EMBEDDING_* settings) cached per (model, text hash), keywords
 *   train-ranker   fusion ranker learned on held-out recent engagement, stored in Neo4j
 *   all            the four in that order
 * TFJS_BACKEND (node-gpu, node, wasm, cpu) overrides the tfjs backend choice.
 */
import { SingleBar, Presets } from 'cli-progress';
import { loadConfig } from '../config/config';
import { BadInputError } from '../domain/errors';
import { isJobName, JOB_NAMES, runJob } from '../jobs/run-job';
import { withDatabase } from './with-database';

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
  const [job = '', ...args] = process.argv.slice(2);
  if (!isJobName(job)) throw new BadInputError('job', `job must be one of ${JOB_NAMES.join(', ')} (got ${job || 'nothing'})`, job);
  const started = Date.now();
  const config = loadConfig();
  const bar = new SingleBar({ format: 'media [{bar}] {value}/{total}', noTTYOutput: true, notTTYSchedule: 2000 }, Presets.shades_classic);
  await withDatabase(config, async (stores) => {
    const result = await runJob(job, stores, config, {
      model: flag(args, '--model') ?? 'lightgcn',
      epochs: intFlag(args, '--epochs'),
      seed: intFlag(args, '--seed') ?? 1,
      log: (line) => console.log(`[${job}] ${line}`),
      onProgress: (done, total) => (done === 0 ? bar.start(total, 0) : bar.update(done)),
    });
    bar.stop();
    console.log(JSON.stringify({ job, ...result, seconds: (Date.now() - started) / 1000 }));
  });
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
