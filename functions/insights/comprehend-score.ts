// Comprehend's four probabilities on our one scale: positive minus negative, -1..1, 3 decimals (MIXED lands near 0).
import type { DetectSentimentCommandOutput } from '@aws-sdk/client-comprehend';

export function normaliseComprehend({ SentimentScore }: Pick<DetectSentimentCommandOutput, 'SentimentScore'>): number {
  const score = (SentimentScore?.Positive ?? 0) - (SentimentScore?.Negative ?? 0);
  return Math.round(score * 1000) / 1000;
}
