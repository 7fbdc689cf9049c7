/**
 * graph-ease: a linear item–item model regularised by graph walks, optionally blended with a
 * LightGCN-style propagation model. Every component is fitted on the training split only.
 *   EASE (Steck 2019):   B = I − P·diag(1/diag P),  P = (XᵀX + λI)⁻¹, diag(B) = 0
 *   RP3β (Paudel et al., "Updatable, accurate, diverse, and scalable recommendations for interactive
 *   applications", TiiS 2017): W = (P_iu · P_ui) · diag(pop)^−β, a 3-step user→item→user→item walk
 *   with popularity damping, diag(W) = 0
 *   profile x̃_u[i] = max(ε, 1 + γ·(w_ui − mean_u w))   (engagement strength; w = ln(1+plays), the
 *   TrainData weight as pipeline/graph-data.ts compresses it)
 *   score_u = z(x̃_u·B) + w_rp3 · z(x̃_u·W) + w_gcn · z(e_u·E_itemsᵀ) [+ w_users · z(user row)]
 * where z(·) divides a user's score row by its root mean square, so weights are scale-free. The user row
 * (user-knn-rows.ts) sums the items of the user's social ties ('social', the default) or nearest users
 * ('knn'); its weight is tuned over `userRowGrid` (weight 0 included) and no row is built without ties.
 * The social row read +0.4% on LastFM's test and +0.0005 on its validation, on every seed; user-kNN
 * added nothing on LastFM or movielens-tmdb (docs/results.md, "User-kNN in graph-ease's blend", and
 * "The social row in served's blend").
 * With `tune`, the blend weights are chosen from the given grids by validation NDCG@10 only; before them,
 * where the data has item tags, the weight of the tags as extra rows of EASE's X (ease.ts `tagWeight`,
 * collective EASE), from `tagGrid` by EASE's own validation NDCG@10. On LastFM seed 1 the tags lifted
 * graph-ease's validation NDCG@10 from 0.1962 to 0.2000 (docs/results.md, "Item tags in EASE's Gram"). With
 * `gramGrid`, each tag weight is tried with each γ of EASE's X (ease.ts `gramGamma`: binary, or the users'
 * profile weights), chosen alike; then the EASE slot's popularity damping n_j^−β (ease.ts `popDamping`) from
 * `dampGrid`, alike (docs/results.md, "Play counts in EASE's Gram").
 * Large catalogues (`itemModel`): 'dense' is the above; 'sparse' replaces B by EASE fitted on each
 * item's nearest neighbours (`sparseItem` 'local-ease', local-ease.ts) or by top-k item-kNN cosine
 * ('cosine', pruned per target item or per row: `cosinePrune`), and W by top-k RP3β
 * (sparse-item-item.ts; O(m × neighbours) memory); 'auto' (default) is dense where its peak tfjs
 * memory fits `maxDenseMB` (dense-limit.ts) and sparse past it, logged.
 */
import * as tf from '@tensorflow/tfjs';
import { checkDense, countModelItems, DEFAULT_MAX_DENSE_MB, denseFits, graphEaseDenseBytes } from './dense-limit';
import { fitEase, popularityDamping } from './ease';
import type { EaseModel } from './ease';
import { meanRowWeight, PROFILE_GAMMA, profileWeight } from './play-profile';
import { itemSet, sparseItemItem, type SparseRows } from './sparse-item-item';
import { readOut, scoreEmbeddings } from './embedding-scorer';
import { LightGcn } from './lightgcn';
import { LOCAL_EASE_DEFAULTS, localEase } from './local-ease';
import { userKnnRow, userNeighbours } from './user-knn-rows';
import type { LightGcnOptions } from './lightgcn';
import type { Embeddings, FitContext, Recommender, TrainData } from './types';

