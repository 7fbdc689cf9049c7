/**
 * `npm run bench:dot -- [--items 17632,105792,176320] [--dims 64,100,384] [--repeats 20]`: a feed's
 * catalogue scan, the user's vector against every item's (ranking/top-k.ts dotAll: the graph scores of
 * a warm feed, the content and query scores, similar items), next to the row-at-a-time loop it
 * replaced (kept here as the baseline), alternated in the same run on the same seeded tables. The item
 * counts are the media of bench:scale's 1×, 6× and 10× generated worlds; the dimensions the graph
 * embeddings (64), the word-vector encoder (100) and all-MiniLM-L6-v2 (384). Prints the median
 * milliseconds a scan of each, their ratio, and whether both give the same float32 scores; last line
 * one JSON object.
 */
import { parseCli } from '../../src/cli/cli-args';
import { createRng } from '../../src/models/random';
import { dotAll, dotRow } from '../../src/ranking/top-k';

const USAGE = 'usage: npm run bench:dot -- [--items 17632,105792,176320] [--dims 64,100,384] [--repeats 20]';

/** The former dotAll: one row at a time through dotRow. */
function rowByRow(table: Float32Array, dim: number, vector: ArrayLike<number>): Float32Array {
  const n = Math.floor(table.length / dim);
  const res = new Float32Array(n);
  for (let i = 0; i < n; i++) res[i] = dotRow(table, dim, i, vector);
  return res;
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}

function main(): void {
  const { values } = parseCli(
    process.argv.slice(2),
    {
      items: { type: 'string', default: '17632,105792,176320' },
      dims: { type: 'string', default: '64,100,384' },
      repeats: { type: 'string', default: '20' },
    },
    USAGE,
  );
  if (values.help) return console.log(USAGE);
  const repeats = Math.max(1, Number(values.repeats));
  const rng = createRng(1);
  const rows = [];
  for (const items of String(values.items).split(',').map(Number))
    for (const dim of String(values.dims).split(',').map(Number)) {
      const table = Float32Array.from({ length: items * dim }, () => rng.next() - 0.5);
      // Vectors of both kinds the service passes: float32 (stored embeddings) and float64 (online means).
      const vectors = [
        Float32Array.from({ length: dim }, () => rng.next() - 0.5),
        Float64Array.from({ length: dim }, () => rng.next() - 0.5),
      ];
      const same = vectors.every((v) => {
        const a = dotAll(table, dim, v);
        const b = rowByRow(table, dim, v);
        return a.every((x, i) => x === b[i]);
      });
      const times = { baseline: [] as number[], dotAll: [] as number[] };
      for (let r = 0; r < repeats; r++) {
        const v = vectors[r % 2]!;
        let t = performance.now();
        rowByRow(table, dim, v);
        times.baseline.push(performance.now() - t);
        t = performance.now();
        dotAll(table, dim, v);
        times.dotAll.push(performance.now() - t);
      }
      const row = {
        items,
        dim,
        baselineMs: +median(times.baseline).toFixed(2),
        dotAllMs: +median(times.dotAll).toFixed(2),
        speedup: +(median(times.baseline) / median(times.dotAll)).toFixed(2),
        same,
      };
      console.log(
        `${items} items × ${dim}: row by row ${row.baselineMs} ms, dotAll ${row.dotAllMs} ms (${row.speedup}×), same scores: ${same}`,
      );
      rows.push(row);
    }
  console.log(JSON.stringify({ bench: 'dot', repeats, rows }));
}

main();
