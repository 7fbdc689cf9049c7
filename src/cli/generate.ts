/**
 * `npm run generate -- --scale N --out FILE.jsonl [--seed S]`: writes a synthetic world in the generic
 * import format (src/generate/world.ts), streamed line by line, so a 100× world (9M interactions) never
 * sits in memory. Prints the sizes and the time taken; the file is written to FILE.tmp and renamed
 * into place when complete.
 */
import { resolve } from 'node:path';
import { resolveWorldOptions, worldSizes, WORLD_DEFAULTS } from '../generate/options';
import { writeWorld } from '../generate/write-world';
import { parseCli, runCli, UsageError } from './cli-args';

export const USAGE = `usage: npm run generate -- --scale N --out FILE.jsonl [options]
  --scale <N>            size relative to LastFM HetRec-2011 (1 = 1,892 users, 17,632 media,
                         92,834 interactions, 25,434 follows); fractions allowed (required)
  --out <file>           where to write the JSONL (required)
  --seed <S>             integer seed (default ${WORLD_DEFAULTS.seed}); the same seed gives the same file
  --start <date-time>    first instant of the activity window (default ${WORLD_DEFAULTS.start})
  --months <n>           length of the activity window (default ${WORLD_DEFAULTS.months})
  --reciprocity <p>      probability a follow is followed back (default ${WORLD_DEFAULTS.reciprocity})
  --triadic <p>          share of follows that close a triangle (default ${WORLD_DEFAULTS.triadicClosure})
  -h, --help             print this and exit`;

const OPTIONS = {
  scale: { type: 'string' },
  out: { type: 'string' },
  seed: { type: 'string' },
  start: { type: 'string' },
  months: { type: 'string' },
  reciprocity: { type: 'string' },
  triadic: { type: 'string' },
} as const;

function numberFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n))
    throw new UsageError(`--${name}`, `--${name} must be a number (got ${JSON.stringify(value)})`, value);
  return n;
}

async function main(): Promise<number> {
  const { values } = parseCli(process.argv.slice(2), OPTIONS, USAGE);
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.scale === undefined || values.out === undefined)
    throw new UsageError('--scale', `--scale and --out are required\n${USAGE}`);
  const given = {
    scale: numberFlag('scale', values.scale)!,
    ...(values.seed !== undefined ? { seed: numberFlag('seed', values.seed)! } : {}),
    ...(values.start !== undefined ? { start: values.start } : {}),
    ...(values.months !== undefined ? { months: numberFlag('months', values.months)! } : {}),
    ...(values.reciprocity !== undefined ? { reciprocity: numberFlag('reciprocity', values.reciprocity)! } : {}),
    ...(values.triadic !== undefined ? { triadicClosure: numberFlag('triadic', values.triadic)! } : {}),
  };
  const options = resolveWorldOptions(given);
  const sizes = worldSizes(options);
  const out = resolve(values.out);
  const started = Date.now();
  const counts = await writeWorld(options, out);
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `Wrote ${out} in ${seconds.toFixed(1)} s (scale ${options.scale}, seed ${options.seed}, ${sizes.communities} communities)`,
  );
  console.log(JSON.stringify({ file: out, scale: options.scale, seed: options.seed, ...counts, seconds }));
  return 0;
}

runCli(main);
