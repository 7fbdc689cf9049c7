import { buildCsr, transposeCsr } from '../../src/graph/csr';
import { createRng } from '../../src/models/random';
import type { TrainData } from '../../src/models/types';

export interface ToyOptions {
  users?: number;
  items?: number;
  /** Engagement weight of the k-th training pair (default 1). */
  weight?: (k: number) => number;
  /** Social edges as [sources, destinations]. */
  social?: [number[], number[]];
  /** Tags on every other item, the k-th tagged item with tag k mod `tags` (TrainData.itemTags); none when absent. */
  tags?: number;
}

/** Users in four taste groups of a quarter of the items each, six seeded engagements apiece. */
export function toyTrainData(seed: number, options: ToyOptions = {}): TrainData {
  const { users: nu = 30, items: ni = 40, weight = () => 1, social = [[], []], tags } = options;
  const rng = createRng(seed);
  const u: number[] = [];
  const i: number[] = [];
  for (let user = 0; user < nu; user++)
    for (let k = 0; k < 6; k++) {
      u.push(user);
      i.push((user % 4) * (ni / 4) + rng.int(ni / 4));
    }
  const userItems = buildCsr(nu, ni, Int32Array.from(u), Int32Array.from(i));
  for (let k = 0; k < userItems.weights.length; k++) userItems.weights[k] = weight(k);
  const follows = buildCsr(nu, nu, Int32Array.from(social[0]), Int32Array.from(social[1]));
  const data: TrainData = {
    numUsers: nu,
    numItems: ni,
    userItems,
    itemUsers: transposeCsr(userItems),
    social: follows,
  };
  if (tags === undefined) return data;
  const tagged = Math.ceil(ni / 2);
  return {
    ...data,
    itemTags: {
      item: Int32Array.from({ length: tagged }, (_, k) => k * 2),
      tag: Int32Array.from({ length: tagged }, (_, k) => k % tags),
      numTags: tags,
    },
  };
}
