/**
 * `fused`: the ranking core (candidates, features, logistic fusion of src/ranking) as an
 * evaluation-only model (Recommender of src/models/types.ts): it stacks on the harness's validation
 * pairs, which serving never has, so it lives in eval/ (eval/models.ts lists it) and reads no file:
 * its options come resolved (graphEase included) and the tag names with the data (TrainData.tagNames).
 *
 * Components, all from the training split only (TrainData is leak-free by construction):
 *   co-engagement = EASE (Steck 2019): with `denseEase` the user's full-catalogue row X_u·B (one
 *                   sparse-row × dense-matrix product) is both the co-engagement candidate source and
 *                   feature, so the candidate pool holds EASE's own top-N; otherwise B's rows cut to
 *                   their `easeNeighbours` largest positive weights (the serving path's sparse form);
 *                   past dense EASE's size (`easeModel` 'auto') local EASE's sparse B in its place
 *                   (fused-item-model.ts), as the service's item graphs;
 *   graph = spectral embedding of R̃ (spectral-embedding.ts);
 *   content = SIF word vectors of each item's tags (TrainData.itemTags: training pairs only, named by
 *             TrainData.tagNames; none when the dataset names no tags);
 *   social = the friend graph; popularity = PageRank of the training engagement graph.
 * Fusion ranker (stacking, Wolpert 1992): when the harness provides validation pairs
 * (ctx.validPairs) the logistic ranker is trained on them (all positives, `hardNegatives` top-EASE
 * negatives plus random ones from the candidate pool); otherwise on an inner hold-out of `holdout` of
 * each user's training pairs, with the components refitted on that reduced set first, so the features
 * the ranker learns from never saw its labels. `validate` (validation NDCG@10) picks the content weight
 * multiplier from `contentScales` and whether to keep the optional light-user ranker — tuning on
 * validation only; the test split is never touched.
 * Items outside a user's candidate union score below every candidate, in EASE order.
 * Safe selection (`select`, issue 16): the fused model is never served worse, on validation, than the
 * single full rankings it contains: after fitting it compares on validation NDCG@10 the ranker
 * (cross-fitted over user halves when it was trained on the validation pairs), the co-engagement row
 * alone (EASE or graph-ease), popularity and blends of ranker and co-engagement row. The best of the
 * single signals (the co-engagement row or popularity) is the safe fallback; another option is served only
 * with a higher mean whose gain over the fallback passes `selectionMargin` standard errors of the per-user
 * differences, where the harness gives validation NDCG@10 per user (ctx.validatePerUser; else the highest
 * mean wins): the train-ranker job's rule (ranking/ranker-selection.ts, safeChoice).
 */
import { join } from 'node:path';
import type { Csr } from '../../graph/csr';
import type { EaseModel } from '../../models/ease';
import { GraphEase } from '../../models/graph-ease';
import { DEFAULT_MAX_DENSE_MB } from '../../models/dense-limit';
import { createRng, shuffle } from '../../models/random';
import type { FitContext, Recommender, TrainData } from '../../models/types';
import { createWordVectorEncoder } from '../../text/word-vector-encoder';
import { mergeCandidates } from '../../ranking/candidates';
import { DEFAULT_RANKER } from '../../ranking/default-ranker';
import { computeFeatures, FEATURE_INDEX, FEATURE_NAMES, NUM_FEATURES, type Signals } from '../../ranking/features';
import { buildFilter } from '../../ranking/filters';
import { buildRankingData, itemTagTerms, type RankingData } from '../../ranking/ranking-data';
import { centreByUser, collectRankerExamples } from '../../ranking/ranker-training';
import { scoreRows, trainRanker, type RankerModel } from '../../ranking/ranker';
import { perListMean, safeChoice, type PerList } from '../../ranking/ranker-selection';
import { RANK_DEFAULTS, requestCandidates, requestSignals, type RankOptions } from '../../ranking/rank-for-user';
import { spectralEmbedding } from '../../ranking/spectral-embedding';
import { userStateFromData } from '../../ranking/user-state';
import { fitFusedItemModel, type FusedItemModel, type FusedItemModelOptions } from './fused-item-model';
import { bestSingle, type FusedServe, type MeasuredOption } from './fused-selection';
import { writeCandidateDump } from './candidate-dump';
import { FUSED_DEFAULTS, type FusedOptions } from './fused-options';
import { innerSplit, lightUserList } from './inner-split';
import { packRow, unpackRow, type PackedRow } from './packed-row';

