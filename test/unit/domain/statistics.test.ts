import { describe, expect, it } from 'vitest';
import {
  holm,
  meanInterval,
  normalCdf,
  npsChange,
  npsInterval,
  proportionChange,
  studentTCdf,
  tFor,
  welchChange,
  wilson,
  zFor,
} from '../../../functions/domain/statistics.js';

// Every expected value here is computed again in the test, by a different route than the module's, or is a published table value.
const Z95 = 1.959963984540054;

/** Expands a histogram {value: count} into the list of answers it counts. */
const answersOf = (histogram: Record<number, number>) => Object.entries(histogram).flatMap(([value, count]) => Array(count).fill(Number(value)) as number[]);
const meanOf = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const sampleVarianceOf = (values: number[]) => {
  const mean = meanOf(values);
  return values.reduce((total, v) => total + (v - mean) ** 2, 0) / (values.length - 1);
};
/** Wilson written in its other closed form: (x + z²/2)/(n + z²) ± z·√n/(n + z²)·√(p̂(1 − p̂) + z²/(4n)). */
const wilsonByHand = (x: number, n: number, z: number) => {
  const p = x / n;
  const centre = (x + (z * z) / 2) / (n + z * z);
  const half = ((z * Math.sqrt(n)) / (n + z * z)) * Math.sqrt(p * (1 - p) + (z * z) / (4 * n));
  return { low: centre - half, high: centre + half };
};

describe('the normal distribution', () => {
  it('gives the published two-sided quantiles for 80%, 90%, 95% and 99%', () => {
    expect(zFor(0.8)).toBeCloseTo(1.281552, 6);
    expect(zFor(0.9)).toBeCloseTo(1.644854, 6);
    expect(zFor(0.95)).toBeCloseTo(1.959964, 6);
    expect(zFor(0.99)).toBeCloseTo(2.575829, 6);
  });

  it('refuses a confidence that is not strictly between 0 and 1', () => {
    for (const confidence of [0, 1, -0.5, 1.5, Number.NaN]) expect(() => zFor(confidence)).toThrow(RangeError);
  });

  it('gives the published CDF values, symmetric about 0 and exact at the quantiles', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1)).toBeCloseTo(0.841344746068543, 14);
    expect(normalCdf(-3)).toBeCloseTo(0.00134989803163009, 16);
    // deep in the tail the value keeps its relative precision: Φ(−6) = 9.8658765e-10
    expect(normalCdf(-6) / 9.865876450376946e-10).toBeCloseTo(1, 12);
    for (const x of [0.3, 1.7, 2.99, 3.01, 4.5]) expect(normalCdf(x) + normalCdf(-x)).toBeCloseTo(1, 15);
    for (const confidence of [0.8, 0.95, 0.99]) expect(normalCdf(zFor(confidence))).toBeCloseTo((1 + confidence) / 2, 14);
  });
});

describe('the Student t distribution', () => {
  it('matches the closed forms for 1 and 2 degrees of freedom', () => {
    for (const t of [-7, -1.2, 0, 0.4, 3]) {
      expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 14);
      expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 14);
    }
  });

  it('gives the published t-table quantiles', () => {
    expect(tFor(0.95, 5)).toBeCloseTo(2.570582, 6);
    expect(tFor(0.95, 30)).toBeCloseTo(2.042272, 6);
    expect(tFor(0.9, 10)).toBeCloseTo(1.812461, 6);
    expect(tFor(0.99, 1)).toBeCloseTo(63.656741, 5);
    // many degrees of freedom: the t quantile tends to the normal one, from above
    expect(tFor(0.95, 1e6)).toBeGreaterThan(Z95);
    expect(tFor(0.95, 1e6)).toBeCloseTo(Z95, 5);
  });
});

describe('the Wilson interval of a proportion', () => {
  it('agrees with the other closed form of the interval', () => {
    for (const [x, n] of [
      [42, 50],
      [36, 45],
      [50, 120],
      [1, 3],
      [17, 1000],
    ] as const) {
      const interval = wilson(x, n, Z95)!;
      const expected = wilsonByHand(x, n, Z95);
      expect(interval.low).toBeCloseTo(expected.low, 12);
      expect(interval.high).toBeCloseTo(expected.high, 12);
    }
  });

  it('gives 71.49% to 91.66% for 42 satisfied of 50 (the docs/metrics.md example)', () => {
    const interval = wilson(42, 50, zFor(0.95))!;
    expect(interval.low * 100).toBeCloseTo(71.4858, 4);
    expect(interval.high * 100).toBeCloseTo(91.6626, 4);
  });

  it('runs from 0 to z²/(n + z²) for 0 of n, and from n/(n + z²) to 1 for n of n', () => {
    for (const n of [1, 10, 50]) {
      expect(wilson(0, n, Z95)!.low).toBe(0);
      expect(wilson(0, n, Z95)!.high).toBeCloseTo((Z95 * Z95) / (n + Z95 * Z95), 14);
      expect(wilson(n, n, Z95)!.low).toBeCloseTo(n / (n + Z95 * Z95), 14);
      expect(wilson(n, n, Z95)!.high).toBe(1);
    }
  });

  it('is null with nothing behind it, and narrower at a lower confidence', () => {
    expect(wilson(0, 0, Z95)).toBeNull();
    const at95 = wilson(30, 60, Z95)!;
    const at80 = wilson(30, 60, zFor(0.8))!;
    expect(at80.high - at80.low).toBeLessThan(at95.high - at95.low);
  });
});

