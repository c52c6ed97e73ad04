// Use cases of the reports: counters read for the window, summed per channel or agent and bucket, scored by domain/metrics.
import { CHANNELS, type Channel } from '../domain/channels.js';
import { addCounts, DEFAULT_INTERVALS, emptyCounts, scores, type Counts, type IntervalOptions, type Scores } from '../domain/metrics.js';
import { wilson, zFor } from '../domain/statistics.js';
import { readWindow, type AggregateStore, type CounterRow } from '../aggregates/aggregate-store.js';
import { countsOf, emptyEscalations, escalationsOf, type EscalationCounts } from '../aggregates/counters.js';
import { bucketStart, previousWindow, type Granularity, type ReportWindow, type ScoreQuery } from './report-query.js';
import { eachDay } from '../domain/utc-days.js';
import { withSentiment } from './sentiment-report.js';

type Series = Array<{ start: string } & Scores>;

/** Daily and weekly series need every day's counters; monthly ones and plain totals can read whole months' rollups. */
const needsDays = (window: ReportWindow) => window.granularity === 'day' || window.granularity === 'week';

function hasActivity(c: Counts): boolean {
  const total = (histogram: Record<number, number>) => Object.values(histogram).reduce((a, b) => a + b, 0);
  return c.invitations > 0 || c.answered > 0 || total(c.skipped) + total(c.csat) + total(c.nps) + total(c.ces) + c.resolved.yes + c.resolved.no > 0;
}

const intervalOptions = (query: ScoreQuery): IntervalOptions => ({
  confidence: query.confidence ?? DEFAULT_INTERVALS.confidence,
  minSample: query.minSample ?? DEFAULT_INTERVALS.minSample,
});

/** What every report with scores says on top: how sure its intervals are, and the window it compares with. */
const echo = (query: ScoreQuery, previous: { from: string; to: string } | null) => ({ ...intervalOptions(query), ...(previous ? { previous } : {}) });

/** With compare=previous, the previous window's counter rows: totals only (no series), so from monthly rollups where it can. */
async function previousRows(store: AggregateStore, dimension: 'channel' | 'agent', query: ScoreQuery) {
  if (query.compare !== 'previous') return null;
  const window = previousWindow(query);
  return { window, rows: await readWindow(store, dimension, window, false) };
}

/** Sums rows per key, overall and per bucket of the granularity. */
function fold(rows: CounterRow[], keyOf: (row: CounterRow) => string | null, window: ReportWindow) {
  const totals = new Map<string, Counts>();
  const buckets = new Map<string, Map<string, Counts>>();
  for (const row of rows) {
    const key = keyOf(row);
    if (key === null) continue;
    const counts = countsOf(row.item);
    addCounts(totals.get(key) ?? totals.set(key, emptyCounts()).get(key)!, counts);
    if (window.granularity) {
      const perKey = buckets.get(key) ?? buckets.set(key, new Map()).get(key)!;
      const start = bucketStart(row.day, window.granularity, window.from);
      addCounts(perKey.get(start) ?? perKey.set(start, emptyCounts()).get(start)!, counts);
    }
  }
  return { totals, buckets };
}

function seriesOf(perBucket: Map<string, Counts> | undefined, window: ScoreQuery & { granularity: Granularity }): Series {
  const starts = [...new Set(eachDay(window.from, window.to).map((d) => bucketStart(d, window.granularity, window.from)))];
  return starts.map((start) => ({ start, ...scores(perBucket?.get(start) ?? emptyCounts(), intervalOptions(window)) }));
}