export interface GraphEaseOptions {
  lambda: number;
  /** EASE's emphasised dropout (ease.ts `dropout`). */
  dropout: number;
  /** Weight of the items' tags in EASE's Gram (ease.ts `tagWeight`); 0 leaves them out. */
  tagWeight: number;
  /** With `tune` and item tags, tag weights tried (dense path): the one whose EASE alone reads best on validation. */
  tagGrid: number[];
  /** γ of the profile weights in EASE's X (ease.ts `gramGamma`); 0 is binary X. */
  gramGamma: number;
  /** With `tune`, γs tried for EASE's X (dense path), each with every tag weight tried, chosen as `tagGrid` is. */
  gramGrid: number[];
  /** β of the popularity damping of the EASE slot's columns (ease.ts `popDamping`); 0 leaves them as fitted. */
  popDamping: number;
  /** With `tune`, βs tried after the tag weight and γ are chosen, by the EASE slot alone on validation. */
  dampGrid: number[];
  minUsers: number;
  /** γ: how strongly play counts modulate the profile (0 = binary). */
  gamma: number;
  rp3Beta: number;
  rp3Weight: number;
  /** Weight of the LightGCN component; 0 skips training it. */
  gcnWeight: number;
  /** LightGCN options for the propagation component. */
  gcn: Partial<LightGcnOptions>;
  /** Pick rp3Weight / gcnWeight from these grids on validation NDCG@10 (needs ctx.validate). */
  tune: boolean;
  rp3Grid: number[];
  gcnGrid: number[];
  /** 'auto' (dense EASE + RP3β where they fit maxDenseMB, else sparse), 'dense' (refuse past it) or 'sparse'. */
  itemModel: string;
  /** Largest peak tfjs memory, MiB, of the dense path (default: wasm's 4 GiB heap less 512 MiB). */
  maxDenseMB: number;
  /** Entries kept per item row by the sparse path. */
  neighbours: number;
  /** Sparse path: cosine keeps the top `neighbours` per target item ('target', as item-knn) or per source row ('row'). */
  cosinePrune: string;
  /** Sparse path: the EASE slot's model, 'local-ease' (EASE on each item's neighbours, local-ease.ts) or 'cosine'. */
  sparseItem: string;
  /** Sparse path, local-ease: items each column regresses on, and cosine neighbours its Gram is read from. */
  localNeighbours: number;
  gramNeighbours: number;
  /** Weight of the user row (user-knn-rows.ts: the items of the user's nearest users or social ties,
   * `userSource`); 0 skips it. */
  userRowWeight: number;
  /** With `tune`, user-row weights tried (0 = without it). */
  userRowGrid: number[];
  /** Nearest users each user's user-kNN row sums over. */
  userNeighbours: number;
  /** Whose items the user-side row sums: the `userNeighbours` nearest users ('knn') or the user's social
   * ties ('social', each weight 1; TrainData.social). */
  userSource: string;
}

export const GRAPH_EASE_DEFAULTS: Readonly<GraphEaseOptions> = Object.freeze({
  lambda: 60,
  dropout: 0,
  tagWeight: 0,
  tagGrid: [],
  gramGamma: 0,
  gramGrid: [],
  popDamping: 0,
  dampGrid: [],
  minUsers: 2,
  gamma: PROFILE_GAMMA,
  rp3Beta: 0.5,
  rp3Weight: 1,
  gcnWeight: 0.5,
  gcn: {},
  tune: true,
  rp3Grid: [0.5, 1, 1.5],
  gcnGrid: [0.5, 1, 1.5, 2, 3],
  itemModel: 'auto',
  maxDenseMB: DEFAULT_MAX_DENSE_MB,
  neighbours: 200,
  cosinePrune: 'target',
  sparseItem: 'local-ease',
  localNeighbours: LOCAL_EASE_DEFAULTS.neighbours,
  gramNeighbours: LOCAL_EASE_DEFAULTS.gramNeighbours,
  userRowWeight: 0,
  userRowGrid: [0, 0.1, 0.25, 0.5],
  userNeighbours: 50,
  userSource: 'social',
});

/** One of the dense EASE fits tuning compares. */
interface EaseChoice {
  tagWeight: number;
  gramGamma: number;
}

