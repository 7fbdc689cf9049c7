/**
 * Random baseline: every (user, item) gets a uniform score in [0, 1) from a mulberry32 stream seeded
 * by (fit seed, user), so a user's row is the same whatever batch it is scored in. The floor of any
 * protocol: on a list of n candidates its expected Recall@K is K / n.
 */
import { createRng } from './random';
import type { FitContext, Recommender, TrainData } from './types';

export class RandomScores implements Recommender {
  readonly name = 'random';
  private numItems = 0;
  private seed = 0;

  async fit(data: TrainData, ctx: FitContext): Promise<void> {
    this.numItems = data.numItems;
    this.seed = ctx.seed;
  }

  score(users: Int32Array): Float32Array {
    const n = this.numItems;
    const out = new Float32Array(users.length * n);
    for (let r = 0; r < users.length; r++) {
      const rng = createRng((Math.imul(this.seed, 0x9e3779b1) ^ Math.imul(users[r]! + 1, 0x85ebca6b)) >>> 0);
      for (let j = 0; j < n; j++) out[r * n + j] = rng.next();
    }
    return out;
  }
}
