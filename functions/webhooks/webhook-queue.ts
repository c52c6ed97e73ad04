// The port to the webhook queue, and its SQS adapter: a message is a pointer to a delivery, never its content.
import { ChangeMessageVisibilityCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod';
import type { DeliveryRef } from './webhook-store.js';

/** Tries per delivery: the queue's maxReceiveCount (CDK and the local stack use this), then the dead-letter queue. */
export const WEBHOOK_MAX_ATTEMPTS = 6;

export const deliveryMessageSchema = z.object({ subscriptionId: z.string().min(1), occurredAt: z.string().min(1), eventId: z.string().min(1) });

export interface WebhookQueue {
  enqueue(ref: DeliveryRef): Promise<void>;
  /** Hides a received message for `seconds` before its next try: the back-off between attempts. */
  retryIn(receiptHandle: string, seconds: number): Promise<void>;
}

export class SqsWebhookQueue implements WebhookQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(ref: DeliveryRef): Promise<void> {
    await this.client.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(deliveryMessageSchema.parse(ref)) }));
  }

  async retryIn(receiptHandle: string, seconds: number): Promise<void> {
    await this.client.send(new ChangeMessageVisibilityCommand({ QueueUrl: this.queueUrl, ReceiptHandle: receiptHandle, VisibilityTimeout: seconds }));
  }
}

/** Batches handled at once (the event source's maxConcurrency; locally, as many pollers): a slow batch holds only its own. */
export const WEBHOOK_MAX_CONCURRENCY = 5;

/** Each attempt's hard deadline: connect, headers and body together (the delivery function's timeout is sized from it). */
export const ATTEMPT_DEADLINE_MS = 5_000;
