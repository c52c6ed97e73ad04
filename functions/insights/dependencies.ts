// Which sentiment engine the survey page uses, read once: the offline word lists (default) or Amazon Comprehend.
import * as z from '../shared/zod.js';
import { loadConfig } from '../shared/config.js';
import { documentClient, tableName } from '../store/dynamodb-client.js';
import { DynamoDbTopicStore } from '../topics/dynamodb-topic-store.js';
import type { CommentAnalyzer, CommentInsightDeps } from './analyze-comment.js';

const config = loadConfig({ SENTIMENT_ENGINE: z._default(z.enum(['lexicon', 'comprehend'], { message: 'must be lexicon or comprehend' }), 'lexicon') });

let comprehendAnalyzer: Promise<CommentAnalyzer> | undefined;
const comprehend = () => (comprehendAnalyzer ??= import('./comprehend-analyzer.js').then(({ ComprehendAnalyzer }) => new ComprehendAnalyzer()));

// The word lists take ~40 ms of CPU to load: loaded on the first comment, never on the survey page's GET (the click).
let wordListAnalyzer: Promise<CommentAnalyzer> | undefined;
const lexicon = () => (wordListAnalyzer ??= import('./analyze-comment.js').then(({ lexiconAnalyzer }) => lexiconAnalyzer));

/** Comprehend's adapter module is only loaded when chosen. */
const analyzer: CommentAnalyzer =
  config.SENTIMENT_ENGINE === 'comprehend'
    ? { analyze: async (comment, context) => (await comprehend()).analyze(comment, context) }
    : { analyze: async (comment, context) => (await lexicon()).analyze(comment, context) };

export const commentInsightDeps: CommentInsightDeps = { analyzer, topics: new DynamoDbTopicStore(documentClient, tableName) };
