// Closing the loop: the table stream's second reader raises alerts on unhappy answers and emails the channel's owners.
// Its own event-source mapping, filtered to answers and alerts, so an SES outage never holds the counters back.
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, FilterRule, MetricType, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { FOLLOWED_ENTITIES } from '../functions/alerts/stream-handler-contract.js';
import { deadLetterQueue } from './events.js';
import type { FeedbackFunction } from './feedback-function.js';

export interface AlertFollowUpProps {
  readonly table: ITable;
  readonly followUp: FeedbackFunction;
  readonly senderEmail: string;
  readonly senderIdentity: string;
  readonly brandName: string;
  /** Where the alert email's link to the customer's record points. */
  readonly dashboardUrl: string;
}

export class AlertFollowUp extends Construct {
  readonly deadLetterQueue: Queue;
  /** The stream's event source mapping, whose failed and dropped records lib/operations.ts alarms on. */
  readonly eventSource: DynamoEventSource;

  constructor(scope: Construct, id: string, props: AlertFollowUpProps) {
    super(scope, id);
    const { followUp } = props;
    this.deadLetterQueue = deadLetterQueue(this, 'DeadLetterQueue', 'the on-failure destination of the follow-up stream event source');
    followUp.addEventSource(
      (this.eventSource = new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 50,
        maxBatchingWindow: Duration.seconds(2),
        reportBatchItemFailures: true,
        retryAttempts: 10,
        maxRecordAge: Duration.hours(12),
        onFailure: new SqsDlq(this.deadLetterQueue),
        // Only answers and alerts reach the function: the rest of the table's changes cost it nothing.
        filters: [FilterCriteria.filter({ dynamodb: { NewImage: { type: { S: FilterRule.or(...FOLLOWED_ENTITIES) } } } })],
        // Failed and dropped records as CloudWatch metrics (EventCount group), for the alarms of lib/operations.ts.
        metricsConfig: { metrics: [MetricType.EVENT_COUNT] },
      })),
    );
    Validations.of(followUp.executionRole).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'dynamodb:ListStreams, which the stream event source needs, supports no resource-level permission and only lists stream ARNs; ' +
        "reading the stream (DescribeStream, GetRecords, GetShardIterator) is granted on this table's stream ARN alone.",
    });
    followUp.addEnvironment('SENDER_EMAIL', props.senderEmail);
    followUp.addEnvironment('BRAND_NAME', props.brandName);
    followUp.addEnvironment('DASHBOARD_URL', props.dashboardUrl);
    followUp.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: props.senderIdentity })],
      }),
    );
  }
}
