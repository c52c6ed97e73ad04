// Webhook delivery: the follow-up reader queues a pointer per subscriber and event; the delivery function signs and
// POSTs, backs off through the message's visibility, and after WEBHOOK_MAX_ATTEMPTS the message parks in a dead-letter queue.
import { Duration, Validations } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { WEBHOOK_MAX_ATTEMPTS, WEBHOOK_MAX_CONCURRENCY } from '../functions/webhooks/webhook-queue.js';
import type { FeedbackFunction } from './feedback-function.js';

export interface WebhookDeliveryProps {
  /** The function that records deliveries and queues them: it may only send to the queue. */
  readonly producer: FeedbackFunction;
  readonly sender: FeedbackFunction;
}

export class WebhookDelivery extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, { producer, sender }: WebhookDeliveryProps) {
    super(scope, id);
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Six times the sender's timeout; the back-off between tries is set per message (ChangeMessageVisibility).
      visibilityTimeout: Duration.seconds((sender.timeout ?? Duration.seconds(3)).toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: WEBHOOK_MAX_ATTEMPTS },
    });
    this.queue.grantSendMessages(producer);
    producer.addEnvironment('WEBHOOK_QUEUE_URL', this.queue.queueUrl);
    // The event source grants receive, delete and ChangeMessageVisibility on this queue alone.
    sender.addEventSource(new SqsEventSource(this.queue, { batchSize: 10, reportBatchItemFailures: true, maxConcurrency: WEBHOOK_MAX_CONCURRENCY }));
    Validations.of(sender).acknowledge({
      id: 'Serverless-LambdaEventSourceMappingDestination',
      reason: "An SQS event source takes no on-failure destination: a message that keeps failing moves to the queue's dead-letter queue by its redrive policy.",
    });
    sender.addEnvironment('WEBHOOK_QUEUE_URL', this.queue.queueUrl);
  }
}
