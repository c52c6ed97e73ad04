// Intervals and tests for scores computed from exact counts (docs/metrics.md gives each formula with a worked example).
// Pure and dependency-free: the reports function bundles it, so the normal and Student t distributions are computed here.

export interface Interval {
  low: number;
  high: number;
}
export const DEFAULT_CONFIDENCE = 0.95;
export const DEFAULT_MIN_SAMPLE = 30;

const SQRT_2PI = Math.sqrt(2 * Math.PI);
const density = (x: number) => Math.exp((-x * x) / 2) / SQRT_2PI;

/** Q(x) = 1 − Φ(x) for x ≥ 0, accurate relative to its own size far into the tail (p-values stay meaningful). */
function upperTail(x: number): number {
  if (x < 3) {
    // Φ(x) = 1/2 + φ(x)·(x + x³/3 + x⁵/(3·5) + …): every term positive, no cancellation inside the sum.
    let term = x;
    let total = x;
    for (let k = 3; term > 1e-17 * total; k += 2) {
      term *= (x * x) / k;
      total += term;
    }
    return 0.5 - density(x) * total;
  }
  // Laplace's continued fraction: Q(x) = φ(x) / (x + 1/(x + 2/(x + 3/(x + …)))), evaluated from the back.
  let fraction = x;
  for (let k = 100; k >= 1; k--) fraction = x + k / fraction;
  return density(x) / fraction;
}

/** Standard normal CDF Φ(x). */
export function normalCdf(x: number): number {
  return x >= 0 ? 1 - upperTail(x) : upperTail(-x);
}

/** Two-sided standard normal quantile for a confidence level: zFor(0.95) = 1.959963... (0 < confidence < 1). */
export function zFor(confidence: number): number {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError('confidence must be between 0 and 1');
  const tail = (1 - confidence) / 2;
  // Newton on f(x) = tail − Q(x): increasing and concave for x ≥ 0, so the steps from 0 rise monotonically to the root.
  let x = 0;
  for (let i = 0; i < 200; i++) {
    const step = (upperTail(x) - tail) / density(x);
    x += step;
    if (step <= 1e-15 * Math.max(1, x)) break;
  }
  return x;
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x ≥ 0.5 (Lanczos, g = 7: about 15 correct digits). */
function logGamma(x: number): number {
  const y = x - 1;
  let series = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) series += LANCZOS[i]! / (y + i);
  const t = y + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(series);
}

/** The continued fraction of the incomplete beta function (modified Lentz). */
function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const guard = (v: number) => (Math.abs(v) < tiny ? tiny : v);
  let c = 1;
  let d = 1 / guard(1 - ((a + b) * x) / (a + 1));
  let h = d;
  for (let m = 1; m <= 500; m++) {
    const even = (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
    d = 1 / guard(1 + even * d);
    c = guard(1 + even / c);
    h *= d * c;
    const odd = (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
    d = 1 / guard(1 + odd * d);
    c = guard(1 + odd / c);
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-15) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b), a, b ≥ 0.5. */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
  return x < (a + 1) / (a + b + 2) ? (front * betaFraction(x, a, b)) / a : 1 - (front * betaFraction(1 - x, b, a)) / b;
}

/** Student t CDF with (possibly fractional, ≥ 1) degrees of freedom: P(T ≤ t). */
export function studentTCdf(t: number, df: number): number {
  const lowerTail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - lowerTail : lowerTail;
}

