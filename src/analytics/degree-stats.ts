/**
 * Summaries of degree distributions: min, mean, max and nearest-rank percentiles.
 *
 * Nearest-rank percentile (the definition NIST and most graph-statistics reports use for integer
 * data): P_p = x_(⌈p/100 · n⌉) of the ascending sample x_(1) ≤ … ≤ x_(n), so every reported value is
 * an observed degree (a p99 of 37 means some node really has 37 edges); P_0 = x_(1).
 */
export interface DegreeSummary {
  /** Nodes summarised. */
  count: number;
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export const EMPTY_SUMMARY: Readonly<DegreeSummary> = Object.freeze({
  count: 0,
  min: 0,
  mean: 0,
  p50: 0,
  p90: 0,
  p99: 0,
  max: 0,
});

/** Nearest-rank percentile of an ascending-sorted sample (0 for an empty one). */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const rank = Math.max(1, Math.ceil((p / 100) * n));
  return sorted[Math.min(n, rank) - 1]!;
}

export function summarize(values: ArrayLike<number>): DegreeSummary {
  const n = values.length;
  if (n === 0) return { ...EMPTY_SUMMARY };
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i]!;
  return {
    count: n,
    min: sorted[0]!,
    mean: sum / n,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted[n - 1]!,
  };
}
