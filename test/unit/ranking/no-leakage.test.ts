/**
 * No leakage (DESIGN.md): no validation or test pair may contribute to any ranking feature. We add a
 * unique tag and inflated weights on every held-out pair of a dataset; the ranking data and every
 * feature of every (user, item) built from the training split must be bit-identical to the
 * unperturbed run, and the tag must appear in no item's text.
 */
import type { Dataset } from '../../../src/eval/dataset';
import { splitByUser, type Split } from '../../../src/eval/split';
import { buildTrainData } from '../../../src/eval/train-data';
import { hasEdge } from '../../../src/graph/csr';
import { createRng } from '../../../src/models/random';
import type { TrainData } from '../../../src/models/types';
import { computeFeatures } from '../../../src/ranking/features';
import { FusedRecommender } from '../../../src/eval/fused/fused-model';
import { innerSplit } from '../../../src/eval/fused/inner-split';
import { requestSignals } from '../../../src/ranking/rank-for-user';
import { buildRankingData, itemTagTerms, type RankingData } from '../../../src/ranking/ranking-data';
import { userStateFromData } from '../../../src/ranking/user-state';
import { HashingEncoder } from '../../../src/text/hashing-encoder';

function dataset(): Dataset {
  const rng = createRng(42);
  const nu = 30;
  const ni = 40;
  const pu: number[] = [];
  const pi: number[] = [];
  const pw: number[] = [];
  const tu: number[] = [];
  const ti: number[] = [];
  const tt: number[] = [];
  for (let u = 0; u < nu; u++) {
    const items = new Set<number>();
    while (items.size < 6 + (u % 7)) items.add(rng.int(ni));
    for (const i of items) {
      pu.push(u);
      pi.push(i);
      pw.push(1 + rng.int(50));
      tu.push(u);
      ti.push(i);
      tt.push(i % 5); // genre tags 0..4
    }
  }
  const ss: number[] = [];
  const sd: number[] = [];
  for (let u = 0; u < nu; u++) {
    const v = (u * 7 + 3) % nu;
    if (v !== u) {
      ss.push(u, v);
      sd.push(v, u);
    }
  }
  return {
    name: 'toy',
    userIds: Array.from({ length: nu }, (_, u) => `u${u}`),
    itemIds: Array.from({ length: ni }, (_, i) => `m${i}`),
    pairs: { user: Int32Array.from(pu), item: Int32Array.from(pi), weight: Float32Array.from(pw) },
    social: { src: Int32Array.from(ss), dst: Int32Array.from(sd) },
    tagAssignments: { user: Int32Array.from(tu), item: Int32Array.from(ti), tag: Int32Array.from(tt) },
    tagNames: ['rock', 'jazz', 'pop', 'folk', 'metal', 'leak'],
  };
}

/** The dataset plus a "leak" tag on every held-out pair. */
function withLeakyTags(d: Dataset, split: Split): Dataset {
  const a = d.tagAssignments!;
  const u = Array.from(a.user);
  const i = Array.from(a.item);
  const t = Array.from(a.tag);
  for (const part of [split.valid, split.test]) {
    for (let r = 0; r < part.rows; r++) {
      for (let k = part.offsets[r]!; k < part.offsets[r + 1]!; k++) {
        u.push(r);
        i.push(part.targets[k]!);
        t.push(5);
      }
    }
  }
  return { ...d, tagAssignments: { user: Int32Array.from(u), item: Int32Array.from(i), tag: Int32Array.from(t) } };
}

async function rankingData(train: TrainData, names: string[]): Promise<RankingData> {
  const enc = new HashingEncoder({ dimension: 64 });
  const terms = itemTagTerms(train, names);
  const vecs = await enc.embed(terms.map((t) => t.join(', ')));
  const items = new Float32Array(train.numItems * 64);
  vecs.forEach((v, k) => items.set(v, k * 64));
  return buildRankingData(train, { content: { dim: 64, items }, itemTerms: terms });
}

function allFeatures(data: RankingData): Float32Array[] {
  const items = Array.from({ length: data.numItems }, (_, i) => i);
  return Array.from({ length: data.numUsers }, (_, u) => {
    const state = userStateFromData(data, u);
    return computeFeatures(data, requestSignals(data, { user: u, state, k: 0, now: 0 }), items, { now: 0 });
  });
}

describe('no leakage from validation and test pairs', () => {
  const d = dataset();
  const split = splitByUser(d, { seed: 1 });
  const clean = buildTrainData(d, split);
  const leaky = buildTrainData(withLeakyTags(d, split), split);

  it('held-out pairs exist, and none is a training pair of the ranking data', async () => {
    const data = await rankingData(leaky, d.tagNames);
    let heldOut = 0;
    for (const part of [split.valid, split.test]) {
      for (let u = 0; u < part.rows; u++) {
        for (let k = part.offsets[u]!; k < part.offsets[u + 1]!; k++) {
          heldOut++;
          expect(hasEdge(data.userItems, u, part.targets[k]!)).toBe(false);
        }
      }
    }
    expect(heldOut).toBeGreaterThan(20);
  });

  it('a tag put only on held-out pairs reaches no item text', () => {
    expect(itemTagTerms(leaky, d.tagNames).flat()).not.toContain('leak');
    expect(itemTagTerms(clean, d.tagNames).flat()).toContain('rock');
  });

  it('every feature of every (user, item) is identical with and without held-out tags', async () => {
    const a = allFeatures(await rankingData(clean, d.tagNames));
    const b = allFeatures(await rankingData(leaky, d.tagNames));
    expect(b.map((r) => Array.from(r))).toEqual(a.map((r) => Array.from(r)));
  });

  it('the fused model components (EASE co-engagement, spectral graph) ignore held-out pairs too', () => {
    const fused = new FusedRecommender({ easeNeighbours: 10, dim: 4 });
    const a = fused.buildData(clean, undefined, 1);
    const b = fused.buildData(leaky, undefined, 1);
    expect(Array.from(b.coEngagement!.weights)).toEqual(Array.from(a.coEngagement!.weights));
    expect(Array.from(b.graph!.items)).toEqual(Array.from(a.graph!.items));
    expect(allFeatures(b).map((r) => Array.from(r))).toEqual(allFeatures(a).map((r) => Array.from(r)));
  });

  it('the inner hold-out for ranker training is disjoint from what its components see', () => {
    const inner = innerSplit(clean, 0.2, 1);
    let n = 0;
    for (let u = 0; u < inner.heldOut.rows; u++) {
      for (let k = inner.heldOut.offsets[u]!; k < inner.heldOut.offsets[u + 1]!; k++) {
        n++;
        expect(hasEdge(inner.train.userItems, u, inner.heldOut.targets[k]!)).toBe(false);
        expect(hasEdge(clean.userItems, u, inner.heldOut.targets[k]!)).toBe(true);
      }
    }
    expect(n).toBeGreaterThan(10);
  });
});
