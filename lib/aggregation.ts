// The aggregator: reads the table's stream and folds answers, sent invitations and interactions into counters.
import { Duration, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { MetricType, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deadLetterQueue } from './events.js';
import type { FeedbackFunction } from './feedback-function.js';

export interface StreamAggregationProps {
  readonly table: ITable;
  readonly aggregator: FeedbackFunction;
}

export class StreamAggregation extends Construct {
  /** Where the stream positions of batches that kept failing are parked (the records themselves stay in the stream for 24 h). */
  readonly deadLetterQueue: Queue;
  /** The stream's event source mapping, whose failed and dropped records lib/operations.ts alarms on. */
  readonly eventSource: DynamoEventSource;

  constructor(scope: Construct, id: string, { table, aggregator }: StreamAggregationProps) {
    super(scope, id);
    this.deadLetterQueue = deadLetterQueue(this, 'DeadLetterQueue', 'the on-failure destination of the table-stream event source');

    aggregator.addEventSource(
      (this.eventSource = new DynamoEventSource(table, {
        // From the oldest record still in the stream: a new or redeployed aggregator misses no change.
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(5),
        // The handler names the first change it could not apply; the batch resumes there, in order.
        reportBatchItemFailures: true,
        retryAttempts: 10,
        maxRecordAge: Duration.hours(12),
        onFailure: new SqsDlq(this.deadLetterQueue),
        // Failed and dropped records as CloudWatch metrics (EventCount group), for the alarms of lib/operations.ts.
        metricsConfig: { metrics: [MetricType.EVENT_COUNT] },
      })),
    );
    Validations.of(aggregator.executionRole).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'dynamodb:ListStreams, which the stream event source needs, supports no resource-level permission and only lists stream ARNs; ' +
        "reading the stream (DescribeStream, GetRecords, GetShardIterator) is granted on this table's stream ARN alone.",
    });
  }
}