export async function channelReport(window: ScoreQuery, deps: { store: AggregateStore }) {
  const [rows, before] = await Promise.all([readWindow(deps.store, 'channel', window, needsDays(window)), previousRows(deps.store, 'channel', window)]);
  const { totals, buckets } = fold(rows, (row) => row.value, window);
  const previous = before && fold(before.rows, (row) => row.value, before.window).totals;
  const options = intervalOptions(window);
  const totalBefore = emptyCounts();
  for (const counts of previous?.values() ?? []) addCounts(totalBefore, counts);
  const total = emptyCounts();
  const totalBuckets = new Map<string, Counts>();
  const channels = CHANNELS.filter((c) => totals.has(c) && hasActivity(totals.get(c)!)).map((channel) => {
    addCounts(total, totals.get(channel)!);
    for (const [start, counts] of buckets.get(channel) ?? []) addCounts(totalBuckets.get(start) ?? totalBuckets.set(start, emptyCounts()).get(start)!, counts);
    return {
      channel,
      ...scores(totals.get(channel)!, options, previous ? (previous.get(channel) ?? emptyCounts()) : undefined),
      ...(window.granularity ? { series: seriesOf(buckets.get(channel), { ...window, granularity: window.granularity }) } : {}),
    };
  });
  return withSentiment(
    {
      from: window.from,
      to: window.to,
      ...(window.granularity ? { granularity: window.granularity } : {}),
      ...echo(window, before?.window ?? null),
      channels,
      total: {
        ...scores(total, options, previous ? totalBefore : undefined),
        ...(window.granularity ? { series: seriesOf(totalBuckets, { ...window, granularity: window.granularity }) } : {}),
      },
    },
    rows,
    window,
  );
}

export async function agentReport(window: ScoreQuery, deps: { store: AggregateStore }) {
  const [rows, before] = await Promise.all([readWindow(deps.store, 'agent', window, needsDays(window)), previousRows(deps.store, 'agent', window)]);
  const agentOf = (row: CounterRow) => {
    const [channel, ...rest] = row.value.split('#');
    return window.channel && channel !== window.channel ? null : rest.join('#');
  };
  const { totals, buckets } = fold(rows, agentOf, window);
  const previous = before && fold(before.rows, agentOf, before.window).totals;
  const options = intervalOptions(window);
  const agents = [...totals.keys()]
    .sort()
    .filter((agentId) => hasActivity(totals.get(agentId)!))
    .map((agentId) => ({
      agentId,
      ...scores(totals.get(agentId)!, options, previous ? (previous.get(agentId) ?? emptyCounts()) : undefined),
      ...(window.granularity ? { series: seriesOf(buckets.get(agentId), { ...window, granularity: window.granularity }) } : {}),
    }));
  return { from: window.from, to: window.to, ...(window.channel ? { channel: window.channel } : {}), ...echo(window, before?.window ?? null), agents };
}

export async function escalationReport(window: ScoreQuery, deps: { store: AggregateStore; windowHours: number }) {
  const rows = await readWindow(deps.store, 'channel', window, false);
  const perChannel = new Map<Channel, EscalationCounts>();
  for (const row of rows) {
    const channel = row.value as Channel;
    escalationsOf(row.item, perChannel.get(channel) ?? perChannel.set(channel, emptyEscalations()).get(channel)!);
  }
  const { confidence, minSample } = intervalOptions(window);
  const z = zFor(confidence);
  const channels = CHANNELS.filter((c) => (perChannel.get(c)?.interactions ?? 0) > 0).map((channel) => {
    const e = perChannel.get(channel)!;
    const shareCi = wilson(e.escalated, e.interactions, z);
    return {
      channel,
      interactions: e.interactions,
      escalated: e.escalated,
      share: e.interactions === 0 ? null : Math.round((e.escalated / e.interactions) * 10_000) / 10_000,
      shareCi: shareCi && { low: Math.round(shareCi.low * 10_000) / 10_000, high: Math.round(shareCi.high * 10_000) / 10_000 },
      shareLowSample: e.interactions < minSample,
      to: Object.fromEntries(CHANNELS.filter((c) => e.to[c] > 0).map((c) => [c, e.to[c]])),
    };
  });
  return { from: window.from, to: window.to, windowHours: deps.windowHours, confidence, minSample, channels };
}
