import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../../src/domain/errors';
import { readWinkEmbeddings } from '../../../src/text/wink-embeddings-reader';
import { buildWordVectorCache, readWordVectorCache, zipfProbability } from '../../../src/text/word-vector-cache';
import { WordVectorEncoder } from '../../../src/text/word-vector-encoder';
import { deserializeTable, readVector, serializeTable } from '../../../src/text/word-vector-table';
import { tuple } from '../../support/tuple';

/** A wink-format file: vectors are [x1..xD, l2norm, rank]; words include punctuation and odd keys. */
function winkJson(entries: [string, number[]][], shuffle = false): string {
  const dims = entries[0]![1].length;
  const vectors = entries.map(([w, v], rank) => [w, [...v, Math.hypot(...v), rank]] as const);
  if (shuffle) vectors.reverse();
  const body = vectors.map(([w, v]) => `${JSON.stringify(w)}:[${v.join(',')}]`).join(',');
  return `{"precision":8,"l2NormIndex":${dims},"wordIndex":${dims + 1},"size":${entries.length},"dimensions":${dims},"words":${JSON.stringify(entries.map((e) => e[0]))},"vectors":{${body}},"unkVector":[${new Array(dims).fill(0).join(',')},-1]}\n`;
}

const ENTRIES: [string, number[]][] = [
  ['the', [0.1, 0.2, -0.3]],
  [',', [9, 9, 9]],
  ['"]"', [9, 9, 9]],
  ['metal', [1.5, -0.25, 0.75]],
  ['guitar', [1.25, -0.5, 0.5]],
  ['hip-hop', [-0.5, 1, 0.25]],
  ['cafe', [0.3, 0.3, -1.2]],
  ['lullaby', [-1, 0.5, -0.5]],
];

describe('word-vector cache', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'wvec-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('streams the wink JSON in tiny chunks, keeping the most frequent tokenizable words', () => {
    const source = join(dir, 'src.json');
    writeFileSync(source, winkJson(ENTRIES));
    const { meta, rows } = readWinkEmbeddings(source, {
      maxWords: 4,
      accept: (w) => /^[\p{L}-]+$/u.test(w),
      chunkBytes: 7,
    });
    expect(meta).toEqual({ dimensions: 3, size: ENTRIES.length });
    expect(rows.map((r) => [r.word, r.rank])).toEqual([
      ['the', 0],
      ['metal', 3],
      ['guitar', 4],
      ['hip-hop', 5],
    ]);
    expect(Array.from(rows[1]!.vector)).toEqual([1.5, -0.25, 0.75]);
  });

  it('sorts by rank when the source is not in frequency order', () => {
    const source = join(dir, 'shuffled.json');
    writeFileSync(source, winkJson(ENTRIES, true));
    const { rows } = readWinkEmbeddings(source, { maxWords: 3 });
    expect(rows.map((r) => r.word)).toEqual(['the', ',', '"]"']);
  });

  it('round-trips through the binary cache within the int8 quantisation error', () => {
    const sourcePath = join(dir, 'src2.json');
    writeFileSync(sourcePath, winkJson(ENTRIES));
    const cachePath = join(dir, 'wv.bin');
    const { table } = buildWordVectorCache({ sourcePath, cachePath, vocabularySize: 100 });
    expect(table.words).toEqual(['the', 'metal', 'guitar', 'hip-hop', 'cafe', 'lullaby']);
    const loaded = readWordVectorCache({ sourcePath, cachePath })!;
    expect(loaded).not.toBeNull();
    expect(loaded.words).toEqual(table.words);
    expect(Array.from(loaded.ranks)).toEqual([0, 3, 4, 5, 6, 7]);
    expect(Array.from(loaded.commonComponent)).toEqual(Array.from(table.commonComponent));
    const v = new Float32Array(3);
    for (const [word, original] of ENTRIES) {
      const i = loaded.index.get(word);
      if (i === undefined) continue;
      readVector(loaded, i, v);
      const maxAbs = Math.max(...original.map(Math.abs));
      original.forEach((x, k) => expect(Math.abs(v[k]! - x)).toBeLessThanOrEqual(maxAbs / 254 + 1e-6));
    }
    expect(serializeTable(loaded).equals(readFileSync(cachePath))).toBe(true);
  });

  it('rejects a corrupt file and treats a stale one as missing', () => {
    const cachePath = join(dir, 'wv.bin');
    const bytes = readFileSync(cachePath);
    expect(() => deserializeTable(bytes.subarray(0, bytes.length - 1))).toThrow(AppError);
    expect(() => deserializeTable(Buffer.from('nope'))).toThrow(AppError);
    expect(readWordVectorCache({ sourcePath: join(dir, 'src2.json'), cachePath, sifA: 0.01 })).toBeNull();
  });

  it('embeds with SIF weights: compounds split on a miss, diacritics stripped, unknown words ignored', async () => {
    const table = readWordVectorCache({ sourcePath: join(dir, 'src2.json'), cachePath: join(dir, 'wv.bin') })!;
    const encoder = new WordVectorEncoder(table, { removeCommonComponent: false });
    expect(encoder.wordIds('Guitar, METAL and zzz')).toEqual([2, 1]);
    expect(encoder.wordIds('Hip-Hop Café metal-guitar')).toEqual([3, 4, 1, 2]);
    const [a, b, zero] = tuple(await encoder.embed(['metal', 'METAL!', 'qqq']), 3);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(zero)).toEqual([0, 0, 0]);
    // "the" (rank 0) is down-weighted by a/(a+p): its pull on a two-word text is small
    const [withThe] = tuple(await encoder.embed(['the metal']), 1);
    expect(withThe[0]! * a[0]! + withThe[1]! * a[1]! + withThe[2]! * a[2]!).toBeGreaterThan(0.99);
    expect(zipfProbability(0, 8)).toBeGreaterThan(zipfProbability(7, 8));
  });
});