describe('the NPS interval', () => {
  /** Each answer scores +100 (promoter), 0 (passive) or −100 (detractor); NPS is their mean, its variance theirs over n. */
  const byHand = (promoters: number, passives: number, detractors: number, z: number) => {
    const points = [...Array(promoters).fill(100), ...Array(passives).fill(0), ...Array(detractors).fill(-100)] as number[];
    const mean = meanOf(points);
    const populationVariance = points.reduce((total, v) => total + (v - mean) ** 2, 0) / points.length;
    const half = z * Math.sqrt(populationVariance / points.length);
    return { low: mean - half, high: mean + half };
  };

  it('agrees with the variance of the answers scored +100, 0 and −100', () => {
    for (const [promoters, passives, detractors] of [
      [50, 30, 20],
      [12, 5, 20],
      [3, 0, 4],
    ] as const) {
      const interval = npsInterval(promoters, detractors, promoters + passives + detractors, Z95)!;
      const expected = byHand(promoters, passives, detractors, Z95);
      expect(interval.low).toBeCloseTo(expected.low, 10);
      expect(interval.high).toBeCloseTo(expected.high, 10);
    }
  });

  it('gives 14.69 to 45.31 for 50 promoters, 30 passives and 20 detractors (the docs/metrics.md example)', () => {
    const interval = npsInterval(50, 20, 100, zFor(0.95))!;
    expect(interval.low).toBeCloseTo(14.6922, 4);
    expect(interval.high).toBeCloseTo(45.3078, 4);
  });

  it('is clipped to −100..100 and null with no answers', () => {
    expect(npsInterval(5, 0, 5, Z95)).toEqual({ low: 100, high: 100 });
    expect(npsInterval(3, 1, 4, Z95)!.high).toBeLessThanOrEqual(100);
    expect(npsInterval(0, 3, 4, Z95)!.low).toBe(-100);
    expect(npsInterval(0, 0, 0, Z95)).toBeNull();
  });
});

describe('the interval of a mean (CES)', () => {
  it('is the mean ± z·s/√n of the answers the histogram counts', () => {
    const histogram = { 1: 2, 2: 10, 3: 15, 4: 8, 5: 5, 6: 0, 7: 0 };
    const answers = answersOf(histogram);
    const half = (Z95 * Math.sqrt(sampleVarianceOf(answers))) / Math.sqrt(answers.length);
    const interval = meanInterval(histogram, Z95)!;
    expect(interval.low).toBeCloseTo(meanOf(answers) - half, 12);
    expect(interval.high).toBeCloseTo(meanOf(answers) + half, 12);
    // the docs/metrics.md example: mean 3.1, s = 1.0813, 40 answers
    expect(interval.low).toBeCloseTo(2.7649, 4);
    expect(interval.high).toBeCloseTo(3.4351, 4);
  });

  it('is the point itself for one answer, and null for none', () => {
    expect(meanInterval({ 1: 0, 4: 1, 7: 0 }, Z95)).toEqual({ low: 4, high: 4 });
    expect(meanInterval({ 1: 0, 2: 0 }, Z95)).toBeNull();
  });
});

describe('a change of a proportion', () => {
  it('takes its interval from the unpooled standard error and its test from the pooled one', () => {
    // 42 of 50 now, 30 of 50 before
    const [x1, n1, x0, n0] = [42, 50, 30, 50];
    const [p1, p0, pooled] = [x1 / n1, x0 / n0, (x1 + x0) / (n1 + n0)];
    const se = Math.sqrt((p1 * (1 - p1)) / n1 + (p0 * (1 - p0)) / n0);
    const statistic = (p1 - p0) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n0));
    const change = proportionChange(x1, n1, x0, n0, Z95)!;
    expect(change.delta).toBeCloseTo(0.24, 14);
    expect(change.ci!.low).toBeCloseTo(0.24 - Z95 * se, 12);
    expect(change.ci!.high).toBeCloseTo(0.24 + Z95 * se, 12);
    expect(statistic).toBeCloseTo(2.672612, 6);
    expect(change.p).toBeCloseTo(0.00752632, 8);
    expect(change.significant).toBe(true);
  });

  it('is not significant for a small difference, and null when either side has no answers', () => {
    const change = proportionChange(42, 50, 40, 50, Z95)!;
    expect(change.significant).toBe(false);
    expect(change.p).toBeGreaterThan(0.05);
    expect(proportionChange(0, 0, 3, 5, Z95)).toBeNull();
    expect(proportionChange(3, 5, 0, 0, Z95)).toBeNull();
  });

  it('says no change when both sides are all yes, and a real one from all no to all yes', () => {
    expect(proportionChange(20, 20, 30, 30, Z95)).toEqual({ delta: 0, ci: { low: 0, high: 0 }, significant: false, p: 1 });
    const flip = proportionChange(20, 20, 0, 30, Z95)!;
    expect(flip.delta).toBe(1);
    expect(flip.significant).toBe(true);
  });
});

