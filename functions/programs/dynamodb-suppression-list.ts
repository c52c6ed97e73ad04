// The DynamoDB adapter of SuppressionList (suppression-list.ts): one item per normalized address, read at send time.
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ENTITY, ITEM_VERSION, suppressionKey } from '../store/keys.js';
import type { Suppression, SuppressionList } from './suppression-list.js';

export class DynamoDbSuppressionList implements SuppressionList {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async suppress({ email, reason }: Suppression, at: string, detailType: string): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...suppressionKey(email), type: ENTITY.suppression, v: ITEM_VERSION, reason, at, detailType },
      }),
    );
  }
}
