import { describe, expect, it } from 'vitest';
import { contributionOf, mergeDeltas } from '../../../functions/aggregates/changes.js';

const answer = (overrides: Record<string, unknown> = {}) => ({
  type: 'Answer',
  surveyId: 's-1',
  channel: 'chat',
  agentId: 'agent-7',
  firstAnsweredAt: '2026-03-02T10:00:00.000Z',
  revision: 1,
  csat: 2,
  comment: 'I waited an hour for my refund',
  sentiment: { score: -0.612, label: 'negative', language: 'en' },
  keywords: ['waited', 'hour', 'refund'],
  topics: ['waiting-time', 'refund'],
  ...overrides,
});

const fieldsOf = (deltas: ReturnType<typeof contributionOf>) =>
  Object.fromEntries(
    [...mergeDeltas(deltas!.deltas).values()].flatMap((item) => [...item.fields].map(([field, n]) => [`${item.dimension}|${item.value}|${field}`, n])),
  );

describe('the counters a comment moves', () => {
  it('counts its sentiment, its topics with their CSAT, and its keywords as terms, on the day of the first answer', () => {
    // Act
    const contribution = contributionOf({ sequenceNumber: '1', eventName: 'INSERT', newImage: answer() });

    // Assess
    expect(contribution?.deltas.every((d) => d.day === '2026-03-02')).toBe(true);
    expect(fieldsOf(contribution)).toMatchObject({
      'channel|chat|snt_n': 1,
      'channel|chat|snt_sum': -612,
      'channel|chat|snt_negative': 1,
      'channel|chat|tpc_waiting-time': 1,
      'channel|chat|tpc_waiting-time_csat_sum': 2,
      'channel|chat|tpc_waiting-time_csat_n': 1,
      // A negative comment counts as negative in each of its topics (the digest's most negative topics).
      'channel|chat|tpc_waiting-time_neg': 1,
      'channel|chat|tpc_refund_neg': 1,
      'channel|chat|tpc_refund': 1,
      'terms|chat|w_waited': 1,
      'terms|chat|w_refund': 1,
    });
  });

  it('moves an edited comment out of its old topic and sentiment into the new ones, exactly', () => {
    // Act
    const contribution = contributionOf({
      sequenceNumber: '2',
      eventName: 'MODIFY',
      oldImage: answer(),
      newImage: answer({
        revision: 2,
        csat: 4,
        sentiment: { score: 0.3, label: 'positive', language: 'en' },
        keywords: ['refund', 'fast'],
        topics: ['refund'],
      }),
    });

    // Assess
    const fields = fieldsOf(contribution);
    expect(fields).toMatchObject({
      'channel|chat|snt_sum': 912,
      'channel|chat|snt_negative': -1,
      'channel|chat|snt_positive': 1,
      'channel|chat|tpc_waiting-time': -1,
      'channel|chat|tpc_refund_csat_sum': 2,
      // No longer negative: out of both topics' negative counts.
      'channel|chat|tpc_waiting-time_neg': -1,
      'channel|chat|tpc_refund_neg': -1,
      'terms|chat|w_waited': -1,
      'terms|chat|w_fast': 1,
    });
    // What did not change cancels out and is not written at all.
    expect(fields).not.toHaveProperty('channel|chat|snt_n');
    expect(fields).not.toHaveProperty('channel|chat|tpc_refund');
    expect(fields).not.toHaveProperty('terms|chat|w_refund');
  });

  it('adds nothing for an answer without a comment', () => {
    const contribution = contributionOf({
      sequenceNumber: '3',
      eventName: 'INSERT',
      newImage: answer({ comment: undefined, sentiment: undefined, keywords: undefined, topics: undefined }),
    });
    expect(Object.keys(fieldsOf(contribution)).filter((f) => /snt_|tpc_|w_/.test(f))).toEqual([]);
  });
});
