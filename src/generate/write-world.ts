/**
 * Streams a generated world to a JSONL file (written to FILE.tmp, renamed when complete), in chunks of
 * about 1 MB with backpressure: a 100× world never sits in memory. Returns the rows written per entity.
 */
import { createWriteStream, mkdirSync, renameSync } from 'node:fs';
import { once } from 'node:events';
import { dirname, resolve } from 'node:path';
import type { WorldOptions } from './options';
import { generateWorld } from './world';

export async function writeWorld(
  options: Partial<WorldOptions> & { scale: number },
  file: string,
): Promise<Record<string, number>> {
  const out = resolve(file);
  mkdirSync(dirname(out), { recursive: true });
  const tmp = `${out}.tmp`;
  const stream = createWriteStream(tmp, { encoding: 'utf8', highWaterMark: 1 << 20 });
  const counts: Record<string, number> = { user: 0, media: 0, follow: 0, interaction: 0 };
  let chunk: string[] = [];
  let chars = 0;
  for (const row of generateWorld(options)) {
    counts[row.entity]!++;
    const line = JSON.stringify(row);
    chunk.push(line);
    chars += line.length;
    if (chars >= 1 << 20) {
      if (!stream.write(chunk.join('\n') + '\n')) await once(stream, 'drain');
      chunk = [];
      chars = 0;
    }
  }
  if (chunk.length > 0) stream.write(chunk.join('\n') + '\n');
  stream.end();
  await once(stream, 'finish');
  renameSync(tmp, out);
  return counts;
}