export const GRAPH_EASE_ITEM_MODELS = ['auto', 'dense', 'sparse'] as const;
export const GRAPH_EASE_COSINE_PRUNES = ['target', 'row'] as const;
export const GRAPH_EASE_SPARSE_ITEMS = ['local-ease', 'cosine'] as const;
export const GRAPH_EASE_USER_SOURCES = ['knn', 'social'] as const;

export class GraphEase implements Recommender {
  readonly name = 'graph-ease';
  readonly settings: GraphEaseOptions;
  private data: TrainData | undefined;
  private ease: EaseModel | undefined;
  private walk: Float32Array | undefined;
  /** The sparse path: EASE's slot (`itemItem`: local EASE or cosine rows), RP3β's, over model positions. */
  private sparse: { itemItem: SparseRows; rp3: SparseRows; items: Int32Array; position: Int32Array } | undefined;
  private gcn: Embeddings | undefined;
  private users: SparseRows | undefined;
  /** n_j^−β over the item set (ease.ts popularityDamping), multiplying the EASE slot's scores; absent at β 0. */
  private damp: Float32Array | undefined;
  private weights = { rp3: 0, gcn: 0, users: 0 };

  constructor(options: Partial<GraphEaseOptions> = {}) {
    this.settings = { ...GRAPH_EASE_DEFAULTS, ...options };
  }

  async fit(data: TrainData, ctx: FitContext): Promise<void> {
    const settings = this.settings;
    this.data = data;
    this.damp = undefined; // the item model's grids are read undamped
    const t = performance.now();
    const tuning = settings.tune && ctx.validate !== undefined;
    if (this.useDense(data, ctx)) {
      const ease = this.fitDenseEase(data, ctx, tuning);
      ctx.log(
        `graph-ease: EASE + RP3β on ${ease.items.length} items in ${((performance.now() - t) / 1000).toFixed(1)} s`,
      );
    } else {
      const { items, position } = itemSet(data, settings.minUsers);
      const local = settings.sparseItem === 'local-ease';
      const prune = settings.cosinePrune === 'row' ? 'row' : 'target';
      const rows = sparseItemItem(data, items, position, settings.neighbours, settings.rp3Beta, {
        cosinePrune: prune,
        cosine: !local,
      });
      const { localNeighbours: neighbours, gramNeighbours, lambda } = settings;
      // The EASE slot of the blend: local EASE's rows, or the cosine's.
      const itemItem = local ? localEase(data, items, position, { neighbours, gramNeighbours, lambda }) : rows.cosine;
      this.sparse = { itemItem, rp3: rows.rp3, items, position };
      const nnz = itemItem.targets.length + rows.rp3.targets.length;
      ctx.log(
        `graph-ease: sparse ${settings.sparseItem} + RP3β (top ${settings.neighbours}) on ${items.length} items in ${((performance.now() - t) / 1000).toFixed(1)} s, ${nnz} entries (${((nnz * 8) / 2 ** 20).toFixed(0)} MiB)`,
      );
    }
    this.chooseDamping(data, ctx, tuning);
    const wantGcn = settings.gcnWeight > 0 || (settings.tune && settings.gcnGrid.some((g) => g > 0));
    if (wantGcn) {
      const model = new LightGcn('graph-ease/lightgcn', settings.gcn);
      await model.fit(data, ctx);
      this.gcn = model.embeddings();
    }
    const social = settings.userSource === 'social';
    // No ties, no social row: a catalogue without follows is not tuned over an empty component.
    const hasRows = !social || data.social.targets.length > 0;
    if (hasRows && (settings.userRowWeight > 0 || (tuning && settings.userRowGrid.some((w) => w > 0))))
      this.users = social ? data.social : userNeighbours(data, settings.userNeighbours);
    this.weights = {
      rp3: settings.rp3Weight,
      gcn: this.gcn ? settings.gcnWeight : 0,
      users: this.users ? settings.userRowWeight : 0,
    };
    if (tuning) {
      let best = -Infinity;
      let choice = this.weights;
      for (const rp3 of settings.rp3Grid) {
        for (const gcn of this.gcn ? settings.gcnGrid : [0]) {
          for (const users of this.users ? settings.userRowGrid : [0]) {
            this.weights = { rp3, gcn, users };
            const v = ctx.validate!((u) => this.score(u));
            ctx.log(
              `graph-ease: rp3Weight ${rp3} gcnWeight ${gcn} userRowWeight ${users} → valid ndcg@10 ${v.toFixed(4)}`,
            );
            if (v > best) {
              best = v;
              choice = this.weights;
            }
          }
        }
      }
      this.weights = choice;
      ctx.log(
        `graph-ease: chose rp3Weight ${choice.rp3} gcnWeight ${choice.gcn} userRowWeight ${choice.users} (valid ndcg@10 ${best.toFixed(4)})`,
      );
    }
  }