/** A ranker trained on one form of the examples (raw or user-centred features). */
interface RankerVariant {
  label: string;
  ex: { rows: Float32Array; labels: Uint8Array; rowUsers: Int32Array };
  model: RankerModel;
}

function binary(csr: Csr): Csr {
  return { ...csr, weights: new Float32Array(csr.weights.length).fill(1) };
}

export class FusedRecommender implements Recommender {
  readonly name = 'fused';
  readonly settings: FusedOptions;
  private data: RankingData | undefined;
  private ease: FusedItemModel | undefined;
  private model: RankerModel = DEFAULT_RANKER;
  private lightModel: RankerModel | undefined;
  private contentVectors: { dim: number; items: Float32Array } | undefined;

  constructor(options: Partial<FusedOptions> = {}) {
    this.settings = { ...FUSED_DEFAULTS, ...options, perSource: { ...FUSED_DEFAULTS.perSource, ...options.perSource } };
  }

  private rankOptions(): Partial<RankOptions> {
    return { perSource: { ...RANK_DEFAULTS.perSource, ...this.settings.perSource }, withReasons: false };
  }

  /** Content vectors of items from their (training-pair) tags; computed once, reused for the hold-out. */
  private content(train: TrainData, log: (s: string) => void): { dim: number; items: Float32Array } | undefined {
    if (this.settings.content === 'none') return undefined;
    if (!train.itemTags || !train.tagNames) {
      log(`fused: no content signal (${train.itemTags ? 'the dataset gives no tag names' : 'no item tags'})`);
      return undefined;
    }
    const terms = itemTagTerms(train, train.tagNames);
    const enc = createWordVectorEncoder();
    const items = new Float32Array(train.numItems * enc.dimension);
    terms.forEach((t, i) => {
      if (t.length) items.set(enc.embedOne(t.join(', ')), i * enc.dimension);
    });
    log(`fused: content vectors for ${terms.filter((t) => t.length).length} items (${enc.modelId})`);
    return { dim: enc.dimension, items };
  }

  /** Builds the ranking data (all components) from a training set. */
  buildData(train: TrainData, content: { dim: number; items: Float32Array } | undefined, seed: number): RankingData {
    return this.buildParts(train, content, seed).data;
  }

  /** The settings of its EASE model (the dense limit is graph-ease's, as graph-ease's own path). */
  get itemModelOptions(): FusedItemModelOptions {
    const s = this.settings;
    return {
      model: s.easeModel,
      lambda: s.easeLambda,
      minUsers: s.easeMinUsers,
      maxDenseMB: s.graphEase.maxDenseMB ?? DEFAULT_MAX_DENSE_MB,
      neighbours: s.localNeighbours,
      gramNeighbours: s.gramNeighbours,
    };
  }

  /** The ranking data plus the EASE model behind its co-engagement signal (`given`, a dense EASE: reuse it). */
  buildParts(
    train: TrainData,
    content: { dim: number; items: Float32Array } | undefined,
    seed: number,
    given?: EaseModel,
  ): { data: RankingData; ease: FusedItemModel } {
    const bin: TrainData = { ...train, userItems: binary(train.userItems), itemUsers: binary(train.itemUsers) };
    const ease = fitFusedItemModel(bin, this.itemModelOptions, given);
    const coEngagement = ease.topPositive(train.numItems, this.settings.easeNeighbours);
    const graph =
      this.settings.graph === 'spectral'
        ? spectralEmbedding(bin.userItems, { dim: this.settings.dim, seed })
        : undefined;
    const data = buildRankingData(bin, {
      coEngagement,
      ...(graph ? { graph: { dim: graph.dim, items: graph.items } } : {}),
      ...(content ? { content } : {}),
    });
    return { data, ease };
  }

