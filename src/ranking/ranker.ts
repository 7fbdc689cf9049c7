/**
 * The fusion ranker: logistic regression over standardised features (a "light ranker"),
 *   z = (x − μ) / σ,   p(engage | x) = σ(w · z + b)
 * trained by full-batch gradient descent with Adam (Kingma & Ba 2015) on the mean log-loss
 *   L = −(1/N) Σ [c₊ y log p + c₋ (1 − y) log(1 − p)] + (λ/2) ‖w‖²
 * with class weights c₊, c₋ balancing the few positives against many negatives. Plain TypeScript:
 * eleven features and ~10⁵ rows train in well under a second, and the model serialises to JSON
 * (stored in Neo4j by the train-ranker job; until then serving uses default-ranker.ts).
 * Per-feature contributions w_f · z_f are what explanations report.
 */
import { BadInputError } from '../domain/errors';
import { validBlendWeights, type BlendWeights } from './blend';
import { FEATURE_NAMES, NUM_FEATURES } from './features';

export interface RankerModel {
  kind: 'logistic';
  version: 1;
  features: string[];
  mean: number[];
  std: number[];
  weights: number[];
  bias: number;
  /** Weights of the blend feature this ranker was trained with (ranking/blend.ts); absent: the defaults. */
  blend?: BlendWeights;
  /** Free-form provenance (trained when, on what, validation metrics). */
  meta?: Record<string, unknown>;
}

export interface TrainRankerOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  /** Reweight classes so positives and negatives carry equal total weight. */
  balance: boolean;
  seed: number;
  /**
   * Features constant in the training rows (e.g. query or context on a dataset without them) get
   * this model's weight, so a trained ranker still reacts to them at serving time.
   */
  fallback?: RankerModel;
}

export const TRAIN_RANKER_DEFAULTS: Readonly<TrainRankerOptions> = Object.freeze({
  epochs: 300,
  learningRate: 0.05,
  l2: 1e-4,
  balance: true,
  seed: 1,
});

/**
 * Features a stored ranker may lack, appended since rankers were first stored: a ranker trained before
 * one existed reads it with weight 0 (μ 0, σ 1), so it ranks exactly as it did when it was stored.
 */
const ADDED_FEATURES: readonly string[] = ['blend'];

/** A stored ranker's feature vectors, extended with weight 0 for features added since it was stored. */
function migrate(m: Partial<RankerModel>): Partial<RankerModel> {
  const features = m.features;
  if (!features || features.length >= NUM_FEATURES) return m;
  const missing = FEATURE_NAMES.slice(features.length);
  const prefix = features.every((f, k) => f === FEATURE_NAMES[k]);
  if (!prefix || missing.some((f) => !ADDED_FEATURES.includes(f))) return m;
  const pad = (v: unknown, x: number) =>
    Array.isArray(v) && v.length === features.length ? [...v, ...missing.map(() => x)] : v;
  return {
    ...m,
    features: [...FEATURE_NAMES],
    mean: pad(m.mean, 0) as number[],
    std: pad(m.std, 1) as number[],
    weights: pad(m.weights, 0) as number[],
  };
}

/** Validates and fills a model read from JSON (Neo4j); rankers stored before a feature was added are migrated. */
export function parseRanker(json: unknown): RankerModel {
  const m = migrate((json ?? {}) as Partial<RankerModel>);
  const F = NUM_FEATURES;
  if (!json || m.kind !== 'logistic')
    throw new BadInputError('ranker.kind', `ranker kind must be "logistic" (got ${String(m?.kind)})`, m?.kind);
  const features = m.features ?? [...FEATURE_NAMES];
  if (features.length !== F || features.some((f, k) => f !== FEATURE_NAMES[k])) {
    throw new BadInputError(
      'ranker.features',
      `ranker features must be ${FEATURE_NAMES.join(',')} (got ${features.join(',')})`,
      features,
    );
  }
  if (m.blend !== undefined && !validBlendWeights(m.blend))
    throw new BadInputError(
      'ranker.blend',
      'ranker blend weights must be finite numbers ≥ 0 (walk, graph, social)',
      m.blend,
    );
  for (const key of ['mean', 'std', 'weights'] as const) {
    const v = m[key];
    if (!Array.isArray(v) || v.length !== F || v.some((x) => typeof x !== 'number' || !Number.isFinite(x))) {
      throw new BadInputError(`ranker.${key}`, `ranker ${key} must be ${F} finite numbers`, v);
    }
  }
  if (m.std!.some((s) => !(s > 0))) throw new BadInputError('ranker.std', 'ranker std values must be > 0', m.std);
  return {
    kind: 'logistic',
    version: 1,
    features,
    mean: m.mean!,
    std: m.std!,
    weights: m.weights!,
    bias: Number(m.bias ?? 0),
    ...(m.blend ? { blend: { walk: m.blend.walk, graph: m.blend.graph, social: m.blend.social ?? 0 } } : {}),
    ...(m.meta ? { meta: m.meta } : {}),
  };
}

export function serializeRanker(model: RankerModel): string {
  return JSON.stringify(model);
}

export function deserializeRanker(text: string): RankerModel {
  return parseRanker(JSON.parse(text));
}

