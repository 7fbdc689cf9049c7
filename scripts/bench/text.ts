/**
 * `npm run bench:text`: the transformer sentence encoder on the present tfjs backend next to the
 * word-vector encoder, on the same texts, as the embed-media job feeds them (calls of 256 texts):
 *   short  LastFM artists: name + top tags (what the service embeds for a LastFM item)
 *   long   MovieLens-TMDB movies: title + tagline + overview
 * Per encoder and set: texts/s, ms per call (mean, p95), tokens per text, peak RSS, and the tfjs
 * memory of one call (tf.profile peak bytes; in-process runs only) on top of the resident weights. Targets on the 2-core
 * machine (wasm): ≥ 50 short and ≥ 10 long texts/s. Last line: one JSON object.
 *   --model DIR      model folder (default EMBEDDING_MODEL_DIR or .cache/models/all-MiniLM-L6-v2)
 *   --backend NAME   node-gpu | node | wasm | cpu (default: the best available)
 *   --short N --long N   how many texts of each set (default 2000 and 400; 0 skips a set)
 *   --call N         texts per embed call (default 256, the embed-media job's batch)
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { parse } from 'csv-parse/sync';
import { readLastfm } from '../../src/ingest/lastfm-source';
import { isBackendName } from '../../src/models/backend';
import type { TextEncoder } from '../../src/text/encoder';
import { mediaText } from '../../src/text/media-text';
import { DEFAULT_MODEL_DIR } from '../../src/text/transformer/provision';
import { TransformerEncoder } from '../../src/text/transformer/transformer-encoder';
import { createWordVectorEncoder } from '../../src/text/word-vector-encoder';

const SHARED = resolve(__dirname, '..', '..', '..', 'shared', 'data');

function shortTexts(n: number): string[] {
  const media = readLastfm(process.env.LASTFM_DIR ?? resolve(SHARED, 'lastfm-2k')).records.get('media') ?? [];
  return media.slice(0, n).map((r) => mediaText({ title: String(r.data.title), tags: r.data.tags as string[] }));
}

function longTexts(n: number): string[] {
  const rows = parse(readFileSync(resolve(SHARED, 'movielens-tmdb', 'tmdb_5000_movies.csv')), {
    columns: true,
    skip_empty_lines: true,
  }) as Record<string, string>[];
  return rows
    .filter((r) => (r.overview ?? '').trim().length > 0)
    .slice(0, n)
    .map((r) => mediaText({ title: r.title ?? '', description: [r.tagline, r.overview].filter(Boolean).join(' ') }));
}

interface Run {
  texts: number;
  textsPerSecond: number;
  msPerCall: number;
  p95MsPerCall: number;
  peakRssMb: number;
  tfPeakMb?: number;
  tokensPerText?: number;
}

async function run(encoder: TextEncoder, texts: string[], call: number): Promise<Run> {
  await encoder.embed(texts.slice(0, 8)); // warm-up: kernels compiled, buffers allocated
  const times: number[] = [];
  let peakRss = process.memoryUsage().rss;
  const started = performance.now();
  for (let i = 0; i < texts.length; i += call) {
    const t = performance.now();
    await encoder.embed(texts.slice(i, i + call));
    times.push(performance.now() - t);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  const out: Run = {
    texts: texts.length,
    textsPerSecond: +(texts.length / seconds).toFixed(1),
    msPerCall: +(times.reduce((a, b) => a + b, 0) / times.length).toFixed(1),
    p95MsPerCall: +times[Math.min(times.length - 1, Math.floor(times.length * 0.95))]!.toFixed(1),
    peakRssMb: Math.round(peakRss / 2 ** 20),
  };
  if (encoder instanceof TransformerEncoder) {
    out.tokensPerText = +(texts.reduce((s, text) => s + encoder.tokenize(text).length, 0) / texts.length).toFixed(1);
  }
  if (encoder instanceof TransformerEncoder && encoder.threads === 0) {
    const probe = texts.slice(0, call);
    const profile = await tf.profile(async () => {
      const vectors = await encoder.embed(probe);
      return vectors.length;
    });
    out.tfPeakMb = +(profile.peakBytes / 2 ** 20).toFixed(1);
  }
  return out;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      model: { type: 'string' },
      backend: { type: 'string' },
      short: { type: 'string', default: '2000' },
      long: { type: 'string', default: '400' },
      call: { type: 'string', default: '256' },
      threads: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(
      'usage: npm run bench:text -- [--model DIR] [--backend node-gpu|node|wasm|cpu] [--threads N] [--short N] [--long N] [--call N]',
    );
    return;
  }
  if (values.backend !== undefined && !isBackendName(values.backend))
    throw new Error(`--backend must be node-gpu, node, wasm or cpu (got ${values.backend})`);
  const call = Number(values.call);
  const sets = { short: shortTexts(Number(values.short)), long: longTexts(Number(values.long)) };
  const modelDir = values.model ?? process.env.EMBEDDING_MODEL_DIR ?? DEFAULT_MODEL_DIR;

  const t0 = performance.now();
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  const transformer = await TransformerEncoder.load({
    modelDir,
    backend: values.backend as never,
    threads,
    log: (l) => console.error(l),
  });
  const loadMs = Math.round(performance.now() - t0);
  const weightsMb = +((await transformer.memory())[0]!.numBytes / 2 ** 20).toFixed(1);
  const words = await createWordVectorEncoder();
  const result: Record<string, unknown> = {
    model: transformer.modelId,
    backend: transformer.backend,
    threads: transformer.threads,
    cores: availableParallelism(),
    loadAverage: +loadavg()[0]!.toFixed(2),
    loadMs,
    weightsMb,
    callSize: call,
  };
  for (const [name, texts] of Object.entries(sets)) {
    if (texts.length === 0) continue;
    const tr = await run(transformer, texts, call);
    const wv = await run(words, texts, call);
    console.error(
      `${name}: transformer ${tr.textsPerSecond} texts/s (${tr.msPerCall} ms per ${call}), word vectors ${wv.textsPerSecond} texts/s`,
    );
    result[name] = { transformer: tr, wordVectors: wv, slowdown: +(wv.textsPerSecond / tr.textsPerSecond).toFixed(1) };
  }
  await transformer.close();
  console.log(JSON.stringify(result));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
