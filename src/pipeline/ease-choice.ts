/**
 * The settings of the snapshot's EASE the train-ranker job learns (pipeline/ranker-fit.ts): the weight of
 * the media's tags, the γ of X's profile weights and the β of its columns' popularity damping, each setting
 * read by EASE alone on the job's hold-out, as graph-ease reads them on validation (models/graph-ease.ts):
 * one fit per pair of a tag weight and a γ, its scores damped by each β (no refit: damping scales B's
 * columns). The item graphs' own setting (the grids' first where they lack it) is kept unless others read
 * surely better (safeChoice with the selection's margin); then the highest mean of those.
 * Why EASE alone, and one choice over all the settings (docs/results.md, "EASE's settings read by EASE
 * alone"): the blend's cross-fitted reading, one candidate build per setting, kept binary X on LastFM seeds
 * 3 and 5, where graph-ease chose γ 0.5 and β 0.1 on every seed; served with graph-ease's settings read
 * +1.2% and +1.1% on test there. In two stages (the pair, then β against the chosen pair's undamped
 * reading), β 0.1 was not surely better on seeds 1 and 2 and stayed 0.
 */
import type { Csr } from '../graph/csr';
import { fitEase, popularityDamping, type EaseModel } from '../models/ease';
import { meanRowWeight, profileWeight } from '../models/play-profile';
import type { TrainData } from '../models/types';
import { idealDcg, rankGain } from '../ranking/dcg';
import { perListMean, safeChoice, type PerList } from '../ranking/ranker-selection';
import { topKOf } from '../ranking/top-k';
import type { CoEngagementSettings } from './co-engagement';

/** The settings of the snapshot's EASE a choice names: only those it walked a grid for. */
export type EaseChoice = Partial<Pick<CoEngagementSettings, 'tagWeight' | 'gramGamma' | 'popDamping'>>;

/** The grids walked (absent: not walked, the item graphs' own value stays). */
export interface EaseGrids {
  tags?: readonly number[];
  gammas?: readonly number[];
  betas?: readonly number[];
}

/** What a choice reads: the kept training data and, per held-out user, the held-out items. */
export interface EaseHoldOut {
  train: TrainData;
  heldOut: Csr;
  /** The held-out users read (ascending). */
  users: Int32Array;
}

const CUTOFF = 10;

/**
 * EASE alone's NDCG@10 per held-out user, once per damping in `damps` (undefined: undamped): Σ over the
 * user's kept items in the model of x̃_ui · B_i (x̃ the blend's profile weights, ranking/blend.ts), column j
 * times damp_j, ranked over the model items the user has not engaged, against all the user's held-out items
 * (an item outside the model counts as missed). The sum is made once per user and damped per reading.
 */
export function easeAloneByUser(
  model: EaseModel,
  hold: EaseHoldOut,
  damps: readonly (Float32Array | undefined)[] = [undefined],
): PerList[] {
  const { train, heldOut, users } = hold;
  const { offsets, targets, weights } = train.userItems;
  const m = model.items.length;
  const a = new Float32Array(m);
  const damped = new Float32Array(m);
  const engaged = new Uint8Array(m);
  const out: PerList[] = damps.map(() => new Map());
  for (const u of users) {
    a.fill(0);
    engaged.fill(0);
    const o0 = offsets[u]!;
    const o1 = offsets[u + 1]!;
    const mean = meanRowWeight(train.userItems, u);
    for (let k = o0; k < o1; k++) {
      const p = model.position[targets[k]!]!;
      if (p < 0) continue;
      engaged[p] = 1;
      const x = profileWeight(weights[k]!, mean);
      const row = p * m;
      for (let j = 0; j < m; j++) a[j]! += x * model.weights[row + j]!;
    }
    const heldItems = new Set<number>();
    for (let k = heldOut.offsets[u]!; k < heldOut.offsets[u + 1]!; k++) heldItems.add(heldOut.targets[k]!);
    damps.forEach((damp, d) => {
      if (damp) for (let j = 0; j < m; j++) damped[j] = a[j]! * damp[j]!;
      let dcg = 0;
      topKOf(damp ? damped : a, CUTOFF, (p) => engaged[p] === 0).forEach((hit, r) => {
        if (heldItems.has(model.items[hit.item]!)) dcg += rankGain(r);
      });
      out[d]!.set(u, heldItems.size > 0 ? dcg / idealDcg(heldItems.size, CUTOFF) : 0);
    });
  }
  return out;
}

/** One setting read: its choice, EASE alone's mean and per-user NDCG@10. */
interface Reading {
  chosen: EaseChoice;
  mean: number;
  lists: PerList;
}

/**
 * The EASE settings learned on the hold-out (see the module's comment), from the item graphs' own
 * settings `own` and the grids walked; the log names each reading and the choice. Only one fitted EASE is
 * held at a time.
 */
export function chooseEase(
  hold: EaseHoldOut,
  own: CoEngagementSettings,
  grids: EaseGrids,
  margin: number,
  log: (line: string) => void,
): EaseChoice {
  const say = (c: EaseChoice): string => {
    const { tagWeight, gramGamma, popDamping } = { ...own, ...c };
    return `tag weight ${tagWeight}, gram γ ${gramGamma}, popularity damping ${popDamping}`;
  };
  const pairs: EaseChoice[] = (grids.gammas ?? [undefined]).flatMap((gramGamma) =>
    (grids.tags ?? [undefined]).map((tagWeight) => ({
      ...(tagWeight === undefined ? {} : { tagWeight }),
      ...(gramGamma === undefined ? {} : { gramGamma }),
    })),
  );
  // One fit per pair, its scores summed once and damped by each β: every setting the grids name is read.
  const betas = grids.betas ?? [own.popDamping];
  const options = pairs.flatMap((pair) => {
    const { lambda, minUsers } = own;
    const { tagWeight, gramGamma } = { ...own, ...pair };
    const model = fitEase(hold.train, { lambda, minUsers, tagWeight, gramGamma });
    const damps = betas.map((b) => (b > 0 ? popularityDamping(hold.train, model.items, b) : undefined));
    const read = easeAloneByUser(model, hold, damps);
    return betas.map((popDamping, d): Reading => {
      const chosen = grids.betas ? { ...pair, popDamping } : pair;
      const lists = read[d]!;
      const mean = perListMean(lists);
      log(`${say(chosen)}: EASE alone's held-out NDCG@10 ${mean.toFixed(4)} (by user)`);
      return { chosen, mean, lists };
    });
  });
  const isOwn = ({ chosen: c }: Reading): boolean =>
    (c.tagWeight ?? own.tagWeight) === own.tagWeight &&
    (c.gramGamma ?? own.gramGamma) === own.gramGamma &&
    (c.popDamping ?? own.popDamping) === own.popDamping;
  const chosen = options[safeChoice(options, Math.max(0, options.findIndex(isOwn)), margin)]!.chosen;
  log(`${say(chosen)} in the snapshot's EASE (the item graphs' own: ${say({})})`);
  return chosen;
}