/** Two-sided Student t quantile for a confidence level (the inverse of studentTCdf at (1 + confidence)/2, by bisection). */
export function tFor(confidence: number, df: number): number {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError('confidence must be between 0 and 1');
  const target = (1 + confidence) / 2;
  let low = 0;
  let high = 2;
  while (studentTCdf(high, df) < target) high *= 2;
  for (let i = 0; i < 200 && high - low > 1e-13 * high; i++) {
    const middle = (low + high) / 2;
    if (studentTCdf(middle, df) < target) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

const clip = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/** Wilson score interval of a proportion, in 0..1; null when n = 0. */
export function wilson(successes: number, n: number, z: number): Interval | null {
  if (n === 0) return null;
  const p = successes / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  // At 0 of n and n of n the bounds are exactly 0 and 1; the sum above only rounds to them.
  return { low: successes === 0 ? 0 : clip(centre - half, 0, 1), high: successes === n ? 1 : clip(centre + half, 0, 1) };
}

/** Variance of one NPS answer in points²: 100²·(p₊ + p₋ − (p₊ − p₋)²). */
const npsAnswerVariance = (promoters: number, detractors: number, n: number) => {
  const plus = promoters / n;
  const minus = detractors / n;
  return 10_000 * Math.max(0, plus + minus - (plus - minus) ** 2);
};

/** NPS interval in points (-100..100, clipped): score ± z·100·sqrt((p₊ + p₋ − (p₊ − p₋)²)/n); null when n = 0. */
export function npsInterval(promoters: number, detractors: number, n: number, z: number): Interval | null {
  if (n === 0) return null;
  const score = (100 * (promoters - detractors)) / n;
  const half = z * Math.sqrt(npsAnswerVariance(promoters, detractors, n) / n);
  return { low: clip(score - half, -100, 100), high: clip(score + half, -100, 100) };
}

interface Moments {
  n: number;
  mean: number;
  /** sample variance (n − 1); 0 when n < 2 */
  variance: number;
}

function moments(histogram: Readonly<Record<number, number>>): Moments {
  const entries = Object.entries(histogram).map(([value, count]) => [Number(value), count] as const);
  const n = entries.reduce((total, [, count]) => total + count, 0);
  if (n === 0) return { n, mean: Number.NaN, variance: 0 };
  const mean = entries.reduce((total, [value, count]) => total + value * count, 0) / n;
  const squares = entries.reduce((total, [value, count]) => total + count * (value - mean) ** 2, 0);
  return { n, mean, variance: n < 2 ? 0 : squares / (n - 1) };
}

/** Mean ± z·s/√n from an exact histogram {value: count}; s the sample sd (n−1); null when n = 0; for n = 1 the interval is the point. */
export function meanInterval(histogram: Readonly<Record<number, number>>, z: number): Interval | null {
  const { n, mean, variance } = moments(histogram);
  if (n === 0) return null;
  const half = z * Math.sqrt(variance / n);
  return { low: mean - half, high: mean + half };
}

export interface Change {
  delta: number;
  ci: Interval | null;
  significant: boolean;
  /** two-sided p-value */
  p: number | null;
}

/** delta ± quantile·se, and the two-sided p-value of statistic = delta / testSe under the normal distribution. */
function normalChange(delta: number, se: number, testSe: number, z: number): Change {
  const ci = { low: delta - z * se, high: delta + z * se };
  // A zero standard error means both sides are certain: any difference is real, none is not.
  if (testSe === 0) return { delta, ci, significant: delta !== 0, p: delta === 0 ? 1 : 0 };
  const statistic = Math.abs(delta / testSe);
  return { delta, ci, significant: statistic > z, p: 2 * upperTail(statistic) };
}

/** Difference of two proportions (current − previous), in 0..1 units: unpooled-SE interval, pooled two-proportion z test. null if either n = 0. */
export function proportionChange(x1: number, n1: number, x0: number, n0: number, z: number): Change | null {
  if (n1 === 0 || n0 === 0) return null;
  const p1 = x1 / n1;
  const p0 = x0 / n0;
  const pooled = (x1 + x0) / (n1 + n0);
  const se = Math.sqrt((p1 * (1 - p1)) / n1 + (p0 * (1 - p0)) / n0);
  const testSe = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n0));
  return normalChange(p1 - p0, se, testSe, z);
}

type NpsCounts = { promoters: number; detractors: number; n: number };

/** Difference of two NPS in points, variance = sum of both NPS variances (the formula above, squared SE). null if either n = 0. */
export function npsChange(cur: NpsCounts, prev: NpsCounts, z: number): Change | null {
  if (cur.n === 0 || prev.n === 0) return null;
  const score = ({ promoters, detractors, n }: NpsCounts) => (100 * (promoters - detractors)) / n;
  const variance = ({ promoters, detractors, n }: NpsCounts) => npsAnswerVariance(promoters, detractors, n) / n;
  const se = Math.sqrt(variance(cur) + variance(prev));
  return normalChange(score(cur) - score(prev), se, se, z);
}

/**
 * Welch's test on two histograms (means' difference, Welch–Satterthwaite df, t quantile). null if either n < 2.
 * `_z` keeps the signature uniform with the other changes: the t quantile at `confidence` replaces it.
 */
export function welchChange(cur: Readonly<Record<number, number>>, prev: Readonly<Record<number, number>>, _z: number, confidence: number): Change | null {
  const one = moments(cur);
  const zero = moments(prev);
  if (one.n < 2 || zero.n < 2) return null;
  const delta = one.mean - zero.mean;
  const v1 = one.variance / one.n;
  const v0 = zero.variance / zero.n;
  const se = Math.sqrt(v1 + v0);
  if (se === 0) return { delta, ci: { low: delta, high: delta }, significant: delta !== 0, p: delta === 0 ? 1 : 0 };
  const df = (v1 + v0) ** 2 / (v1 ** 2 / (one.n - 1) + v0 ** 2 / (zero.n - 1));
  const t = tFor(confidence, df);
  const p = 2 * studentTCdf(-Math.abs(delta / se), df);
  return { delta, ci: { low: delta - t * se, high: delta + t * se }, significant: p < 1 - confidence, p };
}

/** Holm–Bonferroni: which of these p-values are significant at family-wise level alpha (same order as given). */
export function holm(pValues: readonly number[], alpha: number): boolean[] {
  const order = pValues.map((p, index) => ({ p, index })).sort((a, b) => a.p - b.p);
  const significant = pValues.map(() => false);
  for (const [rank, { p, index }] of order.entries()) {
    if (p > alpha / (order.length - rank)) break;
    significant[index] = true;
  }
  return significant;
}
