// The table stream's second reader (the first is the aggregator): answers at or below their channel's thresholds raise
// an alert, and each new alert is emailed to the channel's owners. Kept out of the aggregator so that an SES outage
// delays emails without holding the counters back; both steps are idempotent, so a retried batch repeats nothing.
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import * as z from 'zod';
import type { Alert } from '../domain/alerts.js';
import { SesMailer } from '../delivery/mailer.js';
import { endpointUrl, loadConfig } from '../shared/config.js';
import { describeError, logger } from '../shared/logger.js';
import { documentClient, tableName } from '../store/dynamodb-client.js';
import { ENTITY, FOLLOW_UP_ENTITY } from '../store/keys.js';
import { DynamoDbAlertStore } from './alert-store.js';
import { notifyOwners, raiseAlert, type NotifyDeps } from './raise-alert.js';

export type FollowUpDeps = NotifyDeps;

type Image = Parameters<typeof unmarshall>[0];

export async function followChange(record: DynamoDBRecord, deps: FollowUpDeps): Promise<void> {
  const image = record.dynamodb?.NewImage ? unmarshall(record.dynamodb.NewImage as Image) : undefined;
  if (!image) return;
  const old = record.dynamodb?.OldImage ? unmarshall(record.dynamodb.OldImage as Image) : undefined;
  if (image.type === ENTITY.answer) {
    if (old?.revision === image.revision) return; // not a new submit
    const alert = await raiseAlert(image, deps);
    if (alert) logger.info('alert raised', { alertId: alert.alertId, surveyId: alert.surveyId, channel: alert.channel });
  } else if (image.type === FOLLOW_UP_ENTITY.alert && record.eventName === 'INSERT') {
    const result = await notifyOwners(image as unknown as Alert, deps);
    logger.info('alert owners', { alertId: String(image.alertId), result });
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
  BRAND_NAME: z.string().min(1),
  DASHBOARD_URL: z.url(),
  SES_ENDPOINT: endpointUrl,
});

export const handler = makeFollowUpHandler({
  alerts: new DynamoDbAlertStore(documentClient, tableName),
  mailer: new SesMailer(new SESv2Client({ endpoint: config.SES_ENDPOINT, maxAttempts: 3 }), config.SENDER_EMAIL),
  now: () => new Date(),
  brandName: config.BRAND_NAME,
  dashboardUrl: config.DASHBOARD_URL,
});
