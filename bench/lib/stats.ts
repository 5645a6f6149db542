/** Percentiles and medians for the benchmark report. */

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest-rank: p99 of 500 samples is the 495th value, so one slow outlier in 500 does not set it.
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export const median = (values: readonly number[]): number => percentile(values, 50);

export interface Summary {
  p50: number;
  p99: number;
  max: number;
  n: number;
}

export function summarize(values: readonly number[]): Summary {
  return { p50: percentile(values, 50), p99: percentile(values, 99), max: Math.max(...values), n: values.length };
}

/** The median of each field over several runs: the figure reported for a repeated measurement. */
export function medianOfRuns(runs: readonly Summary[]): Summary {
  return {
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    max: median(runs.map((r) => r.max)),
    n: runs.reduce((n, r) => n + r.n, 0),
  };
}

export const round = (value: number, digits = 1): number => Number(value.toFixed(digits));
