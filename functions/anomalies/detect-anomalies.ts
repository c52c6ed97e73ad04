// Use case: the daily anomaly run. Reads the channel and agent day counters of the last 35 days (reads grow with
// channels + agents and days, never with answers), applies the rule of functions/domain/anomalies.ts, and stores
// each anomaly once; the follow-up stream then emails the channel's owners and sends the `score.anomaly` webhooks.
import { readWindow, type AggregateStore } from '../aggregates/aggregate-store.js';
import { countsOf, type Dimension } from '../aggregates/counters.js';
import { anomalyReadSpan, detectAnomalies, EPISODE_DAYS, type Anomaly, type AnomalyScope, type ScopeSeries } from '../domain/anomalies.js';
import { CHANNELS, type Channel } from '../domain/channels.js';
import { addCounts, emptyCounts, type Counts } from '../domain/metrics.js';
import { addDays, utcDay } from '../domain/utc-days.js';
import { anomalyIdOf } from './anomaly-ids.js';
import type { AnomalyStore } from './anomaly-store.js';

export interface AnomalyJobDeps {
  counters: Pick<AggregateStore, 'readCounters'>;
  anomalies: AnomalyStore;
  now: () => Date;
}

const isChannel = (value: string): value is Channel => (CHANNELS as readonly string[]).includes(value);

/** A counter value as the scope it is: `chat`, or `chat#agent-7` (agents are counted per channel). */
function scopeOf(dimension: Dimension, value: string): { scope: AnomalyScope; channel: Channel; key: string } | null {
  if (dimension === 'channel') return isChannel(value) ? { scope: 'channel', channel: value, key: value } : null;
  const split = value.indexOf('#');
  const channel = value.slice(0, split);
  return split > 0 && isChannel(channel) ? { scope: 'agent', channel, key: value.slice(split + 1) } : null;
}

async function seriesOf(dimension: 'channel' | 'agent', span: { from: string; to: string }, deps: AnomalyJobDeps): Promise<ScopeSeries[]> {
  const byValue = new Map<string, ScopeSeries & { days: Map<string, Counts> }>();
  for (const row of await readWindow(deps.counters, dimension, span, true)) {
    let series = byValue.get(row.value);
    if (!series) {
      const scope = scopeOf(dimension, row.value);
      if (!scope) continue;
      byValue.set(row.value, (series = { ...scope, days: new Map() }));
    }
    const day = series.days.get(row.day) ?? emptyCounts();
    series.days.set(row.day, addCounts(day, countsOf(row.item)));
  }
  return [...byValue.values()];
}

/**
 * 1. The day tested is yesterday (UTC): the last complete day when the job runs.
 * 2. Read the channels' and the agents' day counters of that day's 35-day span, and the anomalies of the last 7 days.
 * 3. Apply the rule; store each anomaly with a condition on its id (a second run the same day stores nothing new).
 * Answers the day, the number of tests made and the anomalies this run created.
 */
export async function runAnomalyJob(deps: AnomalyJobDeps): Promise<{ day: string; tests: number; raised: Anomaly[] }> {
  const now = deps.now();
  const day = addDays(utcDay(now), -1);
  const span = anomalyReadSpan(day);
  const [channels, agents, recent] = await Promise.all([
    seriesOf('channel', span, deps),
    seriesOf('agent', span, deps),
    deps.anomalies.list({ from: addDays(day, -EPISODE_DAYS), to: addDays(day, -1) }),
  ]);
  const { findings, tests } = detectAnomalies({ day, series: [...channels, ...agents], recent });
  const raised: Anomaly[] = [];
  for (const finding of findings) {
    const anomaly: Anomaly = { anomalyId: anomalyIdOf(finding), ...finding, raisedAt: now.toISOString() };
    if (await deps.anomalies.create(anomaly)) raised.push(anomaly);
  }
  return { day, tests, raised };
}