  /**
   * The dense path's EASE. With tuning, one fit per pair of a `tagGrid` weight (where the data has item tags)
   * and a `gramGrid` γ: the one whose EASE alone (the profile-weighted rows, the other components weighed 0)
   * reads the best validation NDCG@10 is kept.
   */
  private fitDenseEase(data: TrainData, ctx: FitContext, tuning: boolean): EaseModel {
    const s = this.settings;
    const fit = ({ tagWeight, gramGamma }: EaseChoice): EaseModel =>
      fitEase(
        data,
        { lambda: s.lambda, dropout: s.dropout, tagWeight, gramGamma, minUsers: s.minUsers, maxDenseMB: s.maxDenseMB },
        this.name,
      );
    const tags = tuning && data.itemTags && s.tagGrid.length > 0 ? s.tagGrid : [s.tagWeight];
    const gammas = tuning && s.gramGrid.length > 0 ? s.gramGrid : [s.gramGamma];
    const grid = gammas.flatMap((gramGamma) => tags.map((tagWeight) => ({ tagWeight, gramGamma })));
    const say = (c: EaseChoice): string => `tagWeight ${c.tagWeight} gramGamma ${c.gramGamma}`;
    let ease = fit(grid[0]!);
    // The walk reads only the model's item set, which neither the tags nor X's entries change.
    this.walk = rp3Walk(data, ease, s.rp3Beta);
    this.ease = ease;
    if (grid.length === 1) return ease;
    this.weights = { rp3: 0, gcn: 0, users: 0 };
    let best = ctx.validate!((u) => this.score(u));
    let chosen = grid[0]!;
    ctx.log(`graph-ease: ${say(chosen)} → EASE's valid ndcg@10 ${best.toFixed(4)}`);
    for (const c of grid.slice(1)) {
      this.ease = fit(c);
      const v = ctx.validate!((u) => this.score(u));
      ctx.log(`graph-ease: ${say(c)} → EASE's valid ndcg@10 ${v.toFixed(4)}`);
      if (v > best) {
        best = v;
        chosen = c;
        ease = this.ease;
      }
    }
    this.ease = ease;
    ctx.log(`graph-ease: chose ${say(chosen)} (EASE's valid ndcg@10 ${best.toFixed(4)})`);
    return ease;
  }

  /**
   * The EASE slot's popularity damping: `popDamping`, or with tuning the `dampGrid` β whose EASE slot alone
   * (the other components weighed 0) reads the best validation NDCG@10.
   */
  private chooseDamping(data: TrainData, ctx: FitContext, tuning: boolean): void {
    const s = this.settings;
    const items = this.sparse?.items ?? this.ease!.items;
    const grid = tuning && s.dampGrid.length > 0 ? s.dampGrid : [s.popDamping];
    const set = (beta: number): void => {
      this.damp = beta > 0 ? popularityDamping(data, items, beta) : undefined;
    };
    set(grid[0]!);
    if (grid.length === 1) return;
    this.weights = { rp3: 0, gcn: 0, users: 0 };
    let best = -Infinity;
    let chosen = grid[0]!;
    for (const beta of grid) {
      set(beta);
      const v = ctx.validate!((u) => this.score(u));
      ctx.log(`graph-ease: popDamping ${beta} → EASE's valid ndcg@10 ${v.toFixed(4)}`);
      if (v > best) {
        best = v;
        chosen = beta;
      }
    }
    set(chosen);
    ctx.log(`graph-ease: chose popDamping ${chosen} (EASE's valid ndcg@10 ${best.toFixed(4)})`);
  }

