// Use cases of the reports: counters read for the window, summed per channel or agent and bucket, scored by domain/metrics.
import { CHANNELS, type Channel } from '../domain/channels.js';
import { addCounts, emptyCounts, scores, type Counts, type Scores } from '../domain/metrics.js';
import { readWindow, type AggregateStore, type CounterRow } from '../aggregates/aggregate-store.js';
import { countsOf, emptyEscalations, escalationsOf, type EscalationCounts } from '../aggregates/counters.js';
import { bucketStart, type Granularity, type ReportWindow } from './report-query.js';
import { eachDay } from '../domain/utc-days.js';
import { withSentiment } from './sentiment-report.js';

type Series = Array<{ start: string } & Scores>;

/** Daily and weekly series need every day's counters; monthly ones and plain totals can read whole months' rollups. */
const needsDays = (window: ReportWindow) => window.granularity === 'day' || window.granularity === 'week';

function hasActivity(c: Counts): boolean {
  const s = scores(c);
  const skipped = Object.values(c.skipped).reduce((a, b) => a + b, 0);
  return c.invitations > 0 || c.answered > 0 || skipped > 0 || s.csat.responses + s.nps.responses + s.ces.responses + s.fcr.responses > 0;
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

function seriesOf(perBucket: Map<string, Counts> | undefined, window: ReportWindow & { granularity: Granularity }): Series {
  const starts = [...new Set(eachDay(window.from, window.to).map((d) => bucketStart(d, window.granularity, window.from)))];
  return starts.map((start) => ({ start, ...scores(perBucket?.get(start) ?? emptyCounts()) }));
}

export async function channelReport(window: ReportWindow, deps: { store: AggregateStore }) {
  const rows = await readWindow(deps.store, 'channel', window, needsDays(window));
  const { totals, buckets } = fold(rows, (row) => row.value, window);
  const total = emptyCounts();
  const totalBuckets = new Map<string, Counts>();
  const channels = CHANNELS.filter((c) => totals.has(c) && hasActivity(totals.get(c)!)).map((channel) => {
    addCounts(total, totals.get(channel)!);
    for (const [start, counts] of buckets.get(channel) ?? []) addCounts(totalBuckets.get(start) ?? totalBuckets.set(start, emptyCounts()).get(start)!, counts);
    return {
      channel,
      ...scores(totals.get(channel)!),
      ...(window.granularity ? { series: seriesOf(buckets.get(channel), { ...window, granularity: window.granularity }) } : {}),
    };
  });
  return withSentiment(
    {
      from: window.from,
      to: window.to,
      ...(window.granularity ? { granularity: window.granularity } : {}),
      channels,
      total: { ...scores(total), ...(window.granularity ? { series: seriesOf(totalBuckets, { ...window, granularity: window.granularity }) } : {}) },
    },
    rows,
    window,
  );
}

export async function agentReport(window: ReportWindow, deps: { store: AggregateStore }) {
  const rows = await readWindow(deps.store, 'agent', window, needsDays(window));
  const agentOf = (row: CounterRow) => {
    const [channel, ...rest] = row.value.split('#');
    return window.channel && channel !== window.channel ? null : rest.join('#');
  };
  const { totals, buckets } = fold(rows, agentOf, window);
  const agents = [...totals.keys()]
    .sort()
    .filter((agentId) => hasActivity(totals.get(agentId)!))
    .map((agentId) => ({
      agentId,
      ...scores(totals.get(agentId)!),
      ...(window.granularity ? { series: seriesOf(buckets.get(agentId), { ...window, granularity: window.granularity }) } : {}),
    }));
  return { from: window.from, to: window.to, ...(window.channel ? { channel: window.channel } : {}), agents };
}

export async function escalationReport(window: ReportWindow, deps: { store: AggregateStore; windowHours: number }) {
  const rows = await readWindow(deps.store, 'channel', window, false);
  const perChannel = new Map<Channel, EscalationCounts>();
  for (const row of rows) {
    const channel = row.value as Channel;
    escalationsOf(row.item, perChannel.get(channel) ?? perChannel.set(channel, emptyEscalations()).get(channel)!);
  }
  const channels = CHANNELS.filter((c) => (perChannel.get(c)?.interactions ?? 0) > 0).map((channel) => {
    const e = perChannel.get(channel)!;
    return {
      channel,
      interactions: e.interactions,
      escalated: e.escalated,
      share: e.interactions === 0 ? null : Math.round((e.escalated / e.interactions) * 10_000) / 10_000,
      to: Object.fromEntries(CHANNELS.filter((c) => e.to[c] > 0).map((c) => [c, e.to[c]])),
    };
  });
  return { from: window.from, to: window.to, windowHours: deps.windowHours, channels };
}
