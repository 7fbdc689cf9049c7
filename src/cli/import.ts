/**
 * `npm run import -- lastfm <dir>` | `npm run import -- jsonl <file>`: bulk import with a progress bar;
 * bad rows are reported with file and line (first 20 printed, all written to --report FILE if given).
 * Uses NEO4J_URI when set, otherwise the local Neo4j (started for the import and stopped after, or the
 * one `npm run neo4j:start` left running).
 */
import { SingleBar, Presets } from 'cli-progress';
import { writeFileSync } from 'node:fs';
import { loadConfig } from '../config/config';
import { Importer } from '../ingest/importer';
import { readJsonl } from '../ingest/jsonl-source';
import { readLastfm } from '../ingest/lastfm-source';
import type { ImportBatchSource, ImportEntity } from '../ingest/records';
import { weighCommentBySentiment } from '../text/sentiment';
import { withDatabase } from './with-database';

const USAGE = 'usage: npm run import -- lastfm <dir> | jsonl <file> [--batch-size N] [--report FILE]';

async function main(): Promise<void> {
  const [format, path, ...rest] = process.argv.slice(2);
  const flag = (name: string): string | undefined => {
    const i = rest.indexOf(name);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  if (!path || (format !== 'lastfm' && format !== 'jsonl')) throw new Error(USAGE);
  const batchSize = Number(flag('--batch-size') ?? 5000);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`--batch-size must be a positive integer (got ${flag('--batch-size')})`);
  const source: ImportBatchSource = format === 'lastfm' ? readLastfm(path) : await readJsonl(path);

  await withDatabase(loadConfig(), async (stores) => {
    const bar = new SingleBar({ format: '{entity} [{bar}] {value}/{total} rows', hideCursor: true, noTTYOutput: true, notTTYSchedule: 2000 }, Presets.shades_classic);
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
    if (report.bad.length > 0) {
      console.log(`${report.bad.length} bad rows were skipped; the first ones:`);
      for (const b of report.bad.slice(0, 20)) console.log(`  ${b.file}:${b.line} (${b.entity}) ${b.message}`);
      const out = flag('--report');
      if (out) {
        writeFileSync(out, report.bad.map((b) => JSON.stringify(b)).join('\n') + '\n');
        console.log(`All bad rows: ${out}`);
      }
    }
    console.log('Database now holds:', await stores.admin.counts());
  });
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