  /** Whether the dense path runs: forced by itemModel, else whether its peak memory fits (logged when not). */
  private useDense(data: TrainData, ctx: FitContext): boolean {
    const settings = this.settings;
    if (settings.itemModel === 'sparse') return false;
    const m = countModelItems(data, settings.minUsers);
    const bytes = graphEaseDenseBytes(m, data.numUsers);
    if (settings.itemModel === 'dense') {
      checkDense(
        this.name,
        m,
        bytes,
        settings.maxDenseMB,
        "set itemModel 'auto' or 'sparse' (local EASE + top-k RP3β), raise minUsers, or raise maxDenseMB on a native backend",
      );
      return true;
    }
    if (denseFits(bytes, settings.maxDenseMB)) return true;
    ctx.log(
      `graph-ease: dense EASE + RP3β on ${m} items would need ${(bytes / 2 ** 30).toFixed(1)} GiB of tfjs memory at peak (maxDenseMB ${settings.maxDenseMB}): using the sparse item–item path`,
    );
    return false;
  }

  score(users: Int32Array): Float32Array {
    const sp = this.sparse;
    if (sp) {
      return this.scoreRows(users, sp.items, sp.position, (p, x, a, b) => {
        addRow(sp.itemItem, p, x, a);
        addRow(sp.rp3, p, x, b);
      });
    }
    const ease = this.ease!;
    const walk = this.walk!;
    const m = ease.items.length;
    return this.scoreRows(users, ease.items, ease.position, (p, x, a, b) => {
      const row = p * m;
      for (let j = 0; j < m; j++) {
        a[j]! += x * ease.weights[row + j]!;
        b[j]! += x * walk[row + j]!;
      }
    });
  }

  /**
   * The dense and the sparse path's scores: each of the user's training items in the item set adds its
   * EASE row to a and its RP3β row to b, weighed by the user's profile; then the blend.
   */
  private scoreRows(
    users: Int32Array,
    items: Int32Array,
    position: Int32Array,
    addItem: (p: number, x: number, a: Float32Array, b: Float32Array) => void,
  ): Float32Array {
    const data = this.data!;
    const m = items.length;
    const out = new Float32Array(users.length * data.numItems).fill(-1e9);
    const gcn = this.gcn && this.weights.gcn > 0 ? scoreEmbeddings(this.gcn, users) : undefined;
    const a = new Float32Array(m);
    const b = new Float32Array(m);
    const c = this.userRows(m);
    for (let r = 0; r < users.length; r++) {
      const u = users[r]!;
      a.fill(0);
      b.fill(0);
      this.fillUserRow(u, position, c);
      const profile = this.profile(u, position);
      for (let k = data.userItems.offsets[u]!, e = 0; k < data.userItems.offsets[u + 1]!; k++, e++) {
        const p = position[data.userItems.targets[k]!]!;
        if (p >= 0) addItem(p, profile[e]!, a, b);
      }
      if (this.damp) for (let j = 0; j < m; j++) a[j]! *= this.damp[j]!;
      this.blend(r, a, b, c, gcn, items, out);
    }
    return out;
  }

  /** The user row's buffer over the item set, when that component is weighed. */
  private userRows(m: number): Float32Array | undefined {
    return this.users && this.weights.users > 0 ? new Float32Array(m) : undefined;
  }

  private fillUserRow(u: number, position: Int32Array, row: Float32Array | undefined): void {
    if (!row) return;
    row.fill(0);
    userKnnRow(this.data!, this.users!, u, position, row);
  }

