// The DynamoDB adapter of AnomalyStore (anomaly-store.ts): one partition sorted by day; a conditional Put per anomaly.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Anomaly, AnomalyRef } from '../domain/anomalies.js';
import type { Channel } from '../domain/channels.js';
import { fromItem } from '../store/items.js';
import { ANOMALIES_PK, ANOMALY_ENTITY, ITEM_VERSION, anomalyKey, anomalyRange } from '../store/keys.js';
import { queryAll } from '../store/query-all.js';
import type { AnomalyStore } from './anomaly-store.js';

const anomalyOf = (item: Record<string, unknown>): Anomaly => fromItem<Anomaly>(item, ['notifiedAt']);

export class DynamoDbAnomalyStore implements AnomalyStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(anomaly: Anomaly): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...anomalyKey(anomaly.day, anomaly.anomalyId), type: ANOMALY_ENTITY, v: ITEM_VERSION, ...anomaly },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async list(query: { from: string; to: string; channel?: Channel }): Promise<Anomaly[]> {
    const { start, end } = anomalyRange(query.from, query.to);
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :start AND :end',
      ...(query.channel
        ? {
            FilterExpression: 'channel = :channel',
            ExpressionAttributeValues: { ':pk': ANOMALIES_PK, ':start': start, ':end': end, ':channel': query.channel },
          }
        : { ExpressionAttributeValues: { ':pk': ANOMALIES_PK, ':start': start, ':end': end } }),
    });
    return items.map(anomalyOf);
  }

  async get(ref: AnomalyRef): Promise<{ anomaly: Anomaly; notifiedAt?: string } | null> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: anomalyKey(ref.day, ref.anomalyId), ConsistentRead: true }));
    if (!Item) return null;
    return { anomaly: anomalyOf(Item), ...(typeof Item.notifiedAt === 'string' ? { notifiedAt: Item.notifiedAt } : {}) };
  }

  async markNotified(ref: AnomalyRef, at: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: anomalyKey(ref.day, ref.anomalyId),
        UpdateExpression: 'SET notifiedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }
}
