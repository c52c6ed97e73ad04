// The port through which an answer's comment is read, and its offline adapter: language, sentiment, keywords, topics.
import type { CommentInsights, CommentLanguage, CommentSentiment } from '../domain/insights.js';
import type { TopicStore } from '../topics/topic-store.js';
import { keywordsOf } from './keywords.js';
import { detectLanguage } from './languages.js';
import { lexiconSentiment } from './sentiment.js';
import { wordsOf } from './text.js';
import { matchTopics, type Topic } from './topics.js';

export interface AnalysisContext {
  /** The topics current when the answer is stored. */
  topics: readonly Topic[];
  /** The customer's language from their locale, asked only when the words alone cannot tell. */
  languageHint?: () => Promise<CommentLanguage | undefined>;
}

export interface CommentAnalyzer {
  analyze(comment: string, context: AnalysisContext): Promise<CommentInsights>;
}

/** What the answer use case needs to analyse a comment: the engine, and the topics current when the answer is stored. */
export interface CommentInsightDeps {
  analyzer: CommentAnalyzer;
  topics: Pick<TopicStore, 'getTopics'>;
}

/**
 * The whole analysis as a pure function, once the language is settled:
 * 1. cut the comment into words in its language;
 * 2. score its sentiment from the language's word list;
 * 3. keep its keywords and the topics it matches.
 */
export function analyzeComment(comment: string, language: CommentLanguage, topics: readonly Topic[], sentiment?: CommentSentiment): CommentInsights {
  const words = wordsOf(comment, language);
  return {
    sentiment: sentiment ?? lexiconSentiment(words, language),
    keywords: keywordsOf(words, language),
    topics: matchTopics(words, language, topics),
  };
}

/** The comment's language: from its words, or from the hint when they cannot tell. */
export async function languageOf(comment: string, hint?: () => Promise<CommentLanguage | undefined>): Promise<CommentLanguage> {
  const detected = detectLanguage(wordsOf(comment));
  if (detected.confident || !hint) return detected.language;
  return detectLanguage(wordsOf(comment), await hint()).language;
}

/** Offline, in the function itself: no network, no cost per comment, the same answer every time. */
export const lexiconAnalyzer: CommentAnalyzer = {
  async analyze(comment, { topics, languageHint }) {
    return analyzeComment(comment, await languageOf(comment, languageHint), topics);
  },
};
