import { buildCsr } from '../../../src/graph/csr';
import { usersWithHeldOut } from '../../../src/pipeline/ranker-fit';

describe('users whose candidate lists the train-ranker fit collects', () => {
  // Users 0..99; every third has no held-out pair.
  const u: number[] = [];
  const i: number[] = [];
  for (let user = 0; user < 100; user++) {
    if (user % 3 === 0) continue;
    u.push(user);
    i.push(user % 7);
  }
  const heldOut = buildCsr(100, 7, Int32Array.from(u), Int32Array.from(i));

  test('every user with a held-out pair, in order, under the cap', () => {
    expect(Array.from(usersWithHeldOut(heldOut, 1000, 1))).toEqual(u);
  });

  test('a seeded sample of the cap past it, sorted, each with a held-out pair', () => {
    const a = Array.from(usersWithHeldOut(heldOut, 10, 1));
    expect(a).toHaveLength(10);
    expect(a).toEqual([...a].sort((x, y) => x - y));
    expect(new Set(a).size).toBe(10);
    for (const user of a) expect(user % 3).not.toBe(0);
    expect(Array.from(usersWithHeldOut(heldOut, 10, 1))).toEqual(a);
    expect(Array.from(usersWithHeldOut(heldOut, 10, 2))).not.toEqual(a);
  });
});
