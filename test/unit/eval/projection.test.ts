/**
 * The served model's projection of a training split is what the store would hold after importing it:
 * follows with their direction, each pair's stored total weight exactly, and the media facts.
 */
import type { Dataset } from '../../../src/eval/dataset';
import { itemFacts } from '../../../src/eval/dataset';
import { projectionFromTrain } from '../../../src/eval/projection';
import { splitByUser } from '../../../src/eval/split';
import { buildTrainData } from '../../../src/eval/train-data';

/** 6 users × 20 items, non-integer weights (RATE-like), one-way follows, facts on every item. */
function dataset(): Dataset {
  const user: number[] = [];
  const item: number[] = [];
  const weight: number[] = [];
  for (let u = 0; u < 6; u++)
    for (let i = 0; i < 20; i++)
      if ((u * 7 + i * 3) % 4 !== 0) {
        user.push(u);
        item.push(i);
        weight.push(0.5 + ((u + i) % 5) * 0.7);
      }
  return {
    name: 'tiny',
    userIds: Array.from({ length: 6 }, (_, u) => `u${u}`),
    itemIds: Array.from({ length: 20 }, (_, i) => `m${i}`),
    pairs: { user: Int32Array.from(user), item: Int32Array.from(item), weight: Float32Array.from(weight) },
    social: { src: Int32Array.from([3, 0, 5]), dst: Int32Array.from([1, 4, 2]) },
    tagNames: [],
    itemFacts: Array.from({ length: 20 }, (_, i) =>
      itemFacts({
        kind: i % 2 ? 'AUDIO' : 'VIDEO',
        language: 'en',
        durationSec: 60 + i,
        publishedAt: new Date(Date.UTC(2024, 0, 1 + i)).toISOString(),
      }),
    ),
  };
}

describe('the served model’s projection of a training split', () => {
  const data = dataset();
  const split = splitByUser(data, { seed: 1 });
  const p = projectionFromTrain(buildTrainData(data, split));

  test('keeps the follows as declared, one way', () => {
    const follows = Array.from(p.follows.src, (s, k) => `${s}>${p.follows.dst[k]}`).sort();
    expect(follows).toEqual(['0>4', '3>1', '5>2']);
  });

  test('holds each training pair with its exact stored weight', () => {
    const want = new Map<string, number>();
    for (let u = 0; u < split.numUsers; u++)
      for (let k = split.train.offsets[u]!; k < split.train.offsets[u + 1]!; k++)
        want.set(`${u}:${split.train.targets[k]}`, split.train.weights[k]!);
    const got = new Map(Array.from(p.edges.user, (u, k) => [`${u}:${p.edges.item[k]}`, p.edges.weight[k]!]));
    expect(got).toEqual(want);
  });

  test('carries kinds, languages, durations and publish times', () => {
    expect(p.itemKinds.slice(0, 3)).toEqual(['VIDEO', 'AUDIO', 'VIDEO']);
    expect(p.itemMeta[3]!.durationSec).toBe(63);
    expect(p.itemMeta[3]!.language).toBe('en');
    expect(p.itemTimes[2]).toBe(Date.UTC(2024, 0, 3));
  });
});
