// The weekly digest: an EventBridge Scheduler schedule invokes the digest function at the top of every hour with its
// scheduled time; the function sends when the managers' weekday and hour have come in their time zone (once a week).
import { Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import { PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deadLetterQueue } from './events.js';
import type { FeedbackFunction } from './feedback-function.js';
import { schedulerRole } from './scheduler-role.js';

export interface WeeklyDigestProps {
  readonly digest: FeedbackFunction;
  readonly senderEmail: string;
  readonly senderIdentity: string;
  readonly brandName: string;
  /** The dashboard the digest links to. */
  readonly dashboardUrl: string;
}

export class WeeklyDigest extends Construct {
  readonly schedule: Schedule;
  /** What the schedule runs as: may invoke the digest function (and its versions), and send to the dead-letter queue. */
  readonly schedulerRole: Role;
  /** Triggers the Scheduler could not hand over, and runs the function failed after Lambda's retries. */
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: WeeklyDigestProps) {
    super(scope, id);
    const { digest } = props;
    this.deadLetterQueue = deadLetterQueue(this, 'DeadLetterQueue', "the schedule's Lambda target and of the Lambda on-failure destination");
    // The Scheduler invokes asynchronously: a run that throws (a send failed) is retried by Lambda, then kept here.
    digest.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.hours(2), onFailure: new SqsDestination(this.deadLetterQueue) });
    const stack = Stack.of(this);
    // The schedule's own role: it may invoke the digest function and reach its dead-letter queue, nothing else.
    const role = (this.schedulerRole = schedulerRole(this, 'SchedulerRole', 'Runs the hourly digest schedule: invokes the digest function'));
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(digest.node.defaultChild as CfnFunction)}.Arn>:*]`,
      reason:
        "The Scheduler target's grant (grantInvoke) names the digest function and its qualified ARNs (versions, aliases): one function, no other resource.",
    });
    this.schedule = new Schedule(this, 'Hourly', {
      description: 'Every hour: the weekly digest goes out when its weekday and hour have come in its time zone',
      schedule: ScheduleExpression.cron({ minute: '0', timeZone: TimeZone.ETC_UTC }),
      target: new LambdaInvoke(digest, {
        // The scheduled time, not the time of a retry: a late run still knows which hour it stands for.
        input: ScheduleTargetInput.fromObject({ scheduledTime: ContextAttribute.scheduledTime }),
        role,
        deadLetterQueue: this.deadLetterQueue,
        retryAttempts: 5,
        maxEventAge: Duration.hours(1),
      }),
    });
    digest.addEnvironment('SENDER_EMAIL', props.senderEmail);
    digest.addEnvironment('BRAND_NAME', props.brandName);
    digest.addEnvironment('DASHBOARD_URL', props.dashboardUrl);
    digest.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [stack.formatArn({ service: 'ses', resource: 'identity', resourceName: props.senderIdentity })],
      }),
    );
  }
}
