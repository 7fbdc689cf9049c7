/**
 * PageRank by power iteration on a CSR adjacency.
 *
 * Page, Brin, Motwani, Winograd (1999), "The PageRank citation ranking: bringing order to the web".
 *   x_{t+1}[j] = α · Σ_{i→j} x_t[i] · w_ij / W_i  +  α · D_t · p[j]  +  (1 − α) · p[j]
 * where W_i is i's total out-weight, D_t = Σ_{i dangling} x_t[i] is the mass of nodes without
 * out-edges (redistributed by p rather than lost, so Σx stays 1), and p is the teleport vector:
 * uniform 1/n for global PageRank, one-hot on the source for personalised PageRank
 * (Haveliwala 2002, "Topic-sensitive PageRank"). Stops when ‖x_{t+1} − x_t‖₁ < tolerance.
 *
 * graphology-metrics implements the same iteration (uniform dangling, stop at L1 < n·tolerance);
 * it is the oracle in tests, this loop is the production path (no object graph, no allocation per step).
 */
import { BadInputError } from '../domain/errors';
import type { Csr } from './csr';

export interface PageRankOptions {
  /** Damping factor α: probability of following an edge rather than teleporting. */
  damping: number;
  /** Stop when the L1 change between iterations falls below this. */
  tolerance: number;
  maxIterations: number;
  /** Use edge weights (true) or treat every edge as weight 1. */
  weighted: boolean;
  /** Teleport distribution (need not be normalised); uniform when absent. */
  personalization?: Float64Array;
}

export const PAGERANK_DEFAULTS: Readonly<PageRankOptions> = Object.freeze({
  damping: 0.85,
  tolerance: 1e-6,
  maxIterations: 100,
  weighted: true,
});

export interface PageRankResult {
  /** Scores summing to 1, indexed like the CSR rows. */
  scores: Float64Array;
  /** Iterations performed. */
  iterations: number;
  /** L1 change of the last iteration. */
  delta: number;
  converged: boolean;
}

export function pagerank(csr: Csr, options: Partial<PageRankOptions> = {}): PageRankResult {
  const settings = { ...PAGERANK_DEFAULTS, ...options };
  if (csr.rows !== csr.cols)
    throw new BadInputError('csr', `PageRank needs a square adjacency (got ${csr.rows}×${csr.cols})`);
  if (!(settings.damping >= 0 && settings.damping < 1))
    throw new BadInputError('damping', `damping must be in [0, 1) (got ${settings.damping})`, settings.damping);
  if (!(settings.tolerance > 0))
    throw new BadInputError('tolerance', `tolerance must be > 0 (got ${settings.tolerance})`, settings.tolerance);
  if (!(settings.maxIterations >= 1))
    throw new BadInputError(
      'maxIterations',
      `maxIterations must be ≥ 1 (got ${settings.maxIterations})`,
      settings.maxIterations,
    );
  const n = csr.rows;
  if (n === 0) return { scores: new Float64Array(0), iterations: 0, delta: 0, converged: true };
  const p = teleport(n, settings.personalization);
  const { offsets, targets, weights } = csr;
  // Inverse out-weight per node; 0 marks a dangling node.
  const invOut = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = offsets[i]!; k < offsets[i + 1]!; k++) s += settings.weighted ? weights[k]! : 1;
    invOut[i] = s > 0 ? 1 / s : 0;
  }
  let x = Float64Array.from(p);
  let next = new Float64Array(n);
  const alpha = settings.damping;
  let iterations = 0;
  let delta = Infinity;
  while (iterations < settings.maxIterations) {
    let dangling = 0;
    next.fill(0);
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      const inv = invOut[i]!;
      if (inv === 0) {
        dangling += xi;
        continue;
      }
      const share = alpha * xi * inv;
      const end = offsets[i + 1]!;
      if (settings.weighted) for (let k = offsets[i]!; k < end; k++) next[targets[k]!]! += share * weights[k]!;
      else for (let k = offsets[i]!; k < end; k++) next[targets[k]!]! += share;
    }
    const base = alpha * dangling + (1 - alpha);
    delta = 0;
    for (let j = 0; j < n; j++) {
      const v = next[j]! + base * p[j]!;
      next[j] = v;
      delta += Math.abs(v - x[j]!);
    }
    const tmp = x;
    x = next;
    next = tmp;
    iterations++;
    if (delta < settings.tolerance) break;
  }
  return { scores: x, iterations, delta, converged: delta < settings.tolerance };
}

/** PageRank personalised to one source node: the stationary distribution of walks restarting at it. */
export function personalizedPagerank(
  csr: Csr,
  source: number,
  options: Partial<Omit<PageRankOptions, 'personalization'>> = {},
): PageRankResult {
  if (!Number.isInteger(source) || source < 0 || source >= csr.rows) {
    throw new BadInputError('source', `source must be a node index in [0, ${csr.rows}) (got ${source})`, source);
  }
  const personalization = new Float64Array(csr.rows);
  personalization[source] = 1;
  return pagerank(csr, { ...options, personalization });
}

function teleport(n: number, personalization?: Float64Array): Float64Array {
  if (!personalization) return new Float64Array(n).fill(1 / n);
  if (personalization.length !== n) {
    throw new BadInputError(
      'personalization',
      `personalization length must equal node count ${n} (got ${personalization.length})`,
    );
  }
  let s = 0;
  for (const v of personalization) {
    if (!(v >= 0)) throw new BadInputError('personalization', `personalization values must be ≥ 0 (got ${v})`, v);
    s += v;
  }
  if (s === 0) throw new BadInputError('personalization', 'personalization must have positive mass (got all zeros)');
  return personalization.map((v) => v / s);
}
