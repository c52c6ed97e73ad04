// The anomaly rule (docs/metrics.md, "Anomalies"): each day, a channel's or an agent's last day and last 7 days against
// the 28 days before them; a drop significant after Holm's correction over every test of the run is an anomaly.
import type { Channel } from './channels.js';
import { addCounts, emptyCounts, scores, type Counts } from './metrics.js';
import { holm, npsChange, proportionChange, zFor, type Change } from './statistics.js';
import { addDays } from './utc-days.js';

export const ANOMALY_METRICS = ['csat', 'nps', 'fcr', 'responseRate'] as const;
export type AnomalyMetric = (typeof ANOMALY_METRICS)[number];
/** Each window's length in days; it ends on the day tested. */
export const ANOMALY_WINDOWS = { day: 1, week: 7 } as const;
export type AnomalyWindow = keyof typeof ANOMALY_WINDOWS;
export const ANOMALY_SCOPES = ['channel', 'agent'] as const;
export type AnomalyScope = (typeof ANOMALY_SCOPES)[number];

/** The trailing days each window is compared with, ending the day before the window starts. */
export const BASELINE_DAYS = 28;
/** The family-wise error rate of one run: the chance that a run with no real drop raises anything at all. */
export const ANOMALY_ALPHA = 0.01;
/** Fewer answers (invitations, for the response rate) than this on either side: no test is made. */
export const ANOMALY_MIN_SAMPLE = 10;
/** A drop raised for a scope, key and metric is one episode for this many days (the week window still sees it a week after it ends): not raised again meanwhile. */
export const EPISODE_DAYS = 14;

export interface AnomalyScore {
  /** In the score's unit: % for CSAT, points for NPS, 0..1 for FCR and the response rate. */
  score: number;
  /** Answers behind it (invitations, for the response rate). */
  n: number;
}

export interface Anomaly {
  anomalyId: string;
  /** The UTC day tested: the window's last day. */
  day: string;
  scope: AnomalyScope;
  /** The channel, or the agent's id (the company's, not personal data). */
  key: string;
  channel: Channel;
  metric: AnomalyMetric;
  window: AnomalyWindow;
  current: AnomalyScore;
  baseline: AnomalyScore;
  /** current − baseline, in the score's unit (negative: a drop). */
  delta: number;
  /** The two-sided p-value of the test, before the correction. */
  p: number;
  raisedAt: string;
}

/** Where an anomaly is: its day and id (the follow-up and a webhook delivery point at it with this). */
export interface AnomalyRef {
  day: string;
  anomalyId: string;
}

/** A raised anomaly before it has its id and instant. */
export type Finding = Omit<Anomaly, 'anomalyId' | 'raisedAt'>;

/** One channel's or agent's counts, by UTC day. */
export interface ScopeSeries {
  scope: AnomalyScope;
  key: string;
  channel: Channel;
  days: ReadonlyMap<string, Counts>;
}

/** The UTC days one run reads, for the day tested: the week and the 28 days before it. */
export function anomalyReadSpan(day: string): { from: string; to: string } {
  return { from: addDays(day, -(ANOMALY_WINDOWS.week + BASELINE_DAYS - 1)), to: day };
}

