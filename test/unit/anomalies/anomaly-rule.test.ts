// The anomaly rule on synthetic series: a drop found, a stable series not flagged, Holm's correction over every test
// of a run suppressing a borderline p, one anomaly per drop.
import { describe, expect, it } from 'vitest';
import { ANOMALY_ALPHA, detectAnomalies, metricTest } from '../../../functions/domain/anomalies.js';
import type { Channel } from '../../../functions/domain/channels.js';
import { addDays } from '../../../functions/domain/utc-days.js';
import { dayOf, seriesOf } from './series.js';

const DAY = '2026-03-01';
/** 35 days: the 28-day baseline of the week window, then the week; `lastWeek` makes the week's days. */
const weeks = (baseline: () => ReturnType<typeof dayOf>, lastWeek: (i: number) => ReturnType<typeof dayOf>, channel: Channel = 'chat') =>
  seriesOf(channel, DAY, 35, (i) => (i < 28 ? baseline() : lastWeek(i - 28)));

/** Two-proportion z test by hand (pooled), two-sided p from the normal tail by numeric integration. */
function pooledP(x1: number, n1: number, x0: number, n0: number): number {
  const pooled = (x1 + x0) / (n1 + n0);
  const z = Math.abs(x1 / n1 - x0 / n0) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n0));
  let tail = 0;
  const step = 1e-4;
  for (let x = z; x < 12; x += step) tail += (Math.exp(-((x + step / 2) ** 2) / 2) / Math.sqrt(2 * Math.PI)) * step;
  return 2 * tail;
}

describe('the anomaly rule', () => {
  it('finds a CSAT drop over the last week against the 28 days before it', () => {
    // Prepare: 34 good and 6 bad a day for 28 days (85%), then 28 good and 12 bad (70%) for a week
    const series = weeks(
      () => dayOf({ good: 34, bad: 6 }),
      () => dayOf({ good: 28, bad: 12 }),
    );
    // Act
    const { findings } = detectAnomalies({ day: DAY, series: [series] });
    // Assess: CSAT, NPS and FCR all dropped (the synthetic answers move together); the week is the stronger evidence
    const csat = findings.find((f) => f.metric === 'csat');
    expect(csat).toMatchObject({
      day: DAY,
      scope: 'channel',
      key: 'chat',
      channel: 'chat',
      window: 'week',
      current: { score: 70, n: 280 },
      baseline: { score: 85, n: 1120 },
      delta: -15,
    });
    expect(csat!.p).toBeCloseTo(pooledP(196, 280, 952, 1120), 6);
    expect(findings.map((f) => f.metric).sort()).toEqual(['csat', 'fcr', 'nps']);
  });

  it('finds a one-day collapse in the day window', () => {
    const series = weeks(
      () => dayOf({ good: 34, bad: 6 }),
      (i) => (i === 6 ? dayOf({ good: 10, bad: 30 }) : dayOf({ good: 34, bad: 6 })),
    );
    const { findings } = detectAnomalies({ day: DAY, series: [series] });
    expect(findings.find((f) => f.metric === 'csat')).toMatchObject({ window: 'day', current: { score: 25, n: 40 } });
  });

  it('finds a response-rate drop from invitations and answers', () => {
    const series = weeks(
      () => dayOf({ good: 34, bad: 6, invitations: 100 }),
      () => dayOf({ good: 17, bad: 3, invitations: 100 }),
    );
    const { findings } = detectAnomalies({ day: DAY, series: [series] });
    expect(findings.find((f) => f.metric === 'responseRate')).toMatchObject({
      current: { score: 0.2, n: 700 },
      baseline: { score: 0.4, n: 2800 },
      delta: -0.2,
    });
  });

  it('raises nothing for a stable series, nor for a rise', () => {
    const stable = weeks(
      () => dayOf({ good: 34, bad: 6 }),
      () => dayOf({ good: 34, bad: 6 }),
    );
    const rising = weeks(
      () => dayOf({ good: 28, bad: 12 }),
      () => dayOf({ good: 38, bad: 2 }),
      'email',
    );
    const { findings, tests } = detectAnomalies({ day: DAY, series: [stable, rising] });
    expect(tests).toBe(2 * 2 * 4);
    expect(findings).toEqual([]);
  });

  it('makes no test on fewer answers than the minimum, so one bad answer is no anomaly', () => {
    const series = weeks(
      () => dayOf({ good: 34, bad: 6 }),
      (i) => (i === 6 ? dayOf({ good: 0, bad: 3 }) : dayOf({ good: 0, bad: 0 })),
    );
    const { findings, tests } = detectAnomalies({ day: DAY, series: [series] });
    expect(tests).toBe(0);
    expect(findings).toEqual([]);
  });

  it("corrects for the run's number of tests: a borderline drop alone is raised, among many tests it is not", () => {
    // Prepare: a CSAT week at 75% against 85% on 280 vs 1120 answers: p below alpha over one channel's 8 tests,
    // above it over 800 tests
    const borderline = weeks(
      () => dayOf({ good: 34, bad: 6 }),
      () => dayOf({ good: 30, bad: 10 }),
    );
    const test = metricTest('csat', dayOf({ good: 30 * 7, bad: 10 * 7 }), dayOf({ good: 34 * 28, bad: 6 * 28 }))!;
    expect(test.p).toBeLessThan(ANOMALY_ALPHA / 8);
    expect(test.p).toBeGreaterThan(ANOMALY_ALPHA / 800);
    // 99 stable agents on the same channel: 99 x 8 more tests in the same run
    const stableAgents = Array.from({ length: 99 }, (_, i) => seriesOf('chat', DAY, 35, () => dayOf({ good: 34, bad: 6 }), `agent-${i}`));
    // Act
    const alone = detectAnomalies({ day: DAY, series: [borderline] });
    const among = detectAnomalies({ day: DAY, series: [borderline, ...stableAgents] });
    // Assess
    expect(alone.findings.map((f) => f.metric)).toContain('csat');
    expect(among.tests).toBe(100 * 8);
    expect(among.findings).toEqual([]);
  });

  it("raises a drop once: not again while the same scope, key and metric was raised within the episode's days", () => {
    const series = weeks(
      () => dayOf({ good: 34, bad: 6 }),
      () => dayOf({ good: 28, bad: 12 }),
    );
    const yesterday = detectAnomalies({ day: DAY, series: [series] }).findings;
    const today = detectAnomalies({ day: DAY, series: [series], recent: yesterday.map((f) => ({ ...f, day: addDays(DAY, -1) })) });
    expect(yesterday.length).toBeGreaterThan(0);
    expect(today.findings).toEqual([]);
  });

  it('keeps channels and agents apart: an agent of another channel with the same id is another key', () => {
    const drop = seriesOf('chat', DAY, 35, (i) => dayOf(i < 28 ? { good: 34, bad: 6 } : { good: 20, bad: 20 }), 'agent-7');
    const steady = seriesOf('email', DAY, 35, () => dayOf({ good: 34, bad: 6 }), 'agent-7');
    const { findings } = detectAnomalies({ day: DAY, series: [drop, steady] });
    expect(new Set(findings.map((f) => `${f.scope}|${f.channel}|${f.key}`))).toEqual(new Set(['agent|chat|agent-7']));
  });
});
