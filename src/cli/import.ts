/**
 * `npm run import -- lastfm <dir>` | `npm run import -- jsonl <file>` | `npm run import -- movielens-tmdb <dir>`: bulk import with a progress bar;
 * bad rows are reported with file and line (first 20 printed; all of them, with the rejected row's text,
 * written to --report FILE as JSON Lines). --strict: write nothing when any row is malformed or invalid,
 * and exit 1 when any row was rejected (also rows whose references turn out unknown while writing).
 * Uses NEO4J_URI when set, otherwise the local Neo4j (started for the import and stopped after, or the
 * one `npm run neo4j:start` left running).
 */
import { SingleBar, Presets } from 'cli-progress';
import { writeFileSync } from 'node:fs';
import { badRowsJsonl, withRowText } from '../ingest/bad-rows';
import { invalidRows } from '../ingest/precheck';
import type { BadRow } from '../ingest/records';
import { intFlag, parseCli, requirePath, runCli, UsageError } from './cli-args';
import { loadConfig } from '../config/config';
import { Importer } from '../ingest/importer';
import { readJsonl } from '../ingest/jsonl-source';
import { readLastfm } from '../ingest/lastfm-source';
import { readMovielensTmdb } from '../ingest/movielens-tmdb-source';
import type { ImportBatchSource, ImportEntity } from '../ingest/records';
import { weighCommentBySentiment } from '../text/sentiment';
import { withDatabase } from './with-database';
import { bulkImportJsonl } from './bulk-import';

const USAGE = `usage: npm run import -- lastfm <dir> | jsonl <file> | movielens-tmdb <dir> [--batch-size N] [--report FILE] [--strict]
  --batch-size N   rows per write transaction (default 5000)
  --report FILE    write every rejected row (file, line, entity, message, row text) to FILE as JSON Lines
  --strict         write nothing when a row is malformed or invalid; exit 1 when any row was rejected
  --bulk           jsonl only: initial load of an empty local Neo4j with neo4j-admin's offline importer
                   (the same graph, many times faster; refuses a non-empty database and NEO4J_URI)
  -h, --help       this text`;

const OPTIONS = {
  'batch-size': { type: 'string' },
  report: { type: 'string' },
  strict: { type: 'boolean' },
  bulk: { type: 'boolean' },
} as const;

/** Prints the first rejected rows and writes all of them, with their text, to --report. */
async function reportBad(bad: readonly BadRow[], out: string | undefined): Promise<void> {
  console.log(`${bad.length} rows were rejected; the first ones:`);
  for (const b of bad.slice(0, 20)) console.log(`  ${b.file}:${b.line} (${b.entity}) ${b.message}`);
  if (out) {
    writeFileSync(out, badRowsJsonl(await withRowText(bad)));
    console.log(`All rejected rows: ${out}`);
  }
}

async function main(): Promise<number> {
  const { values, positionals } = parseCli(process.argv.slice(2), OPTIONS, USAGE, 2);
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const [format, path] = positionals;
  if (format !== 'lastfm' && format !== 'jsonl' && format !== 'movielens-tmdb') {
    throw new UsageError(
      'format',
      `the format must be lastfm, jsonl or movielens-tmdb (got ${JSON.stringify(format ?? '')})\n${USAGE}`,
      format,
    );
  }
  const isDir = format !== 'jsonl';
  if (!path) throw new UsageError('path', `import ${format} needs a ${isDir ? 'directory' : 'file'}\n${USAGE}`);
  requirePath(
    path,
    { lastfm: 'the LastFM directory', jsonl: 'the JSONL file', 'movielens-tmdb': 'the movielens-tmdb directory' }[
      format
    ],
    isDir ? 'directory' : 'file',
  );
  if (values.bulk) {
    if (format !== 'jsonl')
      throw new UsageError('--bulk', `--bulk takes the jsonl format (got ${format})\n${USAGE}`, format);
    return bulkImportJsonl(path, {
      ...(values.report ? { report: values.report } : {}),
      ...(values.strict ? { strict: true } : {}),
    });
  }
  const batchSize = intFlag('batch-size', values['batch-size'], 5000);
  const source: ImportBatchSource =
    format === 'lastfm'
      ? readLastfm(path)
      : format === 'movielens-tmdb'
        ? readMovielensTmdb(path)
        : await readJsonl(path);
  if (values.strict) {
    const invalid = invalidRows(source, { weighComment: weighCommentBySentiment });
    if (invalid.length > 0) {
      await reportBad(invalid, values.report);
      console.error(`error: --strict: ${invalid.length} rows are malformed or invalid; nothing was imported`);
      return 1;
    }
  }
  let rejected = 0;

  await withDatabase(loadConfig(), async (stores) => {
    const bar = new SingleBar(
      { format: '{entity} [{bar}] {value}/{total} rows', hideCursor: true, noTTYOutput: true, notTTYSchedule: 2000 },
      Presets.shades_classic,
    );
    let current: ImportEntity | null = null;
    const report = await new Importer(stores).run(source, {
      batchSize,
      weighComment: weighCommentBySentiment,
      onProgress: (entity, done, total) => {
        if (entity !== current) {
          if (current !== null) bar.stop();
          current = entity;
          bar.start(total, done, { entity: entity.padEnd(11) });
        } else bar.update(done);
      },
    });
    bar.stop();
    console.log(`\nImported ${source.name} in ${report.seconds.toFixed(1)} s`);
    console.table(report.entities);
    rejected = report.bad.length;
    if (rejected > 0) await reportBad(report.bad, values.report);
    console.log('Database now holds:', await stores.admin.counts());
  });
  if (values.strict && rejected > 0) {
    console.error(`error: --strict: ${rejected} rows were rejected (the others were imported)`);
    return 1;
  }
  return 0;
}

runCli(main);
