/**
 * Bench of the offline word-vector encoder: cache build (with --build), cache load, and embedding
 * throughput on media-like texts. Usage: npx tsx scripts/text/bench-word-vectors.ts [--build]
 * Last line: one JSON object.
 */
import { performance } from 'node:perf_hooks';
import { buildWordVectorCache, cacheFilePath, readWordVectorCache } from '../../src/text/word-vector-cache';
import { WordVectorEncoder } from '../../src/text/word-vector-encoder';

export interface WordVectorBench {
  cachePath: string;
  buildMs: number | null;
  loadMs: number;
  encoderInitMs: number;
  textsPerSecond: number;
}

export async function benchWordVectors(options: { build?: boolean; texts?: number } = {}): Promise<WordVectorBench> {
  let buildMs: number | null = null;
  if (options.build || !readWordVectorCache()) {
    const t = performance.now();
    buildWordVectorCache();
    buildMs = performance.now() - t;
  }
  const loads: number[] = [];
  let table = null;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    table = readWordVectorCache();
    loads.push(performance.now() - t);
  }
  if (!table) throw new Error('word-vector cache did not load');
  const t0 = performance.now();
  const encoder = new WordVectorEncoder(table);
  const encoderInitMs = performance.now() - t0;
  const samples = [
    'Master of Puppets\nThrash metal classic from 1986\nheavy metal, thrash, guitar',
    'Brahms lullaby\nSoft piano to help your baby sleep\nlullaby, piano, sleep',
    'Champions league highlights\nAll the goals of the night\nfootball, soccer',
  ];
  const n = options.texts ?? 30_000;
  const texts = Array.from({ length: n }, (_, i) => samples[i % samples.length]!);
  const t1 = performance.now();
  await encoder.embed(texts);
  const seconds = (performance.now() - t1) / 1000;
  loads.sort((a, b) => a - b);
  return {
    cachePath: cacheFilePath(),
    buildMs,
    loadMs: loads[Math.floor(loads.length / 2)]!,
    encoderInitMs,
    textsPerSecond: Math.round(n / seconds),
  };
}

if (require.main === module) {
  benchWordVectors({ build: process.argv.includes('--build') })
    .then((r) =>
      console.log(
        JSON.stringify({
          ...r,
          buildMs: r.buildMs && Math.round(r.buildMs),
          loadMs: +r.loadMs.toFixed(1),
          encoderInitMs: +r.encoderInitMs.toFixed(1),
        }),
      ),
    )
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
