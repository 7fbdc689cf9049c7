/**
 * Most-popular baseline: every user gets items ranked by their number of training users.
 * The floor any personalised model must clear (DESIGN.md sanity value R@10 0.0742).
 */
import type { FitContext, Recommender, TrainData } from './types';

export class Popularity implements Recommender {
  readonly name = 'popularity';
  private counts = new Float32Array(0);

  async fit(data: TrainData, _ctx: FitContext): Promise<void> {
    void _ctx;
    this.counts = new Float32Array(data.numItems);
    for (let i = 0; i < data.numItems; i++)
      this.counts[i] = data.itemUsers.offsets[i + 1]! - data.itemUsers.offsets[i]!;
  }

  score(users: Int32Array): Float32Array {
    const n = this.counts.length;
    const out = new Float32Array(users.length * n);
    for (let r = 0; r < users.length; r++) out.set(this.counts, r * n);
    return out;
  }
}