describe('a change of NPS', () => {
  it('adds both variances: 30 against 10 on 100 answers each is +20, from −2.35 to 42.35, not significant at 95%', () => {
    const variance = (promoters: number, detractors: number, n: number) =>
      (100 ** 2 * (promoters / n + detractors / n - ((promoters - detractors) / n) ** 2)) / n;
    const se = Math.sqrt(variance(50, 20, 100) + variance(40, 30, 100));
    const change = npsChange({ promoters: 50, detractors: 20, n: 100 }, { promoters: 40, detractors: 30, n: 100 }, Z95)!;
    expect(change.delta).toBeCloseTo(20, 12);
    expect(change.ci!.low).toBeCloseTo(20 - Z95 * se, 10);
    expect(change.ci!.high).toBeCloseTo(20 + Z95 * se, 10);
    expect(change.ci!.low).toBeCloseTo(-2.347, 3);
    expect(change.p).toBeCloseTo(0.0794106, 6);
    expect(change.significant).toBe(false);
    // at 90% the same difference is significant
    expect(npsChange({ promoters: 50, detractors: 20, n: 100 }, { promoters: 40, detractors: 30, n: 100 }, zFor(0.9))!.significant).toBe(true);
  });

  it('is null when either side has no answers', () => {
    expect(npsChange({ promoters: 0, detractors: 0, n: 0 }, { promoters: 1, detractors: 0, n: 1 }, Z95)).toBeNull();
  });
});

describe("a change of a mean, by Welch's test", () => {
  const current = { 1: 2, 2: 10, 3: 15, 4: 8, 5: 5 };
  const previous = { 1: 1, 2: 5, 3: 10, 4: 12, 5: 7 };

  it('uses the t statistic and Welch–Satterthwaite degrees of freedom computed by hand', () => {
    const [a, b] = [answersOf(current), answersOf(previous)];
    const [va, vb] = [sampleVarianceOf(a) / a.length, sampleVarianceOf(b) / b.length];
    const delta = meanOf(a) - meanOf(b);
    const t = delta / Math.sqrt(va + vb);
    const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
    expect(t).toBeCloseTo(-1.782301, 6);
    expect(df).toBeCloseTo(71.93153, 5);

    const change = welchChange(current, previous, Z95, 0.95)!;
    expect(change.delta).toBeCloseTo(delta, 12);
    // scipy.stats.ttest_ind(a, b, equal_var=False) on the same answers: p = 0.0789201, 95% interval −0.93819 to 0.05248
    expect(change.p).toBeCloseTo(0.0789201, 6);
    expect(change.ci!.low).toBeCloseTo(-0.938191, 5);
    expect(change.ci!.high).toBeCloseTo(0.052477, 5);
    expect(change.significant).toBe(false);
    expect(welchChange(current, previous, zFor(0.9), 0.9)!.significant).toBe(true);
  });

  it('is significant exactly when its interval excludes 0', () => {
    for (const confidence of [0.8, 0.9, 0.95, 0.99]) {
      const change = welchChange(current, previous, zFor(confidence), confidence)!;
      expect(change.significant).toBe(change.ci!.high < 0 || change.ci!.low > 0);
    }
  });

  it('is null when either side has fewer than two answers', () => {
    expect(welchChange({ 3: 1 }, previous, Z95, 0.95)).toBeNull();
    expect(welchChange(current, { 2: 1, 4: 0 }, Z95, 0.95)).toBeNull();
  });
});

describe('Holm–Bonferroni', () => {
  it('rejects in order of p-value until the first one above alpha/(m − rank)', () => {
    // sorted: 0.005 ≤ 0.05/4, 0.01 ≤ 0.05/3, then 0.03 > 0.05/2 stops it (0.04 ≤ 0.05 is never reached)
    expect(holm([0.01, 0.04, 0.03, 0.005], 0.05)).toEqual([true, false, false, true]);
  });

  it('rejects more than Bonferroni when the p-values are all small', () => {
    const pValues = [0.01, 0.015, 0.02, 0.03];
    expect(holm(pValues, 0.05)).toEqual([true, true, true, true]);
    expect(pValues.map((p) => p <= 0.05 / pValues.length)).toEqual([true, false, false, false]);
  });

  it('rejects nothing when the smallest p-value is above alpha/m, and handles no tests', () => {
    expect(holm([0.02, 0.6, 0.018], 0.05)).toEqual([false, false, false]);
    expect(holm([], 0.05)).toEqual([]);
  });
});
