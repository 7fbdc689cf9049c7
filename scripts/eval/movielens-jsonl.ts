/**
 * MovieLens latest-small (../shared/data/movielens-tmdb: movies.csv, ratings.csv, tags.csv) as a file
 * of the generic import format, for evaluating the JSONL path on explicit ratings:
 *   npx tsx scripts/eval/movielens-jsonl.ts [--dir ../shared/data/movielens-tmdb] --out ml.jsonl [--no-tags]
 * users u<id>; every movie a VIDEO media m<id> with its genres as tags; every rating a RATE event
 * (eventId r<user>-<movie>, the rating, its time); tags.csv rows as `tag` rows (user-generated tags).
 * `--no-tags` leaves the tag rows out (the eval loader before issue 16 rejected files with them).
 */
import { parse } from 'csv-parse/sync';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';

function arg(name: string, fallback?: string): string | undefined {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 ? process.argv[k + 1] : fallback;
}

const rows = (dir: string, file: string): Record<string, string>[] =>
  parse(readFileSync(join(dir, file), 'utf8'), { columns: true, skip_empty_lines: true });

async function main(): Promise<void> {
  const dir = arg('dir', join('..', 'shared', 'data', 'movielens-tmdb'))!;
  const out = arg('out');
  if (!out) throw new Error('usage: npx tsx scripts/eval/movielens-jsonl.ts --out FILE.jsonl [--dir DIR] [--no-tags]');
  const w = createWriteStream(out);
  const put = (o: Record<string, unknown>) => w.write(`${JSON.stringify(o)}\n`);
  const ratings = rows(dir, 'ratings.csv');
  for (const u of [...new Set(ratings.map((r) => r['userId']!))]) put({ entity: 'user', id: `u${u}` });
  for (const m of rows(dir, 'movies.csv')) {
    const tags = m['genres'] === '(no genres listed)' ? [] : m['genres']!.split('|');
    put({ entity: 'media', id: `m${m['movieId']}`, kind: 'VIDEO', title: m['title'], tags });
  }
  for (const r of ratings) {
    const at = new Date(Number(r['timestamp']) * 1000).toISOString();
    put({
      entity: 'interaction',
      eventId: `r${r['userId']}-${r['movieId']}`,
      userId: `u${r['userId']}`,
      mediaId: `m${r['movieId']}`,
      type: 'RATE',
      rating: Number(r['rating']),
      at,
    });
  }
  if (!process.argv.includes('--no-tags')) {
    for (const t of rows(dir, 'tags.csv'))
      put({
        entity: 'tag',
        userId: `u${t['userId']}`,
        mediaId: `m${t['movieId']}`,
        tag: t['tag'],
        at: new Date(Number(t['timestamp']) * 1000).toISOString(),
      });
  }
  await new Promise<void>((resolve, reject) => w.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
});
