// Wiring of the ingest use case for the Lambda runtime: clients at module scope, config read once.
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDbDefinitionStore } from '../programs/dynamodb-definition-store.js';
import { now } from '../shared/clock.js';
import { loadConfig } from '../shared/config.js';
import { documentClient, tableName } from '../store/dynamodb-client.js';
import { DynamoDbIngestLedger } from '../store/dynamodb-ingest-ledger.js';
import { queueConfig } from './invitation-queue.js';
import { invitationQueueFrom } from './sqs-invitation-queue.js';
import type { RecordInteractionDeps } from './record-interaction.js';

const config = loadConfig(queueConfig);

export const ingestDeps: RecordInteractionDeps = {
  ledger: new DynamoDbIngestLedger(documentClient, tableName),
  queue: invitationQueueFrom(config, new SQSClient({ endpoint: config.SQS_ENDPOINT, maxAttempts: 5 }), now),
  definitions: new DynamoDbDefinitionStore(documentClient, tableName),
  now,
};
