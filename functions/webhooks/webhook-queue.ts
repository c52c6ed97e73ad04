// The port to the webhook queue and the queue's settings (CDK and the local stack read them): a message is a pointer
// to a delivery, never its content. The SQS adapter is sqs-webhook-queue.ts.
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

/** How long a response.updated delivery waits before its first try, so that a run of edits is sent once (the latest). */
export const DEFAULT_COALESCE_SECONDS = 60;

/** Batches handled at once (the event source's maxConcurrency; locally, as many pollers): a slow batch holds only its own. */
export const WEBHOOK_MAX_CONCURRENCY = 5;

/** Each attempt's hard deadline: connect, headers and body together (the delivery function's timeout is sized from it). */
export const ATTEMPT_DEADLINE_MS = 5_000;
