// What the platform reads in a customer's comment: its sentiment, its keywords and the manager's topics it matches.
// Computed when the answer is stored (functions/insights), kept on the answer, counted by the aggregator.

/** The languages comments are analysed in; a comment in any other language is scored as English would be (see docs/metrics.md). */
export const COMMENT_LANGUAGES = ['en', 'de', 'fr', 'es'] as const;
export type CommentLanguage = (typeof COMMENT_LANGUAGES)[number];

export const SENTIMENT_LABELS = ['positive', 'neutral', 'negative'] as const;
export type SentimentLabel = (typeof SENTIMENT_LABELS)[number];

export interface CommentSentiment {
  /** -1 (most negative) .. 1 (most positive), 3 decimals. */
  score: number;
  label: SentimentLabel;
  language: CommentLanguage;
}

export interface CommentInsights {
  sentiment: CommentSentiment;
  /** At most MAX_KEYWORDS content words of the comment, most frequent first, lower-case. */
  keywords: string[];
  /** Ids of the topics whose keyword rules the comment matched when it was stored. */
  topics: string[];
}

export const MAX_KEYWORDS = 5;

/** A score's label: the sign of the score, with a small dead band around 0. */
export function labelOf(score: number): SentimentLabel {
  if (score >= 0.05) return 'positive';
  if (score <= -0.05) return 'negative';
  return 'neutral';
}
