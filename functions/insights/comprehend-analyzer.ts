// The optional Amazon Comprehend adapter of CommentAnalyzer (SENTIMENT_ENGINE=comprehend): Comprehend scores the
// sentiment, our own code keeps the language, keywords and topics, so topics and terms count the same either way.
// The client is loaded lazily by a name esbuild cannot follow, so it is never in a bundle: when enabled in AWS it comes
// from the SDK of the Lambda runtime (through require, whose lookup Lambda's NODE_PATH extends to the runtime's SDK).
import { createRequire } from 'node:module';
import type { ComprehendClient, DetectSentimentCommandOutput } from '@aws-sdk/client-comprehend';
import { labelOf } from '../domain/insights.js';
import { analyzeComment, languageOf, type CommentAnalyzer } from './analyze-comment.js';
import { normaliseComprehend } from './comprehend-score.js';

type ComprehendModule = typeof import('@aws-sdk/client-comprehend');

const CLIENT_MODULE = '@aws-sdk/client-comprehend';

export class ComprehendAnalyzer implements CommentAnalyzer {
  private client?: Promise<{ client: ComprehendClient; module: ComprehendModule }>;

  constructor(private readonly load: () => Promise<ComprehendModule> = async () => createRequire(import.meta.url)(CLIENT_MODULE) as ComprehendModule) {}

  private comprehend() {
    this.client ??= this.load().then((module) => ({ module, client: new module.ComprehendClient({ maxAttempts: 3 }) }));
    return this.client;
  }

  async analyze(comment: string, context: Parameters<CommentAnalyzer['analyze']>[1]) {
    const language = await languageOf(comment, context.languageHint);
    const { client, module } = await this.comprehend();
    const output: DetectSentimentCommandOutput = await client.send(new module.DetectSentimentCommand({ Text: comment, LanguageCode: language }));
    const score = normaliseComprehend(output);
    return analyzeComment(comment, language, context.topics, { score, label: labelOf(score), language });
  }
}
