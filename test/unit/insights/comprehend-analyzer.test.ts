import * as comprehend from '@aws-sdk/client-comprehend';
import { ComprehendClient, DetectSentimentCommand } from '@aws-sdk/client-comprehend';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { ComprehendAnalyzer } from '../../../functions/insights/comprehend-analyzer.js';
import { TOPICS } from '../support/topics.js';

const client = mockClient(ComprehendClient);
const analyzer = new ComprehendAnalyzer(async () => comprehend);

afterEach(() => {
  client.reset();
});

describe('ComprehendAnalyzer', () => {
  it('asks Comprehend for the sentiment in the language our detection found', async () => {
    // Prepare
    client.on(DetectSentimentCommand).resolves({ Sentiment: 'NEGATIVE', SentimentScore: { Positive: 0.02, Negative: 0.93, Neutral: 0.04, Mixed: 0.01 } });

    // Act
    await analyzer.analyze('Ich habe eine Stunde gewartet und niemand hat mir geholfen.', { topics: TOPICS });

    // Assess
    expect(client).toHaveReceivedCommandExactlyOnceWith(DetectSentimentCommand, {
      Text: 'Ich habe eine Stunde gewartet und niemand hat mir geholfen.',
      LanguageCode: 'de',
    });
  });

  it('maps the scores to -1..1 (positive minus negative) and keeps our keywords and topics', async () => {
    // Prepare
    client.on(DetectSentimentCommand).resolves({ Sentiment: 'NEGATIVE', SentimentScore: { Positive: 0.02, Negative: 0.93, Neutral: 0.04, Mixed: 0.01 } });

    // Act
    const insights = await analyzer.analyze('I waited 45 minutes on hold for a refund', { topics: TOPICS });

    // Assess
    expect(insights).toEqual({
      sentiment: { score: -0.91, label: 'negative', language: 'en' },
      keywords: ['waited', 'minutes', 'hold', 'refund'],
      topics: ['waiting-time', 'refund'],
    });
  });

  it('calls a MIXED verdict neutral when its positive and negative parts cancel out', async () => {
    // Prepare
    client.on(DetectSentimentCommand).resolves({ Sentiment: 'MIXED', SentimentScore: { Positive: 0.45, Negative: 0.43, Neutral: 0.02, Mixed: 0.1 } });

    // Act
    const { sentiment } = await analyzer.analyze('Fast delivery but the box was damaged', { topics: [] });

    // Assess
    expect(sentiment).toEqual({ score: 0.02, label: 'neutral', language: 'en' });
  });

  it('fails when Comprehend fails, so that the answer is not stored without its analysis', async () => {
    // Prepare
    client.on(DetectSentimentCommand).rejects(new Error('ThrottlingException'));

    // Act / Assess
    await expect(analyzer.analyze('Slow', { topics: [] })).rejects.toThrow('ThrottlingException');
  });
});
