// The daily anomaly run: an EventBridge Scheduler schedule invokes the job once a day (ANOMALY_RUN_UTC); a failed
// invocation is retried twice, then parks in a dead-letter queue (the run is idempotent, so a retry stores nothing twice).
import { Duration, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ANOMALY_RUN_UTC } from '../functions/anomalies/anomaly-schedule.js';
import { deadLetterQueue } from './events.js';
import type { FeedbackFunction } from './feedback-function.js';
import { schedulerRole } from './scheduler-role.js';

export interface AnomalyRunProps {
  readonly job: FeedbackFunction;
}

export class AnomalyRun extends Construct {
  readonly schedule: Schedule;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, { job }: AnomalyRunProps) {
    super(scope, id);
    this.deadLetterQueue = deadLetterQueue(this, 'DeadLetterQueue', "the schedule's Lambda target");
    const stack = Stack.of(this);
    // The schedule's role: the target grants it lambda:InvokeFunction on this function alone (and the DLQ's SendMessage).
    const role = schedulerRole(this, 'ScheduleRole', 'Runs the daily anomaly schedule: invokes the anomaly job and nothing else');
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
