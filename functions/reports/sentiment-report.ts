// Sentiment per channel over time, joined to the channel report: the same rows, the same buckets as the scores.
import type { CounterRow } from '../aggregates/aggregate-store.js';
import { addSentimentOf, emptySentiment, sentimentScore, type SentimentCounts } from '../aggregates/insight-counters.js';
import { bucketStart, type ReportWindow } from './report-query.js';

interface Row {
  sentiment?: ReturnType<typeof sentimentScore>;
  series?: Array<{ start: string; sentiment?: ReturnType<typeof sentimentScore> }>;
}

/** Adds `sentiment: { average, responses, positive, neutral, negative }` to every channel, the total, and their series. */
export function withSentiment<R extends { channels: Array<Row & { channel: string }>; total: Row }>(
  report: R,
  rows: CounterRow[],
  window: ReportWindow,
): R & { total: Required<Pick<Row, 'sentiment'>> } {
  const totals = new Map<string, SentimentCounts>();
  const buckets = new Map<string, SentimentCounts>();
  const at = <K>(map: Map<K, SentimentCounts>, key: K) => map.get(key) ?? map.set(key, emptySentiment()).get(key)!;
  for (const row of rows) {
    const start = window.granularity ? bucketStart(row.day, window.granularity, window.from) : '';
    for (const channel of [row.value, '*']) {
      addSentimentOf(row.item, at(totals, channel));
      if (window.granularity) addSentimentOf(row.item, at(buckets, `${channel}|${start}`));
    }
  }
  const fill = (row: Row, channel: string) => {
    row.sentiment = sentimentScore(totals.get(channel) ?? emptySentiment());
    for (const entry of row.series ?? []) entry.sentiment = sentimentScore(buckets.get(`${channel}|${entry.start}`) ?? emptySentiment());
  };
  for (const channel of report.channels) fill(channel, channel.channel);
  fill(report.total, '*');
  return report as R & { total: Required<Pick<Row, 'sentiment'>> };
}
