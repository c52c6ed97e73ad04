// Wiring of the ingest use case for the Lambda runtime: clients at module scope, config read once.
import { SQSClient } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import { endpointUrl, loadConfig } from '../shared/config.js';
import { documentClient, tableName } from '../store/dynamodb-client.js';
import { DynamoDbSurveyStore } from '../store/dynamodb-survey-store.js';
import { SqsInvitationQueue } from './invitation-queue.js';
import type { RecordInteractionDeps } from './record-interaction.js';

const config = loadConfig({
  QUEUE_URL: z.url(),
  SQS_ENDPOINT: endpointUrl,
  SURVEY_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
});

export const ingestDeps: RecordInteractionDeps = {
  store: new DynamoDbSurveyStore(documentClient, tableName),
  queue: new SqsInvitationQueue(new SQSClient({ endpoint: config.SQS_ENDPOINT, maxAttempts: 5 }), config.QUEUE_URL),
  now: () => new Date(),
  surveyTtlDays: config.SURVEY_TTL_DAYS,
};
