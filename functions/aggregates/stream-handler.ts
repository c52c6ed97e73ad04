// The table stream's consumer: folds answers, sent invitations and new interactions into the counters.
// The event-source mapping reports partial failures, so a failed batch resumes at the first change not applied.
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { loadConfig } from '../shared/config.js';
import { logger } from '../shared/logger.js';
import { documentClient, tableName } from '../store/dynamodb-client.js';
import { AGGREGATED_ENTITIES, type TableChange } from './changes.js';
import { DynamoDbAggregateStore } from './dynamodb-aggregate-store.js';
import { escalationWindowHours } from './escalations.js';
import { foldChanges, type FoldDeps } from './fold-changes.js';

type Image = Parameters<typeof unmarshall>[0];

export function changesOf(event: DynamoDBStreamEvent): TableChange[] {
  const aggregated = new Set<string>(AGGREGATED_ENTITIES);
  return event.Records.flatMap((record) => {
    const newImage = record.dynamodb?.NewImage ? unmarshall(record.dynamodb.NewImage as Image) : undefined;
    const oldImage = record.dynamodb?.OldImage ? unmarshall(record.dynamodb.OldImage as Image) : undefined;
    const type = (newImage ?? oldImage)?.type;
    if (typeof type !== 'string' || !aggregated.has(type) || !record.dynamodb?.SequenceNumber || !record.eventName) return [];
    return [
      { sequenceNumber: record.dynamodb.SequenceNumber, eventName: record.eventName, ...(newImage ? { newImage } : {}), ...(oldImage ? { oldImage } : {}) },
    ];
  });
}

export const makeStreamHandler =
  (deps: FoldDeps) =>
  async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    logger.setContext({ service: 'aggregator' });
    const changes = changesOf(event);
    const { failedAt } = await foldChanges(changes, deps);
    logger.info('batch folded', { records: event.Records.length, changes: changes.length, failedAt: failedAt ?? null });
    return { batchItemFailures: failedAt ? [{ itemIdentifier: failedAt }] : [] };
  };

const config = loadConfig({ ESCALATION_WINDOW_HOURS: escalationWindowHours });

export const handler = makeStreamHandler({
  store: new DynamoDbAggregateStore(documentClient, tableName),
  escalationWindowMs: config.ESCALATION_WINDOW_HOURS * 3_600_000,
});
