// Invitation delivery: ingest enqueues a pointer to the invitation, the delivery function sends it through SES. A send
// due more than 15 minutes ahead (SQS's longest delay) goes through a one-time EventBridge Scheduler schedule instead,
// which puts the same message on the same queue when it is due.
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import type { IConfigurationSet } from 'aws-cdk-lib/aws-ses';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { FeedbackFunction } from './feedback-function.js';

/** The schedule group of delayed invitations and reminders (the local stack uses the same name). */
export const SCHEDULE_GROUP_NAME = 'feedback-invitations';

/** The schedules of the group, as cdk-nag names the resource in its IAM5 finding. */
const SCHEDULES_OF_GROUP_FINDING = `arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${SCHEDULE_GROUP_NAME}/*`;

export interface InvitationDeliveryProps {
  /** The functions that schedule invitations: they may only send to the queue, now or through the scheduler. */
  readonly producers: readonly FeedbackFunction[];
  /** Sends the emails, and queues each invitation's reminder, so it is a producer too. */
  readonly mailer: FeedbackFunction;
  readonly senderEmail: string;
  readonly senderIdentity: string;
  readonly brandName: string;
  /** Every email goes out with it, so that SES reports its bounces and complaints. */
  readonly configurationSet: IConfigurationSet;
  /** At most this many mailer instances at once, so a burst of interactions stays under the SES sending rate. */
  readonly maxConcurrency: number;
}

export class InvitationDelivery extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly scheduleGroup: ScheduleGroup;
  /** The role the schedules run with: it may put messages on the invitation queue and do nothing else. */
  readonly schedulerRole: Role;

  constructor(scope: Construct, id: string, props: InvitationDeliveryProps) {
    super(scope, id);
    const { mailer } = props;
    const stack = Stack.of(this);
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Six times the mailer's timeout, as Lambda advises for SQS sources, so a slow batch is never delivered twice.
      visibilityTimeout: Duration.seconds((mailer.timeout ?? Duration.seconds(3)).toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 5 },
    });

    // Pending schedules target this stack's queue, so they go with it: a retained group's fixed name would block a redeploy.
    this.scheduleGroup = new ScheduleGroup(this, 'Schedules', { scheduleGroupName: SCHEDULE_GROUP_NAME, removalPolicy: RemovalPolicy.DESTROY });
    this.schedulerRole = new Role(this, 'SchedulerRole', {
      description: 'Runs the one-time schedules of delayed invitations and reminders: puts their message on the invitation queue',
      // Only schedules of this account's group may use it (confused-deputy protection).
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account, 'aws:SourceArn': this.scheduleGroup.scheduleGroupArn } },
      }),
    });
    // Due messages go to the queue; a message the queue refused through every retry goes to its dead-letter queue.
    this.schedulerRole.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queue.queueArn, this.deadLetterQueue.queueArn] }),
    );

    for (const producer of [...props.producers, mailer]) this.allowQueueing(producer);

    mailer.addEventSource(new SqsEventSource(this.queue, { batchSize: 10, reportBatchItemFailures: true, maxConcurrency: props.maxConcurrency }));
    Validations.of(mailer).acknowledge({
      id: 'Serverless-LambdaEventSourceMappingDestination',
      reason: "An SQS event source takes no on-failure destination: a message that keeps failing moves to the queue's dead-letter queue by its redrive policy.",
    });
    mailer.addEnvironment('SENDER_EMAIL', props.senderEmail);
    mailer.addEnvironment('BRAND_NAME', props.brandName);
    mailer.addEnvironment('SES_CONFIGURATION_SET', props.configurationSet.configurationSetName);
    // A send naming a configuration set that does not exist yet fails: the set comes first.
    mailer.node.addDependency(props.configurationSet);
    // SendEmail from the one verified sender identity with the one configuration set (SES authorizes both), nothing else in SES.
    mailer.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          stack.formatArn({ service: 'ses', resource: 'identity', resourceName: props.senderIdentity }),
          stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: props.configurationSet.configurationSetName }),
        ],
      }),
    );
  }

  /** Sends to the queue: at once, or later through a schedule of this group that runs with the scheduler role. */
  private allowQueueing(producer: FeedbackFunction): void {
    this.queue.grantSendMessages(producer);
    producer.addEnvironment('QUEUE_URL', this.queue.queueUrl);
    producer.addEnvironment('QUEUE_ARN', this.queue.queueArn);
    producer.addEnvironment('SCHEDULER_ROLE_ARN', this.schedulerRole.roleArn);
    producer.addEnvironment('SCHEDULER_GROUP', this.scheduleGroup.scheduleGroupName);
    producer.addEnvironment('SCHEDULER_DEAD_LETTER_ARN', this.deadLetterQueue.queueArn);
    // The group's name is a literal in the environment: make sure the group exists before the function can use it.
    producer.node.addDependency(this.scheduleGroup);

    const stack = Stack.of(this);
    const schedulesOfGroup = stack.formatArn({ service: 'scheduler', resource: 'schedule', resourceName: `${this.scheduleGroup.scheduleGroupName}/*` });
    producer.addToRolePolicy(new PolicyStatement({ actions: ['scheduler:CreateSchedule'], resources: [schedulesOfGroup] }));
    producer.addToRolePolicy(
      new PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [this.schedulerRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    );
    Validations.of(producer.executionRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${SCHEDULES_OF_GROUP_FINDING}]`,
      reason:
        'Each delayed invitation or reminder gets a one-time schedule named after a hash of its invitation, so its name is not known ' +
        'in advance: scheduler:CreateSchedule (and nothing else in the Scheduler) is allowed on schedules of this one group only.',
    });
  }
}
