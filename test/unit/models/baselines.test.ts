import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BadInputError } from '../../../src/domain/errors';
import { cachedTextEncoder } from '../../../src/eval/text-vector-cache';
import { buildCsr, transposeCsr } from '../../../src/graph/csr';
import { ContentProfile } from '../../../src/models/content-profile';
import { RandomScores } from '../../../src/models/random-scores';
import type { ItemTextEncoder, TrainData } from '../../../src/models/types';
import { HashingEncoder } from '../../../src/text/hashing-encoder';

/** 3 users × 6 items: items 0–2 are about jazz, 3–5 about horror films. User 0 liked 0 and 1, user 1 liked 3, user 2 nothing. */
function data(): TrainData {
  const userItems = buildCsr(3, 6, Int32Array.of(0, 0, 1), Int32Array.of(0, 1, 3));
  return {
    numUsers: 3,
    numItems: 6,
    userItems,
    itemUsers: transposeCsr(userItems),
    social: buildCsr(3, 3, new Int32Array(0), new Int32Array(0)),
    itemTexts: [
      'smooth jazz saxophone',
      'jazz piano trio',
      'late night jazz saxophone club',
      'horror zombie film',
      'zombie horror night',
      'haunted house horror film',
    ],
  };
}

/** A bag-of-words encoder over a fixed vocabulary, counting its calls. */
function toyEncoder(): ItemTextEncoder & { calls: string[][] } {
  const vocab = [
    'jazz',
    'saxophone',
    'piano',
    'horror',
    'zombie',
    'film',
    'night',
    'club',
    'trio',
    'haunted',
    'house',
    'smooth',
    'late',
  ];
  const calls: string[][] = [];
  return {
    modelId: 'toy-bow',
    calls,
    async embed(texts) {
      calls.push(texts);
      return texts.map((t) => {
        const v = Float32Array.from(vocab, (w) => (t.split(/\s+/).includes(w) ? 1 : 0));
        const n = Math.hypot(...v);
        return n > 0 ? v.map((x) => x / n) : v;
      });
    },
  };
}

const row = (scores: Float32Array, r: number, n: number) => Array.from(scores.subarray(r * n, (r + 1) * n));

describe('baselines', () => {
  test("random: uniform scores, a user's row the same in any batch, other seeds other rows", async () => {
    const m = new RandomScores();
    await m.fit(data(), { seed: 1, log: () => undefined });
    const alone = m.score(Int32Array.of(2));
    const batch = m.score(Int32Array.of(0, 1, 2));
    expect(row(batch, 2, 6)).toEqual(row(alone, 0, 6));
    expect(row(batch, 0, 6)).not.toEqual(row(batch, 1, 6));
    expect(Array.from(batch).every((x) => x >= 0 && x < 1)).toBe(true);
    const other = new RandomScores();
    await other.fit(data(), { seed: 2, log: () => undefined });
    expect(row(other.score(Int32Array.of(2)), 0, 6)).not.toEqual(row(alone, 0, 6));
  });

  test("content: cosine of the mean of the training items' text vectors; unseen items of the same topic rank first", async () => {
    const m = new ContentProfile();
    await m.fit(data(), { seed: 1, log: () => undefined, textEncoder: toyEncoder() });
    const s = m.score(Int32Array.of(0, 1, 2));
    const jazzFan = row(s, 0, 6);
    const horrorFan = row(s, 1, 6);
    expect(jazzFan[2]).toBeGreaterThan(Math.max(jazzFan[3]!, jazzFan[4]!, jazzFan[5]!));
    expect(Math.min(horrorFan[4]!, horrorFan[5]!)).toBeGreaterThan(
      Math.max(horrorFan[0]!, horrorFan[1]!, horrorFan[2]!),
    );
    // By hand: profile of user 0 = normalised mean of v0, v1; score of item 1 = cos(profile, v1).
    const enc = toyEncoder();
    const [v0, v1] = await enc.embed(['smooth jazz saxophone', 'jazz piano trio']);
    const p = v0!.map((x, d) => x + v1![d]!);
    const cos = p.reduce((a, x, d) => a + x * v1![d]!, 0) / Math.hypot(...p);
    expect(jazzFan[1]).toBeCloseTo(cos, 6);
    expect(row(s, 2, 6)).toEqual([0, 0, 0, 0, 0, 0]); // no training items: no profile
  });

  test('content without item texts or an encoder is a typed error', async () => {
    const { itemTexts: _none, ...noText } = data();
    void _none;
    await expect(
      new ContentProfile().fit(noText, { seed: 1, log: () => undefined, textEncoder: toyEncoder() }),
    ).rejects.toThrow(BadInputError);
    await expect(new ContentProfile().fit(data(), { seed: 1, log: () => undefined })).rejects.toThrow(BadInputError);
  });

  test('the text-vector cache encodes each distinct text once per model, across runs, and returns the same vectors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'text-vectors-'));
    const inner = toyEncoder();
    const first = cachedTextEncoder(inner, dir, { batchSize: 2 });
    const a = await first.embed(['jazz piano trio', 'horror film', 'jazz piano trio', 'zombie night']);
    expect(inner.calls.flat().sort()).toEqual(['horror film', 'jazz piano trio', 'zombie night']);
    expect(first.stats).toEqual({ hits: 0, encoded: 3 });
    const again = toyEncoder();
    const second = cachedTextEncoder(again, dir); // a later run: from disk
    const b = await second.embed(['zombie night', 'jazz piano trio', 'haunted house']);
    expect(again.calls).toEqual([['haunted house']]);
    expect(Array.from(b[0]!)).toEqual(Array.from(a[3]!));
    expect(Array.from(b[1]!)).toEqual(Array.from(a[0]!));
    // Another model id never reads these vectors.
    const hashing = new HashingEncoder({ dimension: 16 });
    const h = await cachedTextEncoder(hashing, dir).embed(['jazz piano trio']);
    expect(h[0]).toHaveLength(16);
  });
});
