// The port to the webhook queue, and its SQS adapter: a message is a pointer to a delivery, never its content.
import { ChangeMessageVisibilityCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import * as z from '../shared/zod.js';
import type { DeliveryRef } from './webhook-store.js';

/** Tries per delivery: the queue's maxReceiveCount (CDK and the local stack use this), then the dead-letter queue. */
export const WEBHOOK_MAX_ATTEMPTS = 6;

export const deliveryMessageSchema = z.object({
  subscriptionId: z.string().check(z.minLength(1)),
  occurredAt: z.string().check(z.minLength(1)),
  eventId: z.string().check(z.minLength(1)),
});

export interface WebhookQueue {
  /** Queues a delivery, visible after `delaySeconds` (at most 900, SQS's limit). */
  enqueue(ref: DeliveryRef, delaySeconds?: number): Promise<void>;
  /** Hides a received message for `seconds` before its next try: the back-off between attempts. */
  retryIn(receiptHandle: string, seconds: number): Promise<void>;
}

export class SqsWebhookQueue implements WebhookQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(ref: DeliveryRef, delaySeconds = 0): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(z.parse(deliveryMessageSchema, ref)),
        ...(delaySeconds > 0 ? { DelaySeconds: delaySeconds } : {}),
      }),
    );
  }

  async retryIn(receiptHandle: string, seconds: number): Promise<void> {
    await this.client.send(new ChangeMessageVisibilityCommand({ QueueUrl: this.queueUrl, ReceiptHandle: receiptHandle, VisibilityTimeout: seconds }));
  }
}

/** How long a response.updated delivery waits before its first try, so that a run of edits is sent once (the latest). */
export const DEFAULT_COALESCE_SECONDS = 60;

/** Batches handled at once (the event source's maxConcurrency; locally, as many pollers): a slow batch holds only its own. */
export const WEBHOOK_MAX_CONCURRENCY = 5;

/** Each attempt's hard deadline: connect, headers and body together (the delivery function's timeout is sized from it). */
export const ATTEMPT_DEADLINE_MS = 5_000;
