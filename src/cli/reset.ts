/**
 * `npm run reset -- --yes`: erase the whole database the service uses (NEO4J_URI, or the local Neo4j),
 * e.g. the demo world `npm start` seeds before importing a real dataset. Without --yes it only says
 * what it would erase. Constraints and indexes stay; the next `npm start` seeds the demo world again
 * unless SEED_DEMO=false or data was imported first.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config';
import { withDatabase } from './with-database';

const USAGE = `usage: npm run reset -- [--yes]
  Erases every user, media item, interaction, follow, tag, takedown, job run and trained ranker in the
  database (NEO4J_URI, or the local Neo4j in NEO4J_DATA_DIR). Without --yes, prints what it would erase.
  -y, --yes    really erase
  -h, --help   this text`;

async function main(): Promise<number> {
  let values: { yes?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      options: { yes: { type: 'boolean', short: 'y' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message.split('. ')[0]}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  return withDatabase(loadConfig(), async (stores) => {
    const before = await stores.admin.counts();
    const demo = await stores.admin.demoPresent();
    const what = `${before.users} users, ${before.media} media, ${before.interactions} interactions, ${before.follows} follows${demo ? ' (the demo world is among them)' : ''}`;
    if (!values.yes) {
      console.log(`Would erase ${what}. Run again with --yes to erase.`);
      return 2;
    }
    await stores.admin.reset();
    const after = await stores.admin.counts();
    console.log(`Erased ${what}; the database now holds ${after.users} users and ${after.media} media.`);
    return 0;
  });
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`error: ${(error as Error)?.message ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
