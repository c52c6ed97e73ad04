// Summaries of repeated measurements: a median with its spread, never a single run. These machines are noisy, so
// every comparison is a ratio of two figures measured side by side in the same run.

/** A figure over repeated runs: the median, the interquartile range and the extremes, and how many runs. */
export interface Spread {
  median: number;
  p25: number;
  p75: number;
  min: number;
  max: number;
  runs: number;
}

/** The q-quantile (0..1) of values, linearly interpolated between order statistics. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

export function spread(values: readonly number[]): Spread {
  return {
    median: quantile(values, 0.5),
    p25: quantile(values, 0.25),
    p75: quantile(values, 0.75),
    min: values.length ? Math.min(...values) : Number.NaN,
    max: values.length ? Math.max(...values) : Number.NaN,
    runs: values.length,
  };
}

/** Per-run ratios a[i] / b[i] of two series measured side by side, summarised. */
export function ratios(a: readonly number[], b: readonly number[]): Spread {
  return spread(a.map((x, i) => x / b[i]!));
}

export const round = (n: number, digits = 2) => (Number.isFinite(n) ? Number(n.toFixed(digits)) : n);

/** "12.3 (11.9-12.8)": the median and the interquartile range, the form every table cell uses. */
export function fmt(s: Spread, digits = 1): string {
  if (!Number.isFinite(s.median)) return 'n/a';
  return `${s.median.toFixed(digits)} (${s.p25.toFixed(digits)}–${s.p75.toFixed(digits)})`;
}
