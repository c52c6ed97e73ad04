// The daily anomaly run: an EventBridge Scheduler schedule invokes the job once a day (ANOMALY_RUN_UTC); a failed
// invocation is retried twice, then parks in a dead-letter queue (the run is idempotent, so a retry stores nothing twice).
import { Duration, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ANOMALY_RUN_UTC } from '../functions/anomalies/anomaly-schedule.js';
import type { FeedbackFunction } from './feedback-function.js';

export interface AnomalyRunProps {
  readonly job: FeedbackFunction;
}

export class AnomalyRun extends Construct {
  readonly schedule: Schedule;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, { job }: AnomalyRunProps) {
    super(scope, id);
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: "This queue is itself a dead-letter queue: the schedule target's, which cdk-nag does not recognise.",
    });
    const stack = Stack.of(this);
    // The schedule's role: the target grants it lambda:InvokeFunction on this function alone (and the DLQ's SendMessage).
    const role = new Role(this, 'ScheduleRole', {
      description: 'Runs the daily anomaly schedule: invokes the anomaly job and nothing else',
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
    });
    this.schedule = new Schedule(this, 'Daily', {
      description: 'The daily anomaly run: significant drops of channel and agent scores',
      schedule: ScheduleExpression.cron({ minute: String(ANOMALY_RUN_UTC.minute), hour: String(ANOMALY_RUN_UTC.hour) }),
      target: new LambdaInvoke(job, { role, retryAttempts: 2, maxEventAge: Duration.hours(6), deadLetterQueue: this.deadLetterQueue }),
    });
    const jobArn = `<${stack.getLogicalId(job.node.defaultChild as CfnElement)}.Arn>`;
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${jobArn}:*]`,
      reason: "grantInvoke's `<function ARN>:*` covers the job's own versions and aliases, nothing else; the schedule invokes the function itself.",
    });
  }
}
