/**
 * A tiny hand-built world for ranking tests: 5 users, 8 items.
 *   users 0–1–2 are friends in a chain 0–1, 1–2, 0–3; user 4 is isolated.
 *   u0 engaged items 0, 1;  u1: 1, 2, 3;  u2: 3, 4;  u3: 0, 5;  u4: 6.
 *   item 7 has no engagement at all (a fresh upload).
 * Content: items 0,1,2 "rock" direction, 3,4 "jazz", 5,6 "news", 7 "rock" too; 3-d unit vectors.
 */
import { buildCsr, transposeCsr } from '../../../src/graph/csr';
import type { TrainData } from '../../../src/models/types';
import { buildRankingData, type RankingData, type RankingSideInfo } from '../../../src/ranking/ranking-data';

export function tinyTrain(): TrainData {
  const pairs: [number, number, number][] = [
    [0, 0, 3],
    [0, 1, 2],
    [1, 1, 1],
    [1, 2, 5],
    [1, 3, 1],
    [2, 3, 2],
    [2, 4, 2],
    [3, 0, 1],
    [3, 5, 1],
    [4, 6, 1],
  ];
  const userItems = buildCsr(
    5,
    8,
    Int32Array.from(pairs.map((p) => p[0])),
    Int32Array.from(pairs.map((p) => p[1])),
    Float32Array.from(pairs.map((p) => p[2])),
  );
  const edges = [
    [0, 1],
    [1, 2],
    [0, 3],
  ];
  const src = Int32Array.from(edges.flatMap(([a, b]) => [a!, b!]));
  const dst = Int32Array.from(edges.flatMap(([a, b]) => [b!, a!]));
  const social = buildCsr(5, 5, src, dst);
  return { numUsers: 5, numItems: 8, userItems, itemUsers: transposeCsr(userItems), social };
}

const R = [1, 0, 0];
const J = [0, 1, 0];
const N = [0, 0, 1];
export const CONTENT = [R, [0.96, 0.28, 0], [0.96, 0, 0.28], J, [0.28, 0.96, 0], N, [0, 0.28, 0.96], R];

export function tinyData(side: RankingSideInfo = {}): RankingData {
  const content = { dim: 3, items: Float32Array.from(CONTENT.flat()) };
  // Graph embeddings: 2-d, items 0–2 along x, 3–4 along y, 5–6 negative x, 7 zero (never trained).
  const gi = [
    [1, 0],
    [0.9, 0.1],
    [0.8, 0.2],
    [0.1, 0.9],
    [0, 1],
    [-1, 0],
    [-0.9, 0.1],
    [0, 0],
  ];
  const gu = [
    [1, 0],
    [0.6, 0.6],
    [0.1, 0.9],
    [0, 0],
    [-1, 0],
  ];
  return buildRankingData(tinyTrain(), {
    content,
    graph: { dim: 2, items: Float32Array.from(gi.flat()), users: Float32Array.from(gu.flat()) },
    itemIds: ['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7'],
    userIds: ['u0', 'u1', 'u2', 'u3', 'u4'],
    itemTerms: [
      ['rock'],
      ['rock', 'indie'],
      ['rock', 'punk'],
      ['jazz'],
      ['jazz', 'bebop'],
      ['news'],
      ['news', 'talk'],
      ['rock', 'classic rock'],
    ],
    ...side,
  });
}
