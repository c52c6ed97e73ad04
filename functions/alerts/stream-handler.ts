// The table stream's second reader (the first is the aggregator): answers at or below their channel's thresholds raise
// an alert, each new alert or anomaly is emailed to the channel's owners, and answers, alerts and anomalies become
// webhook deliveries. Kept
// out of the aggregator so that an SES or subscriber outage never holds the counters back; every step is idempotent,
// so a retried batch repeats nothing.
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import * as z from '../shared/zod.js';
import { SesMailer } from '../delivery/ses-mailer.js';
import { endpointUrl, loadConfig } from '../shared/config.js';
import { describeError, logger } from '../shared/logger.js';
import { documentClient, tableName } from '../store/dynamodb-client.js';
import { DynamoDbAlertStore } from './dynamodb-alert-store.js';
import { notifyOwners, raiseAlert, type NotifyDeps } from './raise-alert.js';
import { followedChangeOf, streamChangeOf } from './stream-changes.js';
import { eventsOf } from '../webhooks/events.js';
import { fanOut, type FanOutDeps } from '../webhooks/fan-out.js';
import { SqsWebhookQueue } from '../webhooks/sqs-webhook-queue.js';
import { DEFAULT_COALESCE_SECONDS } from '../webhooks/webhook-queue.js';
import { DynamoDbWebhookStore } from '../webhooks/dynamodb-webhook-store.js';
import { now } from '../shared/clock.js';
import { DynamoDbAnomalyStore } from '../anomalies/dynamodb-anomaly-store.js';
import { notifyAnomalyOwners, type NotifyAnomalyDeps } from '../anomalies/notify-anomaly.js';

export type FollowUpDeps = NotifyDeps & FanOutDeps & Pick<NotifyAnomalyDeps, 'anomalies'>;

export async function followChange(record: DynamoDBRecord, deps: FollowUpDeps): Promise<void> {
  // The images are read here, once: the use cases below get an Answer or an Alert.
  const change = followedChangeOf(streamChangeOf(record));
  if (!change) return;
  // Webhook deliveries first: recorded before anything else can fail, queued once each.
  const queued = await fanOut(eventsOf(change), deps);
  if (queued > 0) logger.info('webhooks queued', { deliveries: queued });
  if (change.kind === 'answer') {
    if (!change.newSubmit) return;
    const alert = await raiseAlert(change.answer, change.ref, deps);
    if (alert) logger.info('alert raised', { alertId: alert.alertId, surveyId: alert.surveyId, channel: alert.channel });
  } else if (change.kind === 'anomaly') {
    if (!change.created) return;
    const result = await notifyAnomalyOwners(change.ref, deps);
    logger.info('anomaly owners', { anomalyId: change.ref.anomalyId, result });
  } else if (change.created) {
    const result = await notifyOwners(change.alert, deps);
    logger.info('alert owners', { alertId: change.alert.alertId, result });
  }
}

export const makeFollowUpHandler =
  (deps: FollowUpDeps) =>
  async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    logger.setContext({ service: 'follow-up' });
    for (const record of event.Records) {
      try {
        await followChange(record, deps);
      } catch (error) {
        // In order: the stream resumes here, and what came before is not repeated.
        logger.warn('follow-up will be retried', { sequenceNumber: record.dynamodb?.SequenceNumber ?? null, ...describeError(error) });
        return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
      }
    }
    return { batchItemFailures: [] };
  };

const config = loadConfig({
  SENDER_EMAIL: z.email(),
  BRAND_NAME: z.string().check(z.minLength(1)),
  DASHBOARD_URL: z.url(),
  SES_ENDPOINT: endpointUrl,
  WEBHOOK_QUEUE_URL: z.url(),
  SQS_ENDPOINT: endpointUrl,
  WEBHOOK_COALESCE_SECONDS: z._default(z.coerce.number().check(z.int(), z.minimum(0), z.maximum(900)), DEFAULT_COALESCE_SECONDS),
});

export const handler = makeFollowUpHandler({
  alerts: new DynamoDbAlertStore(documentClient, tableName),
  anomalies: new DynamoDbAnomalyStore(documentClient, tableName),
  mailer: new SesMailer(new SESv2Client({ endpoint: config.SES_ENDPOINT, maxAttempts: 3 }), config.SENDER_EMAIL),
  now,
  brandName: config.BRAND_NAME,
  dashboardUrl: config.DASHBOARD_URL,
  webhooks: new DynamoDbWebhookStore(documentClient, tableName),
  queue: new SqsWebhookQueue(new SQSClient({ endpoint: config.SQS_ENDPOINT, maxAttempts: 5 }), config.WEBHOOK_QUEUE_URL),
  coalesceSeconds: config.WEBHOOK_COALESCE_SECONDS,
});
