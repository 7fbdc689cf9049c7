/**
 * train-ranker job: learns the fusion weights the way the ranker is used. Each user's most recent
 * engagements (a `holdOut` share, at least one for users with ≥ `minHistory` items; ties in time are
 * broken by a seeded shuffle) are held out; the graph model is retrained on the rest so no feature has
 * seen a held-out pair; the serving candidate pipeline runs on that data; held-out candidates are
 * positives, the others negatives; a logistic regression is fitted and stored in Neo4j.
 */
import { buildCsr } from '../graph/csr';
import type { Csr } from '../graph/csr';
import { createModel, MODELS } from '../models/catalogue';
import { createRng } from '../models/random';
import { DEFAULT_RANKER } from '../ranking/default-ranker';
import { serializeRanker, trainRanker, type RankerModel } from '../ranking/ranker';
import { collectRankerExamples } from '../ranking/ranker-training';
import { buildServingData, readSnapshotParts, type SnapshotParts } from '../pipeline/serving-data';
import type { ContentStore, GraphProjection, GraphSource } from '../domain/ports';
import { graphFromProjection, trainDataFromGraph } from '../pipeline/graph-data';

export interface TrainRankerJobOptions {
  textModel: string;
  graphModel: string;
  graphConfig: Record<string, unknown>;
  backend: string;
  seed: number;
  holdOut: number;
  minHistory: number;
  log?: (line: string) => void;
}

export const TRAIN_RANKER_JOB_DEFAULTS = { holdOut: 0.1, minHistory: 5, seed: 1 };

export interface TrainRankerJobResult {
  examples: number;
  positives: number;
  candidateRecall: number;
  heldOutPairs: number;
  model: RankerModel;
}

/** Splits the projection's positive engagement edges into kept and held-out (most recent per user). */
export function holdOutRecent(
  p: GraphProjection,
  share: number,
  minHistory: number,
  seed: number,
): { kept: GraphProjection; heldOut: Csr } {
  const rng = createRng(seed);
  const byUser = new Map<number, number[]>();
  for (let k = 0; k < p.edges.user.length; k++) {
    if (!(p.edges.weight[k]! > 0)) continue;
    const u = p.edges.user[k]!;
    (byUser.get(u) ?? byUser.set(u, []).get(u)!).push(k);
  }
  const drop = new Uint8Array(p.edges.user.length);
  for (const edges of byUser.values()) {
    if (edges.length < minHistory) continue;
    const tie = new Map(edges.map((k) => [k, rng.next()]));
    edges.sort((a, b) => (p.edges.lastAt[b]! || 0) - (p.edges.lastAt[a]! || 0) || tie.get(a)! - tie.get(b)!);
    const n = Math.max(1, Math.round(edges.length * share));
    for (const k of edges.slice(0, n)) drop[k] = 1;
  }
  const keep = (k: number): boolean => drop[k] === 0;
  const idx = [...p.edges.user.keys()];
  const pick = <T extends Int32Array | Float32Array | Float64Array>(a: T, want: boolean): T =>
    (a.constructor as unknown as { from(x: number[]): T }).from(idx.filter((k) => keep(k) === want).map((k) => a[k]!));
  const kept: GraphProjection = {
    ...p,
    edges: {
      user: pick(p.edges.user, true),
      item: pick(p.edges.item, true),
      weight: pick(p.edges.weight, true),
      count: pick(p.edges.count, true),
      lastAt: pick(p.edges.lastAt, true),
    },
  };
  const heldOut = buildCsr(p.userIds.length, p.itemIds.length, pick(p.edges.user, false), pick(p.edges.item, false));
  return { kept, heldOut };
}

export async function runTrainRankerJob(
  graph: GraphSource,
  content: ContentStore,
  options: Partial<TrainRankerJobOptions> & Pick<TrainRankerJobOptions, 'textModel' | 'backend'>,
): Promise<TrainRankerJobResult> {
  const settings: TrainRankerJobOptions = {
    ...TRAIN_RANKER_JOB_DEFAULTS,
    graphModel: 'lightgcn',
    graphConfig: {},
    ...options,
  };
  const log = settings.log ?? (() => undefined);
  const parts = await readSnapshotParts(graph, content, settings.textModel);
  const { kept, heldOut } = holdOutRecent(parts.projection, settings.holdOut, settings.minHistory, settings.seed);
  log(
    `held out ${heldOut.targets.length} recent engagements; retraining ${settings.graphModel} on the other ${kept.edges.user.length}`,
  );
  const g = graphFromProjection(kept);
  const model = createModel(MODELS, settings.graphModel, settings.graphConfig);
  let embeddings: SnapshotParts['embeddings'] = { users: new Map(), media: new Map() };
  try {
    await model.fit(trainDataFromGraph(g), { seed: settings.seed, log, backend: settings.backend });
    const emb = model.embeddings?.();
    if (emb) {
      embeddings = {
        users: new Map(g.userIds.map((id, u) => [id, emb.users.slice(u * emb.dim, (u + 1) * emb.dim)])),
        media: new Map(g.itemIds.map((id, i) => [id, emb.items.slice(i * emb.dim, (i + 1) * emb.dim)])),
      };
    }
  } finally {
    model.dispose?.();
  }
  const { data } = buildServingData({ ...parts, projection: kept, embeddings });
  const ex = collectRankerExamples(data, heldOut, { seed: settings.seed });
  const positives = ex.labels.reduce((s, x) => s + x, 0);
  log(
    `${ex.labels.length} examples (${positives} positive); candidate recall ${(ex.candidateRecall * 100).toFixed(1)}%`,
  );
  const trained = trainRanker(ex.rows, ex.labels, { fallback: DEFAULT_RANKER, seed: settings.seed });
  trained.meta = {
    ...trained.meta,
    trainedAt: new Date().toISOString(),
    examples: ex.labels.length,
    positives,
    candidateRecall: ex.candidateRecall,
    graphModel: settings.graphModel,
    textModel: settings.textModel,
  };
  await content.writeRanker(serializeRanker(trained));
  return {
    examples: ex.labels.length,
    positives,
    candidateRecall: ex.candidateRecall,
    heldOutPairs: heldOut.targets.length,
    model: trained,
  };
}