/** Standardised contribution w_f · z_f of each feature of one row. */
export function contributions(
  model: RankerModel,
  rows: Float32Array,
  r: number,
  out = new Float64Array(NUM_FEATURES),
): Float64Array {
  const F = NUM_FEATURES;
  for (let f = 0; f < F; f++) out[f] = model.weights[f]! * ((rows[r * F + f]! - model.mean[f]!) / model.std[f]!);
  return out;
}

/** Logit w·z + b per row (monotone in the probability, cheaper, used for ranking). */
export function scoreRows(model: RankerModel, rows: Float32Array): Float64Array {
  const F = NUM_FEATURES;
  const n = rows.length / F;
  const out = new Float64Array(n);
  const a = model.weights.map((w, f) => w / model.std[f]!);
  let c = model.bias;
  for (let f = 0; f < F; f++) c -= a[f]! * model.mean[f]!;
  for (let r = 0; r < n; r++) {
    let s = c;
    for (let f = 0; f < F; f++) s += a[f]! * rows[r * F + f]!;
    out[r] = s;
  }
  return out;
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Trains on feature rows (n × F) and 0/1 labels. */
export function trainRanker(
  rows: Float32Array,
  labels: Uint8Array,
  options: Partial<TrainRankerOptions> = {},
): RankerModel {
  const settings = { ...TRAIN_RANKER_DEFAULTS, ...options };
  const F = NUM_FEATURES;
  const n = labels.length;
  if (rows.length !== n * F)
    throw new BadInputError('rows', `rows must be labels.length × ${F} (got ${rows.length} for ${n} labels)`);
  let pos = 0;
  for (let r = 0; r < n; r++) pos += labels[r]!;
  if (pos === 0 || pos === n)
    throw new BadInputError('labels', `labels need both classes (got ${pos} positives of ${n})`, pos);
  const mean = new Array<number>(F).fill(0);
  const std = new Array<number>(F).fill(0);
  for (let r = 0; r < n; r++) for (let f = 0; f < F; f++) mean[f]! += rows[r * F + f]! / n;
  for (let r = 0; r < n; r++) for (let f = 0; f < F; f++) std[f]! += (rows[r * F + f]! - mean[f]!) ** 2 / n;
  const variance = [...std];
  for (let f = 0; f < F; f++) std[f] = Math.sqrt(std[f]!) > 1e-9 ? Math.sqrt(std[f]!) : 1;
  const z = new Float64Array(n * F);
  for (let r = 0; r < n; r++) for (let f = 0; f < F; f++) z[r * F + f] = (rows[r * F + f]! - mean[f]!) / std[f]!;
  const cPos = settings.balance ? n / (2 * pos) : 1;
  const cNeg = settings.balance ? n / (2 * (n - pos)) : 1;
  const w = new Float64Array(F + 1); // last = bias
  const m1 = new Float64Array(F + 1);
  const m2 = new Float64Array(F + 1);
  const g = new Float64Array(F + 1);
  const b1 = 0.9;
  const b2 = 0.999;
  for (let t = 1; t <= settings.epochs; t++) {
    g.fill(0);
    for (let r = 0; r < n; r++) {
      let s = w[F]!;
      for (let f = 0; f < F; f++) s += w[f]! * z[r * F + f]!;
      const y = labels[r]!;
      const err = (sigmoid(s) - y) * (y ? cPos : cNeg);
      for (let f = 0; f < F; f++) g[f]! += (err * z[r * F + f]!) / n;
      g[F]! += err / n;
    }
    for (let f = 0; f < F; f++) g[f]! += settings.l2 * w[f]!;
    for (let f = 0; f <= F; f++) {
      m1[f] = b1 * m1[f]! + (1 - b1) * g[f]!;
      m2[f] = b2 * m2[f]! + (1 - b2) * g[f]! * g[f]!;
      const mh = m1[f]! / (1 - Math.pow(b1, t));
      const vh = m2[f]! / (1 - Math.pow(b2, t));
      w[f]! -= (settings.learningRate * mh) / (Math.sqrt(vh) + 1e-8);
    }
  }
  const weights = Array.from(w.subarray(0, F));
  const constant: string[] = [];
  for (let f = 0; f < F; f++) {
    if (!settings.fallback || variance[f]! > 1e-12) continue;
    // Constant in training: w_f had no gradient beyond L2; borrow the fallback's (μ, σ, w).
    mean[f] = settings.fallback.mean[f]!;
    std[f] = settings.fallback.std[f]!;
    weights[f] = settings.fallback.weights[f]!;
    constant.push(FEATURE_NAMES[f]!);
  }
  const { fallback: _f, ...rest } = settings;
  void _f;
  return {
    kind: 'logistic',
    version: 1,
    features: [...FEATURE_NAMES],
    mean,
    std,
    weights,
    bias: w[F]!,
    meta: { rows: n, positives: pos, fromFallback: constant, ...rest },
  };
}

/** Mean (unweighted) log-loss of a model on rows, for tests and reports. */
export function logLoss(model: RankerModel, rows: Float32Array, labels: Uint8Array): number {
  const s = scoreRows(model, rows);
  let l = 0;
  for (let r = 0; r < labels.length; r++) {
    const p = Math.min(1 - 1e-12, Math.max(1e-12, sigmoid(s[r]!)));
    l -= labels[r] ? Math.log(p) : Math.log(1 - p);
  }
  return l / labels.length;
}
