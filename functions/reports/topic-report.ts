// GET /reports/topics: per channel and window, comments per topic and their average CSAT, and the most frequent terms
// no topic covers yet (to suggest new topics). Read from the counters, like every report: cost grows with days × channels.
import { readWindow, type AggregateStore } from '../aggregates/aggregate-store.js';
import { addSentimentOf, emptySentiment, termCountsOf, topicCountsOf, type TopicCounts } from '../aggregates/insight-counters.js';
import { CHANNELS, type Channel } from '../domain/channels.js';
import { coveredByTopics } from '../insights/topics.js';
import type { TopicStore } from '../topics/topic-store.js';
import type { ReportWindow } from './report-query.js';

export const SUGGESTED_TERMS = 10;

export async function topicReport(window: ReportWindow, deps: { store: AggregateStore; topics: Pick<TopicStore, 'getTopics'> }) {
  const [rows, termRows, { topics }] = await Promise.all([
    readWindow(deps.store, 'channel', window, false),
    readWindow(deps.store, 'terms', window, true),
    deps.topics.getTopics(),
  ]);
  const wanted = (channel: string) => !window.channel || channel === window.channel;
  const perChannel = new Map<string, { comments: number; topics: Map<string, TopicCounts>; terms: Map<string, number> }>();
  const at = (channel: string) => perChannel.get(channel) ?? perChannel.set(channel, { comments: 0, topics: new Map(), terms: new Map() }).get(channel)!;
  for (const row of rows) {
    if (!wanted(row.value)) continue;
    for (const key of [row.value, '*']) {
      at(key).comments += addSentimentOf(row.item, emptySentiment()).responses;
      topicCountsOf(row.item, at(key).topics);
    }
  }
  for (const row of termRows) if (wanted(row.value)) for (const key of [row.value, '*']) termCountsOf(row.item, at(key).terms);

  const names = new Map(topics.map((t) => [t.id, t.name]));
  const summary = (key: string) => {
    const entry = perChannel.get(key) ?? { comments: 0, topics: new Map(), terms: new Map() };
    // The current topics first, in the manager's order, then any counted topic since removed (name null).
    const ids = [...topics.map((t) => t.id), ...[...entry.topics.keys()].filter((id) => !names.has(id)).sort()];
    return {
      comments: entry.comments,
      topics: ids
        .map((id) => {
          const c = entry.topics.get(id) ?? { count: 0, csatSum: 0, csatCount: 0, negative: 0 };
          return {
            id,
            name: names.get(id) ?? null,
            comments: c.count,
            negative: c.negative,
            csat: { average: c.csatCount === 0 ? null : Math.round((c.csatSum / c.csatCount) * 100) / 100, responses: c.csatCount },
          };
        })
        .filter((t) => t.name !== null || t.comments > 0),
      suggestions: [...entry.terms]
        .filter(([term, count]) => count > 0 && !coveredByTopics(term, topics))
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, SUGGESTED_TERMS)
        .map(([term, count]) => ({ term, count })),
    };
  };
  const channels = (CHANNELS as readonly Channel[]).filter((c) => (perChannel.get(c)?.comments ?? 0) > 0).map((channel) => ({ channel, ...summary(channel) }));
  return { from: window.from, to: window.to, ...(window.channel ? { channel: window.channel } : {}), channels, total: summary('*') };
}
