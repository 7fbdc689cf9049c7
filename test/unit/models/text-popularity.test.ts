import { buildCsr, transposeCsr } from '../../../src/graph/csr';
import { TextPopularity } from '../../../src/models/text-popularity';
import type { TrainData } from '../../../src/models/types';

describe('text-popularity', () => {
  // Items 0–3 read like blockbusters (direction 0) and have 5 users each; items 4–7 read like niche
  // films (direction 1) with 1 user each; items 8 (blockbuster-like) and 9 (niche-like) are new.
  const nu = 6;
  const u: number[] = [];
  const i: number[] = [];
  for (let item = 0; item < 4; item++)
    for (let user = 0; user < 5; user++) {
      u.push(user);
      i.push(item);
    }
  for (let item = 4; item < 8; item++) {
    u.push(5);
    i.push(item);
  }
  const userItems = buildCsr(nu, 10, Int32Array.from(u), Int32Array.from(i));
  const vector = (dir: number, k: number) =>
    Float32Array.from([dir === 0 ? 1 : 0.1 * k, dir === 1 ? 1 : 0.1 * k, 0.05 * k]);
  const itemTextVectors = Array.from({ length: 10 }, (_, item) => vector(item < 4 || item === 8 ? 0 : 1, item % 4));
  const data: TrainData = {
    numUsers: nu,
    numItems: 10,
    userItems,
    itemUsers: transposeCsr(userItems),
    social: buildCsr(nu, nu, new Int32Array(0), new Int32Array(0)),
    itemTextVectors,
  };

  test('ranks a new item that reads like the popular ones above one that reads like the niche ones, the same for every user', async () => {
    const m = new TextPopularity({ lambda: 0.1 });
    await m.fit(data, { seed: 1, log: () => undefined });
    const s = m.score(Int32Array.of(0, 5));
    expect(s[8]).toBeGreaterThan(s[9]!);
    expect(Array.from(s.slice(0, 10))).toEqual(Array.from(s.slice(10, 20)));
  });

  test('needs text vectors or texts with an encoder, and a positive lambda', async () => {
    const { itemTextVectors: _v, ...bare } = data;
    await expect(new TextPopularity().fit(bare, { seed: 1, log: () => undefined })).rejects.toThrow(
      /one text per item/,
    );
    expect(() => new TextPopularity({ lambda: 0 })).toThrow(/lambda/);
  });
});