function sumDays(days: ReadonlyMap<string, Counts>, from: string, to: string): Counts {
  const total = emptyCounts();
  for (const [day, counts] of days) if (day >= from && day <= to) addCounts(total, counts);
  return total;
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

interface MetricTest {
  current: AnomalyScore;
  baseline: AnomalyScore;
  delta: number;
  p: number;
}

/** One metric's test of the current counts against the baseline's, or null when it cannot be made. */
export function metricTest(metric: AnomalyMetric, current: Counts, baseline: Counts, minSample = ANOMALY_MIN_SAMPLE): MetricTest | null {
  const z = zFor(1 - ANOMALY_ALPHA);
  const [cur, base] = [scores(current), scores(baseline)];
  let change: Change | null;
  let scored: [number | null, number, number | null, number];
  let unit: { scale: number; digits: number };
  if (metric === 'csat') {
    const good = (c: Counts) => c.csat[4] + c.csat[5];
    change = proportionChange(good(current), cur.csat.responses, good(baseline), base.csat.responses, z);
    scored = [cur.csat.score, cur.csat.responses, base.csat.score, base.csat.responses];
    unit = { scale: 100, digits: 2 };
  } else if (metric === 'nps') {
    const side = (s: typeof cur) => ({ promoters: s.nps.promoters, detractors: s.nps.detractors, n: s.nps.responses });
    change = npsChange(side(cur), side(base), z);
    scored = [cur.nps.score, cur.nps.responses, base.nps.score, base.nps.responses];
    unit = { scale: 1, digits: 2 };
  } else if (metric === 'fcr') {
    change = proportionChange(current.resolved.yes, cur.fcr.responses, baseline.resolved.yes, base.fcr.responses, z);
    scored = [cur.fcr.rate, cur.fcr.responses, base.fcr.rate, base.fcr.responses];
    unit = { scale: 1, digits: 4 };
  } else {
    change = proportionChange(current.answered, current.invitations, baseline.answered, baseline.invitations, z);
    scored = [cur.responseRate, current.invitations, base.responseRate, baseline.invitations];
    unit = { scale: 1, digits: 4 };
  }
  const [curScore, curN, baseScore, baseN] = scored;
  if (curN < minSample || baseN < minSample || curScore === null || baseScore === null || !change || change.p === null) return null;
  return {
    current: { score: curScore, n: curN },
    baseline: { score: baseScore, n: baseN },
    delta: round(change.delta * unit.scale, unit.digits),
    p: change.p,
  };
}

/**
 * The anomalies of the run for `day`:
 * 1. every test that can be made: each series × metric × window, the window against the 28 days before it;
 * 2. Holm's correction over all of them at ANOMALY_ALPHA (rises count as tests too: they were made);
 * 3. of the significant ones, the drops; per scope, key and metric the one with the smaller p (the day or the week);
 * 4. none for a scope, key and metric already raised within EPISODE_DAYS (`recent`): one drop, one anomaly.
 */
export function detectAnomalies(input: {
  day: string;
  series: readonly ScopeSeries[];
  recent?: ReadonlyArray<Pick<Anomaly, 'scope' | 'key' | 'channel' | 'metric'>>;
  minSample?: number;
}): { findings: Finding[]; tests: number } {
  const { day, series } = input;
  const tests: Finding[] = [];
  for (const s of series) {
    for (const [window, length] of Object.entries(ANOMALY_WINDOWS) as Array<[AnomalyWindow, number]>) {
      const from = addDays(day, -(length - 1));
      const current = sumDays(s.days, from, day);
      const baseline = sumDays(s.days, addDays(from, -BASELINE_DAYS), addDays(from, -1));
      for (const metric of ANOMALY_METRICS) {
        const test = metricTest(metric, current, baseline, input.minSample);
        if (test) tests.push({ day, scope: s.scope, key: s.key, channel: s.channel, metric, window, ...test });
      }
    }
  }
  const significant = holm(
    tests.map((t) => t.p),
    ANOMALY_ALPHA,
  );
  const episode = (a: Pick<Anomaly, 'scope' | 'key' | 'channel' | 'metric'>) => `${a.scope}|${a.channel}|${a.key}|${a.metric}`;
  const raised = new Set((input.recent ?? []).map(episode));
  const strongest = new Map<string, Finding>();
  tests.forEach((test, i) => {
    if (!significant[i] || test.delta >= 0 || raised.has(episode(test))) return;
    const other = strongest.get(episode(test));
    if (!other || test.p < other.p) strongest.set(episode(test), test);
  });
  return { findings: [...strongest.values()], tests: tests.length };
}
