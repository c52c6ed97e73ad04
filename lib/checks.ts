// The checks every synth runs (bin/app.ts and the CDK tests): cdk-nag's AwsSolutions and Serverless packs, and the AWS Control
// Tower rules through cfn-guard (@cdklabs/cdk-validator-cfnguard, whose binary and rules come with the npm package: no download).
import { Stack, Validations, type App } from 'aws-cdk-lib';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';

/** Control Tower rules this platform does not follow anywhere, each for its reason; the rest are acknowledged at the resource. */
export const PLATFORM_WIDE_GUARD_ACKNOWLEDGEMENTS = [
  {
    id: 'cdk-validator-cfnguard::lambda_inside_vpc_check',
    reason:
      'The functions reach only AWS endpoints (DynamoDB, SQS, SES, Scheduler, Secrets Manager) over TLS with IAM, and webhook subscribers on the internet; ' +
      'there is no private resource to reach, and a VPC would add NAT gateways (cost, and a failure point per zone) and cold-start time.',
  },
  {
    id: 'cdk-validator-cfnguard::cloudwatch_log_group_retention_period_check',
    reason:
      'Logs carry ids and counts, never personal data, and serve recent incidents: 30 days. The long-term figures are the business metrics ' +
      '(CloudWatch keeps them 15 months) and the counters in the table.',
  },
  {
    id: 'cdk-validator-cfnguard::cloudwatch_log_group_encrypted_check',
    reason:
      'CloudWatch Logs encrypts every log group at rest with its own keys; the logs hold no personal data (functions/shared/logger.ts), so a ' +
      'customer managed key per log group would add cost and key policy without protecting anything more.',
  },
] as const;

/** Registers the three validators on the app: any unacknowledged finding fails the synth. */
export function addPlatformChecks(app: App): void {
  for (const stack of app.node.findAll().filter(Stack.isStack)) Validations.of(stack).acknowledge(...PLATFORM_WIDE_GUARD_ACKNOWLEDGEMENTS);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }), new ServerlessChecks(app, { verbose: true }), new CfnGuardValidator());
}
