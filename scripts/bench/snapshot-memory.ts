/**
 * `npm run bench:snapshot-memory -- --scale 10`: where the serving snapshot's memory goes, on a world an
 * earlier `npm run bench:scale -- --scales N --keep` left in data/bench-scale/db-N. Loads the snapshot
 * in-process as the service does (recommend/snapshot.ts), reads the process's peak RSS after it, then
 * drops each field of the snapshot in turn and reports the heap plus external memory it held (after two
 * full collections). Needs `--expose-gc`, which the npm script passes. Last line one JSON object.
 */
import { parseCli } from '../../src/cli/cli-args';
import { loadKeptSnapshot } from './kept-snapshot';

const USAGE = 'usage: npm run bench:snapshot-memory -- [--scale 10]';
const mb = (bytes: number): number => Math.round(bytes / 1048576);

function live(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc (npm run bench:snapshot-memory does)');
  gc();
  gc();
  const u = process.memoryUsage();
  return u.heapUsed + u.external;
}

async function main(): Promise<void> {
  const { values } = parseCli(process.argv.slice(2), { scale: { type: 'string' } } as const, USAGE);
  if (values.help) return console.log(USAGE);
  const scale = Number(values.scale ?? 10);
  const kept = await loadKeptSnapshot(scale);
  const snapshot = kept.snapshot as unknown as Record<string, unknown>;
  const { loadSeconds, peakRss } = kept;
  let before = live();
  const result: Record<string, number> = { scale, loadSeconds, peakRssMb: mb(peakRss), liveMb: mb(before) };
  result.rssMb = mb(process.memoryUsage().rss);
  const drop = (name: string, from: Record<string, unknown>, key: string): void => {
    Reflect.deleteProperty(from, key);
    const now = live();
    result[`${name}Mb`] = mb(before - now);
    before = now;
  };
  const data = snapshot.data as Record<string, unknown>;
  for (const key of Object.keys(data)) drop(`data.${key}`, data, key);
  for (const key of ['userIndex', 'itemIndex', 'repeated']) drop(key, snapshot, key);
  for (const [k, v] of Object.entries(result))
    if (k.endsWith('Mb') && k.startsWith('data.')) console.log(k.padEnd(28), v);
  console.log(JSON.stringify({ bench: 'snapshot-memory', ...result }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
