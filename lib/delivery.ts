// Invitation delivery: ingest enqueues a pointer to the invitation, the delivery function sends it through SES.
import { Duration, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { FeedbackFunction } from './feedback-function.js';

export interface InvitationDeliveryProps {
  /** The functions that schedule invitations: they may only send to the queue. */
  readonly producers: readonly FeedbackFunction[];
  readonly mailer: FeedbackFunction;
  readonly senderEmail: string;
  readonly senderIdentity: string;
  readonly brandName: string;
  /** At most this many mailer instances at once, so a burst of interactions stays under the SES sending rate. */
  readonly maxConcurrency: number;
}

export class InvitationDelivery extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: InvitationDeliveryProps) {
    super(scope, id);
    const { mailer } = props;
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

    for (const producer of props.producers) {
      this.queue.grantSendMessages(producer);
      producer.addEnvironment('QUEUE_URL', this.queue.queueUrl);
    }

    mailer.addEventSource(
      new SqsEventSource(this.queue, { batchSize: 10, reportBatchItemFailures: true, maxConcurrency: props.maxConcurrency }),
    );
    mailer.addEnvironment('SENDER_EMAIL', props.senderEmail);
    mailer.addEnvironment('BRAND_NAME', props.brandName);
    // SendEmail from the one verified sender identity, and nothing else in SES.
    const stack = Stack.of(this);
    mailer.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [stack.formatArn({ service: 'ses', resource: 'identity', resourceName: props.senderIdentity })],
      }),
    );
  }
}
