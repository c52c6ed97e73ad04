// The DynamoDB adapter of TopicStore (topic-store.ts): one item holds the whole set, replaced whole.
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TopicSet } from '../insights/topics.js';
import { FOLLOW_UP_ENTITY, ITEM_VERSION, topicsKey } from '../store/keys.js';
import type { StoredTopics, TopicStore } from './topic-store.js';

export class DynamoDbTopicStore implements TopicStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getTopics(): Promise<StoredTopics> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: topicsKey() }));
    if (!Item) return { topics: [], version: 0 };
    return {
      topics: Item.topics as StoredTopics['topics'],
      version: Item.version as number,
      updatedAt: Item.updatedAt as string,
      updatedBy: Item.updatedBy as string,
    };
  }

  async putTopics(set: TopicSet, by: string, now: string): Promise<StoredTopics> {
    // One write: the set replaced and its version moved on, atomically.
    const { Attributes } = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: topicsKey(),
        UpdateExpression: 'SET #type = :type, v = :v, topics = :topics, updatedAt = :now, updatedBy = :by ADD version :one',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':type': FOLLOW_UP_ENTITY.topics, ':v': ITEM_VERSION, ':topics': set.topics, ':now': now, ':by': by, ':one': 1 },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return { topics: set.topics, version: Attributes?.version as number, updatedAt: now, updatedBy: by };
  }
}