  /** Profile weights x̃_u of the user's training items, in CSR order (0 outside the item set). */
  private profile(u: number, position: Int32Array): Float32Array {
    const data = this.data!;
    const o0 = data.userItems.offsets[u]!;
    const o1 = data.userItems.offsets[u + 1]!;
    const mean = meanRowWeight(data.userItems, u);
    const x = new Float32Array(o1 - o0);
    for (let k = o0; k < o1; k++) {
      if (position[data.userItems.targets[k]!]! < 0) continue;
      x[k - o0] = profileWeight(data.userItems.weights[k]!, mean, this.settings.gamma);
    }
    return x;
  }

  /** Row r of out: z(a) + w_rp3·z(b) + w_users·z(c) + w_gcn·z(gcn) over the item set. */
  private blend(
    r: number,
    a: Float32Array,
    b: Float32Array,
    c: Float32Array | undefined,
    gcn: Float32Array | undefined,
    items: Int32Array,
    out: Float32Array,
  ): void {
    const m = items.length;
    const n = this.data!.numItems;
    const za = 1 / rms(a, m);
    const zb = this.weights.rp3 / rms(b, m);
    const zc = c ? this.weights.users / rms(c, m) : 0;
    let zg = 0;
    if (gcn) {
      let s = 0;
      for (let j = 0; j < m; j++) s += gcn[r * n + items[j]!]! ** 2;
      zg = this.weights.gcn / (Math.sqrt(s / m) || 1);
    }
    for (let j = 0; j < m; j++) {
      const item = items[j]!;
      out[r * n + item] = za * a[j]! + zb * b[j]! + (c ? zc * c[j]! : 0) + (gcn ? zg * gcn[r * n + item]! : 0);
    }
  }

  /** Which item–item path was fitted. */
  get itemModel(): 'dense' | 'sparse' | undefined {
    return this.sparse ? 'sparse' : this.ease ? 'dense' : undefined;
  }

  /** The fitted EASE component (item set and weights); undefined on the sparse path. */
  get easeModel(): EaseModel | undefined {
    return this.ease;
  }

  embeddings(): Embeddings {
    if (!this.gcn) throw new Error('graph-ease has no embeddings when gcnWeight is 0');
    return this.gcn;
  }
}

function addRow(
  rows: { offsets: Int32Array; targets: Int32Array; weights: Float32Array },
  p: number,
  x: number,
  acc: Float32Array,
): void {
  for (let k = rows.offsets[p]!; k < rows.offsets[p + 1]!; k++) acc[rows.targets[k]!]! += x * rows.weights[k]!;
}

function rms(v: Float32Array, m: number): number {
  let s = 0;
  for (let c = 0; c < m; c++) s += v[c]! * v[c]!;
  return Math.sqrt(s / m) || 1;
}

/** RP3β item–item matrix over the EASE item set (row = from-item, column = to-item). */
function rp3Walk(data: TrainData, ease: EaseModel, beta: number): Float32Array {
  const m = ease.items.length;
  const nu = data.numUsers;
  const pui = new Float32Array(nu * m);
  const piuT = new Float32Array(m * nu);
  const pop = new Float32Array(m);
  for (let c = 0; c < m; c++) {
    const i = ease.items[c]!;
    pop[c] = data.itemUsers.offsets[i + 1]! - data.itemUsers.offsets[i]!;
  }
  for (let u = 0; u < nu; u++) {
    const deg = data.userItems.offsets[u + 1]! - data.userItems.offsets[u]!;
    for (let k = data.userItems.offsets[u]!; k < data.userItems.offsets[u + 1]!; k++) {
      const c = ease.position[data.userItems.targets[k]!]!;
      if (c < 0) continue;
      pui[u * m + c] = 1 / deg;
      piuT[c * nu + u] = 1 / pop[c]!;
    }
  }
  const damp = Float32Array.from(pop, (p) => Math.pow(Math.max(1, p), -beta));
  const w = readOut(() =>
    tf.mul(tf.matMul(tf.tensor2d(piuT, [m, nu]), tf.tensor2d(pui, [nu, m])), tf.tensor2d(damp, [1, m])),
  );
  for (let c = 0; c < m; c++) w[c * m + c] = 0;
  return w;
}
