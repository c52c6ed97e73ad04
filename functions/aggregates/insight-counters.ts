// What a comment's analysis adds to the counters, on the channel's item of the day of the first answer: sentiment
// (count, sum in thousandths, per label), per topic (count, CSAT sum and count), and its keywords as terms on a
// separate 'terms' item. Exact and mergeable like the score histograms; docs/data-model.md says what bounds them.
import type { Channel } from '../domain/channels.js';
import { SENTIMENT_LABELS, type CommentSentiment, type SentimentLabel } from '../domain/insights.js';
import type { Delta } from './counters.js';
import { utcDay } from '../domain/utc-days.js';

export const INSIGHT_FIELD = {
  sentimentCount: 'snt_n',
  /** Sum of the scores × 1000: integers add exactly, and an edit subtracts exactly what it added. */
  sentimentSum: 'snt_sum',
  sentimentLabel: (label: SentimentLabel) => `snt_${label}`,
  topic: (id: string) => `tpc_${id}`,
  topicCsatSum: (id: string) => `tpc_${id}_csat_sum`,
  topicCsatCount: (id: string) => `tpc_${id}_csat_n`,
  /** Comments of the topic whose sentiment is negative (topic ids hold no underscore, so the suffix is unambiguous). */
  topicNegative: (id: string) => `tpc_${id}_neg`,
  term: (word: string) => `w_${word}`,
} as const;

const isSentiment = (value: unknown): value is CommentSentiment =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as CommentSentiment).score === 'number' &&
  SENTIMENT_LABELS.includes((value as CommentSentiment).label);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** The deltas of one answer image's analysis, signed: +1 for the answer as it is now, -1 for the one it replaced. */
export function insightDeltas(image: Record<string, unknown>, sign: 1 | -1): Delta[] {
  const channel = image.channel as Channel;
  const day = utcDay(image.firstAnsweredAt as string);
  const deltas: Delta[] = [];
  const add = (field: string, n: number, dimension: Delta['dimension'] = 'channel') => deltas.push({ dimension, value: channel, day, field, n: sign * n });
  if (isSentiment(image.sentiment)) {
    add(INSIGHT_FIELD.sentimentCount, 1);
    add(INSIGHT_FIELD.sentimentSum, Math.round(image.sentiment.score * 1000));
    add(INSIGHT_FIELD.sentimentLabel(image.sentiment.label), 1);
  }
  for (const topic of new Set(strings(image.topics))) {
    add(INSIGHT_FIELD.topic(topic), 1);
    if (typeof image.csat === 'number') {
      add(INSIGHT_FIELD.topicCsatSum(topic), image.csat);
      add(INSIGHT_FIELD.topicCsatCount(topic), 1);
    }
    if (isSentiment(image.sentiment) && image.sentiment.label === 'negative') add(INSIGHT_FIELD.topicNegative(topic), 1);
  }
  for (const word of new Set(strings(image.keywords))) add(INSIGHT_FIELD.term(word), 1, 'terms');
  return deltas;
}

/** Where an answer's keywords were counted as terms (the 'terms' item of its channel and first answer's day), and which. */
export function termsOf(image: Record<string, unknown>): { channel: Channel; day: string; fields: string[] } | null {
  const words = [...new Set(strings(image.keywords))];
  if (words.length === 0 || typeof image.firstAnsweredAt !== 'string') return null;
  return { channel: image.channel as Channel, day: utcDay(image.firstAnsweredAt), fields: words.map(INSIGHT_FIELD.term) };
}

export interface SentimentCounts {
  responses: number;
  /** Sum of scores × 1000. */
  sum: number;
  positive: number;
  neutral: number;
  negative: number;
}

export const emptySentiment = (): SentimentCounts => ({ responses: 0, sum: 0, positive: 0, neutral: 0, negative: 0 });

export function addSentimentOf(item: Record<string, unknown>, into: SentimentCounts): SentimentCounts {
  const n = (field: string) => (typeof item[field] === 'number' ? (item[field] as number) : 0);
  into.responses += n(INSIGHT_FIELD.sentimentCount);
  into.sum += n(INSIGHT_FIELD.sentimentSum);
  into.positive += n(INSIGHT_FIELD.sentimentLabel('positive'));
  into.neutral += n(INSIGHT_FIELD.sentimentLabel('neutral'));
  into.negative += n(INSIGHT_FIELD.sentimentLabel('negative'));
  return into;
}

/** The sentiment of comments in a report: the mean score (-1..1, 3 decimals; null without comments) and the counts behind it. */
export function sentimentScore(c: SentimentCounts) {
  return {
    average: c.responses === 0 ? null : Math.round(c.sum / c.responses) / 1000,
    responses: c.responses,
    positive: c.positive,
    neutral: c.neutral,
    negative: c.negative,
  };
}

export interface TopicCounts {
  count: number;
  csatSum: number;
  csatCount: number;
  /** Of `count`, the comments whose sentiment is negative. */
  negative: number;
}

/** Per topic id: comments tagged, the CSAT sum and count behind the average, and the negative ones. */
export function topicCountsOf(item: Record<string, unknown>, into: Map<string, TopicCounts>) {
  for (const [field, value] of Object.entries(item)) {
    if (typeof value !== 'number') continue;
    const match = /^tpc_(.+?)(_csat_sum|_csat_n|_neg)?$/.exec(field);
    if (!match) continue;
    const topic = into.get(match[1]!) ?? into.set(match[1]!, { count: 0, csatSum: 0, csatCount: 0, negative: 0 }).get(match[1]!)!;
    if (match[2] === '_csat_sum') topic.csatSum += value;
    else if (match[2] === '_csat_n') topic.csatCount += value;
    else if (match[2] === '_neg') topic.negative += value;
    else topic.count += value;
  }
  return into;
}

export function termCountsOf(item: Record<string, unknown>, into: Map<string, number>) {
  for (const [field, value] of Object.entries(item))
    if (field.startsWith('w_') && typeof value === 'number') into.set(field.slice(2), (into.get(field.slice(2)) ?? 0) + value);
  return into;
}
