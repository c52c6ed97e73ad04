// The optional Amazon Comprehend sentiment engine (off by default): the survey page asks Comprehend for each comment's
// sentiment. Its client comes from the Lambda runtime's SDK (functions/insights/comprehend-analyzer.ts), so the bundle
// does not change; this adds the setting and the one action it calls.
import { Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { FeedbackFunction } from './feedback-function.js';

export function useComprehend(fn: FeedbackFunction): void {
  fn.addEnvironment('SENTIMENT_ENGINE', 'comprehend');
  fn.addToRolePolicy(new PolicyStatement({ actions: ['comprehend:DetectSentiment'], resources: ['*'] }));
  Validations.of(fn.executionRole).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'comprehend:DetectSentiment on text (no custom model) has no resource to name: IAM accepts only "*" for it; the action is the only Comprehend one granted.',
  });
}
