import { describe, expect, it } from 'vitest';
import type { AggregateStore, CounterRow } from '../../../functions/aggregates/aggregate-store.js';
import { withSentiment } from '../../../functions/reports/sentiment-report.js';
import { topicReport } from '../../../functions/reports/topic-report.js';
import { TOPICS } from '../support/topics.js';

const rows: Record<string, CounterRow[]> = {
  channel: [
    {
      day: '2026-03-01',
      value: 'chat',
      item: {
        snt_n: 2,
        snt_sum: -900,
        snt_negative: 2,
        'tpc_waiting-time': 2,
        'tpc_waiting-time_csat_sum': 3,
        'tpc_waiting-time_csat_n': 2,
        'tpc_waiting-time_neg': 2,
        tpc_gone: 1,
      },
    },
    { day: '2026-03-02', value: 'chat', item: { snt_n: 1, snt_sum: 500, snt_positive: 1, tpc_refund: 1 } },
    {
      day: '2026-03-02',
      value: 'voice',
      item: {
        snt_n: 1,
        snt_sum: -100,
        snt_negative: 1,
        'tpc_waiting-time': 1,
        'tpc_waiting-time_csat_sum': 1,
        'tpc_waiting-time_csat_n': 1,
        'tpc_waiting-time_neg': 1,
      },
    },
  ],
  terms: [
    { day: '2026-03-01', value: 'chat', item: { w_password: 3, w_waited: 5, w_app: 3 } },
    { day: '2026-03-02', value: 'voice', item: { w_password: 1 } },
  ],
};
const store = { readCounters: async (dimension: string) => rows[dimension] ?? [] } as unknown as AggregateStore;
const topics = { getTopics: async () => ({ topics: TOPICS, version: 1 }) };

describe('GET /reports/topics', () => {
  it('counts comments and averages CSAT per topic and channel, and suggests the frequent terms no topic covers', async () => {
    // Act
    const report = await topicReport({ from: '2026-03-01', to: '2026-03-02' }, { store, topics });

    // Assess
    const chat = report.channels.find((c) => c.channel === 'chat')!;
    expect(chat.comments).toBe(3);
    expect(chat.topics).toEqual([
      { id: 'waiting-time', name: 'Waiting time', comments: 2, negative: 2, csat: { average: 1.5, responses: 2 } },
      { id: 'refund', name: 'Refund', comments: 1, negative: 0, csat: { average: null, responses: 0 } },
      { id: 'staff', name: 'Staff', comments: 0, negative: 0, csat: { average: null, responses: 0 } },
      { id: 'delivery', name: 'Delivery', comments: 0, negative: 0, csat: { average: null, responses: 0 } },
      { id: 'gone', name: null, comments: 1, negative: 0, csat: { average: null, responses: 0 } },
    ]);
    // "waited" is covered by wait*; the rest are suggestions, most frequent first.
    expect(chat.suggestions).toEqual([
      { term: 'app', count: 3 },
      { term: 'password', count: 3 },
    ]);
    expect(report.total.topics[0]).toEqual({ id: 'waiting-time', name: 'Waiting time', comments: 3, negative: 3, csat: { average: 1.33, responses: 3 } });
    expect(report.total.suggestions[0]).toEqual({ term: 'password', count: 4 });
  });

  it('keeps one channel when asked', async () => {
    const report = await topicReport({ from: '2026-03-01', to: '2026-03-02', channel: 'voice' }, { store, topics });
    expect(report.channels.map((c) => c.channel)).toEqual(['voice']);
    expect(report.total.comments).toBe(1);
  });
});

describe('sentiment in the channel report', () => {
  it('gives each channel, the total and each bucket the mean score and the counts behind it', () => {
    // Prepare
    const report = {
      channels: [{ channel: 'chat', series: [{ start: '2026-03-01' }, { start: '2026-03-02' }] }],
      total: { series: [{ start: '2026-03-01' }, { start: '2026-03-02' }] },
    };

    // Act
    const withIt = withSentiment(report, rows.channel!, { from: '2026-03-01', to: '2026-03-02', granularity: 'day' });

    // Assess
    expect(withIt.channels[0]).toMatchObject({
      sentiment: { average: -0.133, responses: 3, positive: 1, neutral: 0, negative: 2 },
      series: [{ sentiment: { average: -0.45, responses: 2 } }, { sentiment: { average: 0.5, responses: 1 } }],
    });
    expect(withIt.total.sentiment).toEqual({ average: -0.125, responses: 4, positive: 1, neutral: 0, negative: 3 });
  });
});
