/**
 * graph-ease's tag weight and EASE's X: with tuning, one EASE per `tagGrid` weight (where there are item tags)
 * and `gramGrid` γ, each scored alone on validation before the blend is tuned; the best is the one served.
 * Without tags the tag grid is not walked.
 */
import { initBackend } from '../../../src/models/backend';
import { GraphEase, type GraphEaseOptions } from '../../../src/models/graph-ease';
import type { TrainData } from '../../../src/models/types';
import { toyTrainData } from '../../support/toy-train-data';

beforeAll(async () => {
  await initBackend({ preferred: 'cpu' });
});

const base = toyTrainData(4);
// Two tags across the four taste groups' items, so they change EASE's weights.
const tagged = toyTrainData(4, { tags: 2 });
// Engagement that varies, so the profile weights in EASE's X differ from binary X.
const played = toyTrainData(4, { tags: 2, weight: (k) => 0.5 + ((k * 7) % 5) * 0.6 });
const blend = { gcnWeight: 0, gcnGrid: [0], rp3Weight: 1, rp3Grid: [1], userRowGrid: [0] };
const silent = (): void => undefined;
const users = Int32Array.of(0, 5, 9);

/** A tuned model's choice, scripted: the validation scores returned in turn (0.5 past the script), the log kept. */
async function tunedOn(data: TrainData, options: Partial<GraphEaseOptions>, script: number[]) {
  const lines: string[] = [];
  let calls = 0;
  const model = new GraphEase({ ...blend, tune: true, ...options });
  await model.fit(data, { seed: 1, log: (l) => lines.push(l), validate: () => script[calls++] ?? 0.5 });
  return { scores: Array.from(model.score(users)), lines, calls };
}

/** The users' scores of an untuned model with these settings. */
async function fixedScores(data: TrainData, options: Partial<GraphEaseOptions>): Promise<number[]> {
  const fixed = new GraphEase({ ...blend, tune: false, ...options });
  await fixed.fit(data, { seed: 1, log: silent });
  return Array.from(fixed.score(users));
}

it('keeps the tagGrid weight whose EASE alone reads best on validation, then tunes the blend', async () => {
  const tuned = await tunedOn(tagged, { tagGrid: [0, 2, 5] }, [0.1, 0.3, 0.2]);
  expect(tuned.calls).toBe(4); // three EASE fits, then the one-point blend grid
  expect(tuned.lines).toContain("graph-ease: chose tagWeight 2 gramGamma 0 (EASE's valid ndcg@10 0.3000)");
  expect(tuned.scores).toEqual(await fixedScores(tagged, { tagWeight: 2 }));
  expect(tuned.scores).not.toEqual(await fixedScores(tagged, { tagWeight: 0 }));
});

it('does not walk the tag grid without item tags', async () => {
  let calls = 0;
  const tuned = new GraphEase({ ...blend, tune: true, tagGrid: [0, 2, 5] });
  await tuned.fit(base, { seed: 1, log: silent, validate: () => ++calls });
  expect(calls).toBe(1);
});

it('walks every tag weight with every gramGrid γ and serves the pair that read best', async () => {
  // (0, 0), (2, 0), (0, 0.5), (2, 0.5)
  const tuned = await tunedOn(played, { tagGrid: [0, 2], gramGrid: [0, 0.5] }, [0.1, 0.2, 0.4, 0.3]);
  expect(tuned.calls).toBe(5);
  expect(tuned.lines).toContain("graph-ease: chose tagWeight 0 gramGamma 0.5 (EASE's valid ndcg@10 0.4000)");
  expect(tuned.scores).toEqual(await fixedScores(played, { tagWeight: 0, gramGamma: 0.5 }));
  expect(tuned.scores).not.toEqual(await fixedScores(played, { tagWeight: 0, gramGamma: 0 }));
});

it("chooses the EASE slot's popularity damping from dampGrid after the tag weight, and serves it", async () => {
  // The tag grid's one fit is not walked; then β 0, 0.3, 0.6.
  const tuned = await tunedOn(tagged, { tagGrid: [2], dampGrid: [0, 0.3, 0.6] }, [0.2, 0.1, 0.3]);
  expect(tuned.calls).toBe(4); // three βs, then the one-point blend grid
  expect(tuned.lines).toContain("graph-ease: chose popDamping 0.6 (EASE's valid ndcg@10 0.3000)");
  expect(tuned.scores).toEqual(await fixedScores(tagged, { tagWeight: 2, popDamping: 0.6 }));
  expect(tuned.scores).not.toEqual(await fixedScores(tagged, { tagWeight: 2, popDamping: 0 }));
});
