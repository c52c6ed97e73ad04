// One item by its key, as the domain knows it (functions/store/items.ts), or null.
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { fromItem } from './items.js';
import type { Key } from './keys.js';

/** Consistent unless asked otherwise: a read right after a write of the same flow sees it. */
export async function readItem<T>(client: DynamoDBDocumentClient, tableName: string, key: Key, consistent = true): Promise<T | null> {
  const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: key, ...(consistent ? { ConsistentRead: true } : {}) }));
  return Item ? fromItem<T>(Item) : null;
}
