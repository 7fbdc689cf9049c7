/**
 * graph-ease's engagement-strength profile (models/graph-ease.ts), shared with the serving blend
 * (ranking/blend.ts) so both weigh a user's items alike:
 *   x̃_ui = max(floor, 1 + γ·(w_ui − mean_u w))   (w = the TrainData weight, ln(1+plays) compressed).
 */
export const PROFILE_GAMMA = 0.5;
export const PROFILE_FLOOR = 0.05;

export function profileWeight(w: number, mean: number, gamma: number = PROFILE_GAMMA): number {
  return Math.max(PROFILE_FLOOR, 1 + gamma * (w - mean));
}

/** mean_u w: the mean weight of user u's row of a user × item CSR (0 for an empty row). */
export function meanRowWeight(rows: { offsets: Int32Array; weights: Float32Array }, u: number): number {
  const o0 = rows.offsets[u]!;
  const o1 = rows.offsets[u + 1]!;
  let mean = 0;
  for (let k = o0; k < o1; k++) mean += rows.weights[k]!;
  return mean / Math.max(1, o1 - o0);
}
