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
