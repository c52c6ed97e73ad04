// The webhook queue's consumer: one delivery per message; a failure hides its message for the back-off (SQS's
// visibility) and reports it, so the queue retries it alone and parks it in the dead-letter queue after the last try.
import { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import * as z from '../shared/zod.js';
import { endpointUrl, loadConfig } from '../shared/config.js';
import { describeError, logger } from '../shared/logger.js';
import { documentClient, tableName } from '../store/dynamodb-client.js';
import { RetryLater, backoffSeconds, deliverWebhook, type DeliverDeps } from './deliver-webhook.js';
import { NodeWebhookPoster } from './http-poster.js';
import { SqsWebhookQueue } from './sqs-webhook-queue.js';
import { WEBHOOK_MAX_ATTEMPTS, deliveryMessageSchema, type WebhookQueue } from './webhook-queue.js';
import { DynamoDbWebhookStore } from './dynamodb-webhook-store.js';
import { now } from '../shared/clock.js';

export const makeWebhookDeliveryHandler =
  (deps: DeliverDeps & { queue: WebhookQueue; retryBaseSeconds: number }) =>
  async (event: SQSEvent): Promise<SQSBatchResponse> => {
    logger.setContext({ service: 'webhook-delivery' });
    const results = await Promise.allSettled(
      event.Records.map(async (record) => {
        const attempt = Number(record.attributes.ApproximateReceiveCount) || 1;
        try {
          await deliverWebhook(deliveryMessageSchema.parse(JSON.parse(record.body)), attempt, deps);
        } catch (error) {
          if (error instanceof RetryLater && attempt < deps.maxAttempts)
            await deps.queue.retryIn(record.receiptHandle, backoffSeconds(attempt, deps.retryBaseSeconds));
          throw error;
        }
      }),
    );
    const batchItemFailures = results.flatMap((result, i) => {
      if (result.status === 'fulfilled') return [];
      logger.warn('webhook will be retried', { messageId: event.Records[i]!.messageId, ...describeError(result.reason) });
      return [{ itemIdentifier: event.Records[i]!.messageId }];
    });
    return { batchItemFailures };
  };

const config = loadConfig({
  WEBHOOK_QUEUE_URL: z.url(),
  SQS_ENDPOINT: endpointUrl,
  WEBHOOK_RETRY_BASE_SECONDS: z._default(z.coerce.number().check(z.positive(), z.maximum(900)), 30),
  WEBHOOK_ALLOW_LOOPBACK: z._default(z.enum(['true', 'false']), 'false'),
});

export const handler = makeWebhookDeliveryHandler({
  webhooks: new DynamoDbWebhookStore(documentClient, tableName),
  poster: new NodeWebhookPoster(config.WEBHOOK_ALLOW_LOOPBACK === 'true'),
  queue: new SqsWebhookQueue(new SQSClient({ endpoint: config.SQS_ENDPOINT, maxAttempts: 3 }), config.WEBHOOK_QUEUE_URL),
  now,
  maxAttempts: WEBHOOK_MAX_ATTEMPTS,
  retryBaseSeconds: config.WEBHOOK_RETRY_BASE_SECONDS,
});
