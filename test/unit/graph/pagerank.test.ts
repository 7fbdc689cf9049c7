import Graph from 'graphology';
import graphologyPagerank from 'graphology-metrics/centrality/pagerank';
import { buildCsr } from '../../../src/graph/csr';
import { pagerank, personalizedPagerank } from '../../../src/graph/pagerank';

function randomGraph(n: number, e: number, seed: number, withWeights: boolean) {
  let s = seed >>> 0;
  const rnd = () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const src: number[] = [];
  const dst: number[] = [];
  const w: number[] = [];
  const seen = new Set<string>();
  while (src.length < e) {
    const a = Math.floor(rnd() * n);
    const b = Math.floor(rnd() * n);
    // Keep the last node dangling to exercise redistribution.
    if (a === b || a === n - 1 || seen.has(`${a},${b}`)) continue;
    seen.add(`${a},${b}`);
    src.push(a);
    dst.push(b);
    w.push(withWeights ? 1 + Math.floor(rnd() * 5) : 1);
  }
  return { src: Int32Array.from(src), dst: Int32Array.from(dst), w: Float32Array.from(w) };
}

function oracle(n: number, g: ReturnType<typeof randomGraph>): Float64Array {
  const graph = new Graph({ type: 'directed' });
  for (let i = 0; i < n; i++) graph.addNode(String(i));
  for (let k = 0; k < g.src.length; k++) graph.addEdge(String(g.src[k]), String(g.dst[k]), { weight: g.w[k] });
  const r = graphologyPagerank(graph, { getEdgeWeight: 'weight', tolerance: 1e-14, maxIterations: 1000 });
  return Float64Array.from({ length: n }, (_, i) => r[String(i)]!);
}

describe('pagerank', () => {
  it.each([
    [12, 30, 1, false],
    [40, 150, 7, true],
    [60, 90, 3, true],
  ])('matches graphology-metrics on a random graph (n=%i, e=%i, seed=%i, weighted=%s)', (n, e, seed, weighted) => {
    const g = randomGraph(n, e, seed, weighted);
    const csr = buildCsr(n, n, g.src, g.dst, g.w);
    const ours = pagerank(csr, { tolerance: 1e-13, maxIterations: 1000, weighted });
    const theirs = oracle(n, g);
    expect(ours.converged).toBe(true);
    for (let i = 0; i < n; i++) expect(ours.scores[i]).toBeCloseTo(theirs[i]!, 9);
  });

  it('uses weights: a heavier edge carries more rank', () => {
    // 0 → 1 (weight 9), 0 → 2 (weight 1); 1, 2 → 0.
    const csr = buildCsr(3, 3, Int32Array.of(0, 0, 1, 2), Int32Array.of(1, 2, 0, 0), Float32Array.of(9, 1, 1, 1));
    const w = pagerank(csr, { tolerance: 1e-12 });
    const u = pagerank(csr, { tolerance: 1e-12, weighted: false });
    expect(w.scores[1]).toBeGreaterThan(w.scores[2]! * 3);
    expect(u.scores[1]).toBeCloseTo(u.scores[2]!, 12);
  });

  it('hand-computed 2-cycle with a dangling node sums to one', () => {
    // 0 ↔ 1, node 2 dangling and unreachable: x2 = (1-α)/3 + α·x2/3 ⇒ x2 = (1-α)/(3-α).
    const csr = buildCsr(3, 3, Int32Array.of(0, 1), Int32Array.of(1, 0));
    const r = pagerank(csr, { tolerance: 1e-14, maxIterations: 500 });
    const a = 0.85;
    expect(r.scores[2]).toBeCloseTo((1 - a) / (3 - a), 10);
    expect(r.scores[0]).toBeCloseTo(r.scores[1]!, 12);
    expect(r.scores.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    expect(r.iterations).toBeGreaterThan(1);
    expect(r.delta).toBeLessThan(1e-14);
  });

  it('reports non-convergence within maxIterations', () => {
    const g = randomGraph(30, 80, 5, false);
    const r = pagerank(buildCsr(30, 30, g.src, g.dst), { tolerance: 1e-15, maxIterations: 3 });
    expect(r.iterations).toBe(3);
    expect(r.converged).toBe(false);
  });

  it('personalised PageRank concentrates on the source and its neighbourhood', () => {
    // Path 0 → 1 → 2 → 3, plus 3 → 0.
    const csr = buildCsr(5, 5, Int32Array.of(0, 1, 2, 3, 4), Int32Array.of(1, 2, 3, 0, 0));
    const r = personalizedPagerank(csr, 0, { tolerance: 1e-14, maxIterations: 1000 });
    expect(r.scores[0]).toBeGreaterThan(r.scores[1]!);
    expect(r.scores[1]).toBeGreaterThan(r.scores[2]!);
    expect(r.scores[2]).toBeGreaterThan(r.scores[3]!);
    expect(r.scores[4]).toBe(0); // unreachable from the source
    // Closed form on the cycle: x_k = x_0 · α^k, x_0 = (1-α)/(1-α^4).
    const a = 0.85;
    expect(r.scores[0]).toBeCloseTo((1 - a) / (1 - a ** 4), 10);
  });

  it('rejects bad options with BAD_USER_INPUT', () => {
    const csr = buildCsr(2, 2, Int32Array.of(0), Int32Array.of(1));
    expect(() => pagerank(csr, { damping: 1 })).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    expect(() => personalizedPagerank(csr, 5)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });
});
