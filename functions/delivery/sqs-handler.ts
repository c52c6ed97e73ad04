// The invitation queue's consumer: each message is one invitation to email; failures go back to the queue alone.
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import * as z from '../shared/zod.js';
import { SQSClient } from '@aws-sdk/client-sqs';
import { invitationMessageSchema, queueConfig } from '../ingest/invitation-queue.js';
import { invitationQueueFrom } from '../ingest/sqs-invitation-queue.js';
import { endpointUrl, loadConfig } from '../shared/config.js';
import { describeError, logger } from '../shared/logger.js';
import { documentClient, tableName } from '../store/dynamodb-client.js';
import { DynamoDbDeliveryLeases } from '../store/dynamodb-delivery-leases.js';
import { SesMailer } from './ses-mailer.js';
import { DELIVERY_LEASE_SECONDS, sendInvitation, type SendInvitationDeps } from './send-invitation.js';
import { now } from '../shared/clock.js';

export const makeDeliveryHandler =
  (deps: SendInvitationDeps) =>
  async (event: SQSEvent): Promise<SQSBatchResponse> => {
    logger.setContext({ service: 'delivery' });
    const results = await Promise.allSettled(
      event.Records.map(async (record) => {
        const { kind, ...ref } = invitationMessageSchema.parse(JSON.parse(record.body));
        // The message's id names the claim: SQS keeps it across redeliveries, so a retry recognises its own claim. A message
        // is never in two invocations at once: the queue's visibility timeout is six times this function's timeout.
        const result = await sendInvitation(ref, deps, kind, record.messageId);
        logger.info('invitation processed', { messageId: record.messageId, kind, result });
      }),
    );
    const batchItemFailures = results.flatMap((result, i) => {
      if (result.status === 'fulfilled') return [];
      logger.warn('invitation will be retried', { messageId: event.Records[i]!.messageId, ...describeError(result.reason) });
      return [{ itemIdentifier: event.Records[i]!.messageId }];
    });
    return { batchItemFailures };
  };

const config = loadConfig({
  SENDER_EMAIL: z.email(),
  BRAND_NAME: z.string().check(z.minLength(1)),
  PUBLIC_BASE_URL: z.pipe(
    z.url(),
    z.transform((url) => url.replace(/\/+$/, '')),
  ),
  SES_ENDPOINT: endpointUrl,
  DELIVERY_LEASE_SECONDS: z._default(z.coerce.number().check(z.int(), z.positive(), z.maximum(900)), DELIVERY_LEASE_SECONDS),
  SES_CONFIGURATION_SET: z.optional(z.string().check(z.minLength(1))),
  ...queueConfig,
});

export const handler = makeDeliveryHandler({
  leases: new DynamoDbDeliveryLeases(documentClient, tableName),
  // Bounded, so that a send never outlives the lease: 3 attempts of at most 5 s each.
  mailer: new SesMailer(
    new SESv2Client({ endpoint: config.SES_ENDPOINT, maxAttempts: 3, requestHandler: { requestTimeout: 5_000, connectionTimeout: 2_000 } }),
    config.SENDER_EMAIL,
    config.SES_CONFIGURATION_SET,
  ),
  queue: invitationQueueFrom(config, new SQSClient({ endpoint: config.SQS_ENDPOINT, maxAttempts: 5 }), now),
  now,
  brandName: config.BRAND_NAME,
  publicBaseUrl: config.PUBLIC_BASE_URL,
  leaseMs: config.DELIVERY_LEASE_SECONDS * 1000,
});
