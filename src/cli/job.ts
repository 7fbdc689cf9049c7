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
import { recordedRun } from '../jobs/job-run';
import { isJobName, JOB_NAMES, runJob } from '../jobs/run-job';
import { intFlag, parseCli, runCli, UsageError } from './cli-args';
import { withDatabase } from './with-database';

const USAGE = `usage: npm run job -- <${JOB_NAMES.join('|')}> [--model NAME] [--epochs N] [--seed S]
  --model NAME   graph model of the embeddings job (default lightgcn)
  --epochs N     training epochs (default: the model's config)
  --seed S       random seed (default 1)
  -h, --help     this text`;

const OPTIONS = { model: { type: 'string' }, epochs: { type: 'string' }, seed: { type: 'string' } } as const;

async function main(): Promise<void> {
  const { values, positionals } = parseCli(process.argv.slice(2), OPTIONS, USAGE, 1);
  if (values.help) return void console.log(USAGE);
  const job = positionals[0] ?? '';
  if (!isJobName(job))
    throw new UsageError(
      'job',
      `the job must be one of ${JOB_NAMES.join(', ')} (got ${JSON.stringify(job)})\n${USAGE}`,
      job,
    );
  const epochs = values.epochs === undefined ? undefined : intFlag('epochs', values.epochs, 0, 1);
  const seed = intFlag('seed', values.seed, 1, 0);
  const started = Date.now();
  const config = loadConfig();
  const bar = new SingleBar(
    { format: 'media [{bar}] {value}/{total}', noTTYOutput: true, notTTYSchedule: 2000 },
    Presets.shades_classic,
  );
  await withDatabase(config, async (stores) => {
    // Recorded in the job history like the service's own runs: a running service polls it and reloads.
    const { result } = await recordedRun(
      (run) => stores.admin.recordJobRun(run),
      job,
      'cli',
      () =>
        runJob(job, stores, config, {
          model: values.model ?? 'lightgcn',
          epochs,
          seed,
          log: (line) => console.log(`[${job}] ${line}`),
          onProgress: (done, total) => (done === 0 ? bar.start(total, 0) : bar.update(done)),
        }),
      (message) => console.error(message),
    );
    bar.stop();
    console.log(JSON.stringify({ job, ...result, seconds: (Date.now() - started) / 1000 }));
  });
}

runCli(main);
