// GET /reports/alerts: per channel, alerts closed in the window and the median time to close. A median does not merge,
// so the close durations themselves are kept per channel and day (bounded: a histogram past MAX_EXACT_DURATIONS).
import { CHANNELS } from '../domain/channels.js';
import { DURATION_BUCKETS, type CloseStat } from '../domain/alerts.js';
import type { AlertStore } from './alert-store.js';

function median(sorted: number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The median from the exact durations when every close of the window is in them; else the histogram bucket's bound. */
function summary(stats: CloseStat[]) {
  const closed = stats.reduce((n, s) => n + s.closed, 0);
  const durations = stats.flatMap((s) => s.durations).sort((a, b) => a - b);
  if (durations.length === closed) return { closed, medianSecondsToClose: median(durations), exact: true };
  const histogram = DURATION_BUCKETS.map((_, i) => stats.reduce((n, s) => n + (s.histogram[i] ?? 0), 0));
  let seen = 0;
  const bucket = histogram.findIndex((count) => (seen += count) >= closed / 2);
  const upper = DURATION_BUCKETS[bucket] ?? Infinity;
  return { closed, medianSecondsToClose: Number.isFinite(upper) ? upper : null, exact: false };
}

export async function alertReport(window: { from: string; to: string }, deps: { alerts: Pick<AlertStore, 'closeStats'> }) {
  const stats = await deps.alerts.closeStats(window.from, window.to);
  const channels = CHANNELS.filter((c) => stats.some((s) => s.channel === c && s.closed > 0)).map((channel) => ({
    channel,
    ...summary(stats.filter((s) => s.channel === channel)),
  }));
  return { from: window.from, to: window.to, channels, total: summary(stats) };
}
