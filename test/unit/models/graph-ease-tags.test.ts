/**
 * graph-ease's tag weight and EASE's X: with tuning, one EASE per `tagGrid` weight (where there are item tags)
 * and `gramGrid` γ, each scored alone on validation before the blend is tuned; the best is the one served.
 * Without tags the tag grid is not walked.
 */
import { initBackend } from '../../../src/models/backend';
import { GraphEase } from '../../../src/models/graph-ease';
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

it('keeps the tagGrid weight whose EASE alone reads best on validation, then tunes the blend', async () => {
  const script = [0.1, 0.3, 0.2];
  const lines: string[] = [];
  let calls = 0;
  const tuned = new GraphEase({ ...blend, tune: true, tagGrid: [0, 2, 5] });
  await tuned.fit(tagged, { seed: 1, log: (l) => lines.push(l), validate: () => script[calls++] ?? 0.5 });
  expect(calls).toBe(4); // three EASE fits, then the one-point blend grid
  expect(lines).toContain("graph-ease: chose tagWeight 2 gramGamma 0 (EASE's valid ndcg@10 0.3000)");
  const scoresAt = async (tagWeight: number): Promise<Float32Array> => {
    const fixed = new GraphEase({ ...blend, tune: false, tagWeight });
    await fixed.fit(tagged, { seed: 1, log: silent });
    return fixed.score(Int32Array.of(0, 5, 9));
  };
  const users = Int32Array.of(0, 5, 9);
  expect(Array.from(tuned.score(users))).toEqual(Array.from(await scoresAt(2)));
  expect(Array.from(tuned.score(users))).not.toEqual(Array.from(await scoresAt(0)));
});

it('does not walk the tag grid without item tags', async () => {
  let calls = 0;
  const tuned = new GraphEase({ ...blend, tune: true, tagGrid: [0, 2, 5] });
  await tuned.fit(base, { seed: 1, log: silent, validate: () => ++calls });
  expect(calls).toBe(1);
});

it('walks every tag weight with every gramGrid γ and serves the pair that read best', async () => {
  const script = [0.1, 0.2, 0.4, 0.3]; // (0, 0), (2, 0), (0, 0.5), (2, 0.5)
  const lines: string[] = [];
  let calls = 0;
  const tuned = new GraphEase({ ...blend, tune: true, tagGrid: [0, 2], gramGrid: [0, 0.5] });
  await tuned.fit(played, { seed: 1, log: (l) => lines.push(l), validate: () => script[calls++] ?? 0.5 });
  expect(calls).toBe(5);
  expect(lines).toContain("graph-ease: chose tagWeight 0 gramGamma 0.5 (EASE's valid ndcg@10 0.4000)");
  const scoresAt = async (gramGamma: number): Promise<Float32Array> => {
    const fixed = new GraphEase({ ...blend, tune: false, tagWeight: 0, gramGamma });
    await fixed.fit(played, { seed: 1, log: silent });
    return fixed.score(Int32Array.of(0, 5, 9));
  };
  const users = Int32Array.of(0, 5, 9);
  expect(Array.from(tuned.score(users))).toEqual(Array.from(await scoresAt(0.5)));
  expect(Array.from(tuned.score(users))).not.toEqual(Array.from(await scoresAt(0)));
});

it("chooses the EASE slot's popularity damping from dampGrid after the tag weight, and serves it", async () => {
  const script = [0.2, 0.1, 0.3]; // the tag grid's one fit is not walked; then β 0, 0.3, 0.6
  const lines: string[] = [];
  let calls = 0;
  const tuned = new GraphEase({ ...blend, tune: true, tagGrid: [2], dampGrid: [0, 0.3, 0.6] });
  await tuned.fit(tagged, { seed: 1, log: (l) => lines.push(l), validate: () => script[calls++] ?? 0.5 });
  expect(calls).toBe(4); // three βs, then the one-point blend grid
  expect(lines).toContain("graph-ease: chose popDamping 0.6 (EASE's valid ndcg@10 0.3000)");
  const scoresAt = async (popDamping: number): Promise<Float32Array> => {
    const fixed = new GraphEase({ ...blend, tune: false, tagWeight: 2, popDamping });
    await fixed.fit(tagged, { seed: 1, log: silent });
    return fixed.score(Int32Array.of(0, 5, 9));
  };
  const users = Int32Array.of(0, 5, 9);
  expect(Array.from(tuned.score(users))).toEqual(Array.from(await scoresAt(0.6)));
  expect(Array.from(tuned.score(users))).not.toEqual(Array.from(await scoresAt(0)));
});