  /** A user's full-catalogue co-engagement row: graph-ease's, or the dense EASE row; undefined when sparse. */
  private coScorer(
    data: RankingData,
    ease: FusedItemModel,
    graphEase = this.graphEase,
  ): ((user: number) => Float32Array) | undefined {
    if (graphEase) {
      return (user) => {
        const row = graphEase.score(Int32Array.of(user));
        for (let i = 0; i < row.length; i++) if (row[i]! <= -1e8) row[i] = 0; // items outside its item set
        return row;
      };
    }
    if (!this.settings.denseEase) return undefined;
    return (user) => {
      const row = ease.row(data.userItems, user, data.numItems);
      const n = data.userItems.offsets[user + 1]! - data.userItems.offsets[user]!;
      if (this.settings.easeNorm !== 0 && n > 0) {
        const f = Math.pow(n, -this.settings.easeNorm);
        for (let i = 0; i < row.length; i++) row[i]! *= f;
      }
      return row;
    };
  }

  /** Puts the full co-engagement row into the signal (candidates and feature). */
  private adjuster(
    data: RankingData,
    ease: FusedItemModel,
    graphEase = this.graphEase,
  ): ((user: number, signals: Signals) => void) | undefined {
    const co = this.coScorer(data, ease, graphEase);
    if (!co) return undefined;
    return (user, signals) => {
      signals.co = { scores: co(user), best: signals.co.best };
    };
  }

  /** graph-ease fitted on `train` (validation-tuned blend when ctx.validate is given). */
  private async fitGraphEase(train: TrainData, ctx: FitContext): Promise<GraphEase | undefined> {
    if (this.settings.coModel !== 'graph-ease') return undefined;
    const model = new GraphEase(this.settings.graphEase);
    await model.fit(train, ctx);
    return model;
  }

