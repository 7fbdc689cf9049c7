/** A seeded random engagement world for item-model tests (local EASE, fused's EASE model). */
import { buildCsr, transposeCsr } from '../../../src/graph/csr';
import { createRng } from '../../../src/models/random';
import type { TrainData } from '../../../src/models/types';

/** Distinct (user, item) pairs: `users` users with `perUser` seeded items each, plus one user of every item when `everyItem`. */
export function pairsData(seed: number, users: number, items: number, perUser: number, everyItem = false): TrainData {
  const rng = createRng(seed);
  const u: number[] = [];
  const i: number[] = [];
  for (let user = 0; user < users; user++) {
    const chosen = new Set<number>();
    while (chosen.size < perUser) chosen.add(rng.int(items));
    for (const item of chosen) {
      u.push(user);
      i.push(item);
    }
  }
  if (everyItem)
    for (let item = 0; item < items; item++) {
      u.push(users);
      i.push(item);
    }
  const nu = users + (everyItem ? 1 : 0);
  const userItems = buildCsr(nu, items, Int32Array.from(u), Int32Array.from(i));
  const social = buildCsr(nu, nu, new Int32Array(0), new Int32Array(0));
  return { numUsers: nu, numItems: items, userItems, itemUsers: transposeCsr(userItems), social };
}