  async fit(train: TrainData, ctx: FitContext): Promise<void> {
    const t0 = Date.now();
    this.contentVectors = this.content(train, ctx.log);
    const validPairs = ctx.validPairs;
    let examples: { data: RankingData; ease: FusedItemModel };
    let heldOut: Csr;
    let exampleGraphEase: GraphEase | undefined;
    if (validPairs) {
      this.graphEase = await this.fitGraphEase(train, ctx);
      exampleGraphEase = this.graphEase;
      examples = this.buildParts(train, this.contentVectors, ctx.seed, this.graphEase?.easeModel);
      this.data = examples.data;
      this.ease = examples.ease;
      heldOut = validPairs;
    } else {
      const inner = innerSplit(train, this.settings.holdout, ctx.seed);
      exampleGraphEase = await this.fitGraphEase(inner.train, ctx);
      examples = this.buildParts(inner.train, this.contentVectors, ctx.seed, exampleGraphEase?.easeModel);
      heldOut = inner.heldOut;
    }
    ctx.log(`fused: ${examples.ease.kind === 'dense' ? 'dense EASE' : 'local EASE'} as the EASE model`);
    const adjust = this.adjuster(examples.data, examples.ease, exampleGraphEase);
    const ex = collectRankerExamples(examples.data, heldOut, {
      negativesPerUser: this.settings.negativesPerUser,
      hardNegatives: this.settings.hardNegatives,
      seed: ctx.seed,
      rank: this.rankOptions(),
      ...(adjust ? { adjustSignals: adjust } : {}),
    });
    ctx.log(
      `fused: ${ex.labels.length} ranker examples, candidate recall ${ex.candidateRecall.toFixed(3)} (${validPairs ? 'validation' : 'inner hold-out'})`,
    );
    if (this.settings.userCentred === 'on') centreByUser(ex.rows, ex.rowUsers);
    const base = trainRanker(ex.rows, ex.labels, {
      epochs: this.settings.epochs,
      l2: this.settings.l2,
      fallback: DEFAULT_RANKER,
    });
    if (!this.data) {
      this.graphEase = await this.fitGraphEase(train, ctx);
      const full = this.buildParts(train, this.contentVectors, ctx.seed, this.graphEase?.easeModel);
      this.data = full.data;
      this.ease = full.ease;
    }
    this.model = base;
    if (ctx.validate && this.settings.contentScales.length > 1) {
      let best = -1;
      for (const s of this.settings.contentScales) {
        const m = withScaled(base, FEATURE_INDEX.content, s);
        this.model = m;
        const v = ctx.validate((u) => this.score(u));
        ctx.log(`fused: content scale ${s} → validation ndcg@10 ${v.toFixed(4)}`);
        if (v > best) {
          best = v;
          this.chosen = m;
        }
      }
      this.model = this.chosen ?? base;
    }
    if (this.settings.lightUsers > 0 && validPairs) this.fitLight(validPairs, ctx);
    ctx.log(`fused: weights ${this.model.weights.map((w) => w.toFixed(3)).join(' ')}`);
    this.popularity = new Float32Array(train.numItems);
    for (let i = 0; i < train.numItems; i++)
      this.popularity[i] = train.itemUsers.offsets[i + 1]! - train.itemUsers.offsets[i]!;
    this.serve = { kind: 'ranker' };
    const variants: RankerVariant[] = [{ label: 'ranker', ex, model: this.model }];
    if (this.settings.userCentred === 'select' && this.settings.select && validPairs && ctx.validate) {
      const rows = Float32Array.from(ex.rows);
      centreByUser(rows, ex.rowUsers);
      const scale = (this.model.meta?.contentScale as number | undefined) ?? 1;
      const model = withScaled(
        trainRanker(rows, ex.labels, { epochs: this.settings.epochs, l2: this.settings.l2, fallback: DEFAULT_RANKER }),
        FEATURE_INDEX.content,
        scale,
      );
      variants.push({ label: 'ranker (user-centred)', ex: { ...ex, rows }, model });
    }
    if (ctx.validate && (this.settings.select || this.settings.ablate))
      this.selectServed(ctx, validPairs ? variants : undefined);
    if (this.settings.dumpValidation && validPairs) this.dump(train, validPairs, ctx);
    ctx.log(`fused: fitted in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }

  /** Writes the validation candidate lists (dumpValidation) under `<folder>/seed-<seed>`. */
  private dump(train: TrainData, validPairs: Csr, ctx: FitContext): void {
    const dir = join(this.settings.dumpValidation, `seed-${ctx.seed}`);
    const adjust = this.adjuster(this.data!, this.ease!);
    const wrote = writeCandidateDump(dir, FEATURE_NAMES, train, validPairs, (u) => this.userParts(u, adjust));
    ctx.log(`fused: validation candidate lists of ${wrote.users} users (${wrote.rows} rows) written to ${dir}`);
  }

  private popularity = new Float32Array(0);
  /** What score() serves (set by the safe selection in fit). */
  serve: FusedServe = { kind: 'ranker' };
  /** Validation NDCG@10 of every option the safe selection compared (label → value). */
  selection: Record<string, number> = {};
  /** Per-user candidates, feature rows and co-engagement row, kept only while fit() validates. */
  private memo: Map<number, { cands: number[]; rows: Float32Array; co: PackedRow }> | undefined;

  /**
   * Safe selection on validation NDCG@10 (see FusedOptions.select). `ex`: the ranker's training
   * examples when they are the validation pairs (then the ranker's number is cross-fitted by user halves).
   */
  private selectServed(ctx: FitContext, variants: RankerVariant[] | undefined): void {
    const validate = ctx.validate!;
    const data = this.data!;
    this.memo = new Map();
    try {
      let pick: ((u: number) => RankerModel) | undefined;
      let halves: ((drop?: number) => (u: number) => RankerModel) | undefined;
      let ex: RankerVariant['ex'] | undefined;
      let how = 'ranker fitted on the inner hold-out';
      const options: { label: string; serve: FusedServe }[] = [];
      this.selection = {};
      // Per-user lists where the harness gives them, for the margin of the safe choice (ranker-selection.ts).
      const measure = (scorer: (u: Int32Array) => Float32Array): { mean: number; lists?: PerList } => {
        if (!ctx.validatePerUser) return { mean: validate(scorer) };
        const lists = ctx.validatePerUser(scorer);
        return { mean: perListMean(lists), lists };
      };
      const margin = this.settings.selectionMargin;
      const measured: MeasuredOption[] = [];
      if (variants) {
        const rng = createRng(ctx.seed + 104729);
        const order = Int32Array.from({ length: data.numUsers }, (_, u) => u);
        shuffle(order, rng);
        const fold = new Uint8Array(data.numUsers);
        order.forEach((u, k) => (fold[u] = k % 2));
        const scale = (this.model.meta?.contentScale as number | undefined) ?? 1;
        const halvesOf = (ex: RankerVariant['ex']) => (drop?: number) => {
          const models = [0, 1].map((h) => {
            const idx: number[] = [];
            for (let r = 0; r < ex.labels.length; r++) if (fold[ex.rowUsers[r]!] === h) idx.push(r);
            const F = NUM_FEATURES;
            const rows = new Float32Array(idx.length * F);
            const labels = new Uint8Array(idx.length);
            idx.forEach((r, k) => {
              rows.set(ex.rows.subarray(r * F, r * F + F), k * F);
              labels[k] = ex.labels[r]!;
            });
            if (drop !== undefined) for (let k = 0; k < idx.length; k++) rows[k * F + drop] = 0;
            let pos = 0;
            for (const y of labels) pos += y;
            if (pos === 0 || pos === labels.length) return this.model; // a half without both classes
            const m = withScaled(
              trainRanker(rows, labels, {
                epochs: this.settings.epochs,
                l2: this.settings.l2,
                fallback: DEFAULT_RANKER,
              }),
              FEATURE_INDEX.content,
              scale,
            );
            if (drop !== undefined) m.weights[drop] = 0;
            return m;
          });
          // Each user is scored by the ranker trained on the other half of the users.
          return (u: number) => models[1 - fold[u]!]!;
        };
        how = 'cross-fitted: each half of the users scored by the ranker trained on the other half';
        const inSample = validate((u) => this.scoreWith(u, { kind: 'ranker' }));
        ctx.log(
          `fused: ranker trained on all validation pairs → validation ndcg@10 ${inSample.toFixed(4)} (in-sample, not used to select)`,
        );
        // The ranker variants first: the user-centred one replaces the uncentred one only when surely
        // better; the chosen one is "the ranker" from here on.
        const tried = variants.map((variant) => {
          const h = halvesOf(variant.ex);
          const p = h();
          const m = measure((u) => this.scoreWith(u, { kind: 'ranker' }, p));
          this.selection[variant.label] = m.mean;
          ctx.log(`fused: select · ${variant.label} → validation ndcg@10 ${m.mean.toFixed(4)} (${how})`);
          return { ...m, variant, halves: h, pick: p };
        });
        const won = tried[safeChoice(tried, 0, margin)]!;
        ({ halves, pick } = won);
        ex = won.variant.ex;
        this.model = won.variant.model;
        this.rankerLabel = won.variant.label;
        measured.push({
          label: won.variant.label,
          serve: { kind: 'ranker' },
          mean: won.mean,
          ...(won.lists ? { lists: won.lists } : {}),
        });
        if (variants.length > 1)
          ctx.log(
            `fused: ${this.rankerLabel} is the ranker (weights ${this.model.weights.map((w) => w.toFixed(3)).join(' ')})`,
          );
      } else options.push({ label: 'ranker', serve: { kind: 'ranker' } });
      if (this.settings.select) {
        options.push(
          { label: `co-engagement row (${this.settings.coModel})`, serve: { kind: 'co' } },
          { label: 'popularity', serve: { kind: 'popularity' } },
        );
        for (const alpha of this.settings.blendGrid)
          if (alpha > 0 && alpha < 1) options.push({ label: `blend α=${alpha}`, serve: { kind: 'blend', alpha } });
      }
      for (const { label, serve } of options) {
        const m = measure((u) =>
          this.scoreWith(u, serve, serve.kind === 'ranker' || serve.kind === 'blend' ? pick : undefined),
        );
        this.selection[label] = m.mean;
        ctx.log(
          `fused: select · ${label} → validation ndcg@10 ${m.mean.toFixed(4)}${serve.kind === 'ranker' || serve.kind === 'blend' ? ` (${how})` : ''}`,
        );
        measured.push({ label, serve, ...m });
      }
      if (this.settings.select) {
        // The safe fallback is the best single signal; a ranker or blend must be surely better than it.
        const fallback = bestSingle(measured);
        const chosen = measured[safeChoice(measured, fallback, margin)]!;
        this.serve = chosen.serve;
        ctx.log(
          `fused: serving ${chosen.label} (validation ndcg@10 ${chosen.mean.toFixed(4)}; fallback ${measured[fallback]!.label})`,
        );
      }
      if (this.settings.ablate && halves) {
        const F = NUM_FEATURES;
        for (let f = 0; f < F; f++) {
          let lo = Infinity;
          let hi = -Infinity;
          for (let r = 0; r < ex!.labels.length; r++) {
            lo = Math.min(lo, ex!.rows[r * F + f]!);
            hi = Math.max(hi, ex!.rows[r * F + f]!);
          }
          if (!(hi > lo)) continue; // constant on this dataset: nothing to remove
          const v = validate((u) => this.scoreWith(u, { kind: 'ranker' }, halves(f)));
          ctx.log(
            `fused: ablation · without ${FEATURE_NAMES[f]} → validation ndcg@10 ${v.toFixed(4)} (full ${this.selection[this.rankerLabel]!.toFixed(4)}, ${this.rankerLabel}, cross-fitted)`,
          );
        }
      }
    } finally {
      this.memo = undefined;
    }
  }

  private chosen: RankerModel | undefined;
  /** Which ranker variant is served as "the ranker" ('ranker' or 'ranker (user-centred)'). */
  rankerLabel = 'ranker';
  private graphEase: GraphEase | undefined;

  private fitLight(validPairs: Csr, ctx: FitContext): void {
    const data = this.data!;
    const light = lightUserList(data.userItems, validPairs, this.settings.lightUsers);
    const ex = collectRankerExamples(data, validPairs, {
      users: light,
      negativesPerUser: this.settings.negativesPerUser,
      hardNegatives: this.settings.hardNegatives,
      seed: ctx.seed + 1,
      rank: this.rankOptions(),
      ...(this.settings.denseEase || this.graphEase ? { adjustSignals: this.adjuster(data, this.ease!)! } : {}),
    });
    let pos = 0;
    for (const y of ex.labels) pos += y;
    if (pos < 20) {
      ctx.log(`fused: light-user ranker skipped (${light.length} users, ${pos} positives)`);
      return;
    }
    const lightModel = trainRanker(ex.rows, ex.labels, {
      epochs: this.settings.epochs,
      l2: this.settings.l2,
      fallback: this.model,
    });
    if (ctx.validate) {
      const without = ctx.validate((u) => this.score(u));
      this.lightModel = lightModel;
      const withLight = ctx.validate((u) => this.score(u));
      ctx.log(
        `fused: light-user ranker (${light.length} users ≤ ${this.settings.lightUsers} pairs, ${pos} positives) → validation ndcg@10 ${without.toFixed(4)} → ${withLight.toFixed(4)}`,
      );
      if (withLight <= without) this.lightModel = undefined;
    } else this.lightModel = lightModel;
    if (this.lightModel) ctx.log(`fused: light weights ${this.lightModel.weights.map((w) => w.toFixed(3)).join(' ')}`);
  }

  /** The co-engagement row of one user as fit() left it (undefined when the sparse form is used). */
  coRow(user: number): Float32Array | undefined {
    return this.coScorer(this.data!, this.ease!)?.(user);
  }

  get ranker(): RankerModel {
    return this.model;
  }

  score(users: Int32Array): Float32Array {
    return this.scoreWith(users, this.serve);
  }

  /** Candidates, feature rows and co-engagement row of one user (memoised while fit() validates). */
  private userParts(
    u: number,
    adjust: ((user: number, signals: Signals) => void) | undefined,
  ): { cands: number[]; rows: Float32Array; co: Float32Array } {
    const hit = this.memo?.get(u);
    if (hit) return { ...hit, co: unpackRow(hit.co) };
    const data = this.data!;
    const state = userStateFromData(data, u);
    const request = { user: u, state, k: 0 };
    const signals = requestSignals(data, request, this.rankOptions());
    adjust?.(u, signals);
    const cands = mergeCandidates(
      requestCandidates(data, signals, buildFilter(data, state, {}), request, this.rankOptions()),
    ).map((c) => c.item);
    const parts = { cands, rows: computeFeatures(data, signals, cands), co: signals.co.scores };
    this.memo?.set(u, { ...parts, co: packRow(parts.co) });
    return parts;
  }

  /** Scores as `serve` says; `pick` (cross-fitting) chooses the ranker per user. */
  private scoreWith(users: Int32Array, serve: FusedServe, pick?: (u: number) => RankerModel): Float32Array {
    const data = this.data!;
    const n = data.numItems;
    const out = new Float32Array(users.length * n);
    if (serve.kind === 'popularity') {
      for (let r = 0; r < users.length; r++) out.set(this.popularity, r * n);
      return out;
    }
    if (serve.kind === 'co') {
      for (let r = 0; r < users.length; r++) out.set(this.singleCoRow(users[r]!), r * n);
      return out;
    }
    const floor = -1e3;
    // Outside the candidate union: below every candidate, in EASE (or popularity) order. The popularity
    // part once per call, not per user: per user it was 1.2·10⁹ log1p calls a pass over the 6× generated
    // world's users (~14 s against ~2 s, of a ~1,000 s pass: the candidates and features take the rest).
    const under = Float64Array.from(data.itemPopularity, (p) => floor + 1e-3 * Math.log1p(n * p));
    const adjust = this.adjuster(data, this.ease!);
    for (let r = 0; r < users.length; r++) {
      const u = users[r]!;
      const base = r * n;
      const { cands, rows, co } = this.userParts(u, adjust);
      for (let i = 0; i < n; i++) out[base + i] = under[i]! + co[i]!;
      const isLight =
        !pick &&
        this.lightModel &&
        data.userItems.offsets[u + 1]! - data.userItems.offsets[u]! <= this.settings.lightUsers;
      const s = scoreRows(pick ? pick(u) : isLight ? this.lightModel! : this.model, rows);
      if (serve.kind === 'blend' && cands.length > 1) {
        const zs = standardise(Float64Array.from(s));
        const zc = standardise(Float64Array.from(cands, (i) => co[i]!));
        cands.forEach((i, t) => (out[base + i] = serve.alpha * zs[t]! + (1 - serve.alpha) * zc[t]!));
      } else cands.forEach((i, t) => (out[base + i] = s[t]!));
    }
    return out;
  }

  /** The co-engagement model's own full ranking of one user: graph-ease's row (its −1e9 floor kept),
   * or the dense / sparse EASE row with items outside EASE's item set at the bottom. */
  private singleCoRow(u: number): Float32Array {
    if (this.graphEase) return this.graphEase.score(Int32Array.of(u));
    const data = this.data!;
    const ease = this.ease!;
    const row = this.coScorer(data, ease)?.(u) ?? ease.row(data.userItems, u, data.numItems);
    for (let i = 0; i < row.length; i++) if (!ease.covers(i)) row[i] = -1e9 + this.popularity[i]!;
    return row;
  }
}

/** (x − mean) / std (std 1 when constant). */
function standardise(x: Float64Array): Float64Array {
  let m = 0;
  for (const v of x) m += v / x.length;
  let q = 0;
  for (const v of x) q += (v - m) ** 2 / x.length;
  const sd = Math.sqrt(q) > 1e-12 ? Math.sqrt(q) : 1;
  return x.map((v) => (v - m) / sd);
}

function withScaled(m: RankerModel, f: number, s: number): RankerModel {
  const weights = [...m.weights];
  weights[f] = weights[f]! * s;
  return { ...m, weights, meta: { ...m.meta, contentScale: s } };
}
