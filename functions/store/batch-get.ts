// Every item of a list of keys, read with BatchGetItem: 100 keys a request, the keys DynamoDB left unprocessed asked
// again with back-off, and an error (never a shorter answer) when they keep being left.
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Key } from './keys.js';

/** BatchGetItem's limit of keys per request. */
const BATCH_KEYS = 100;
/** Requests per chunk before giving up on keys left unprocessed. */
export const BATCH_GET_ATTEMPTS = 6;

const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt * (0.5 + Math.random() / 2)));

/** The items found (a key with no item is simply absent), in no particular order; rejects if some keys stay unread. */
export async function batchGetAll(client: DynamoDBDocumentClient, tableName: string, keys: Key[]): Promise<Record<string, unknown>[]> {
  const unique = [...new Map(keys.map((key) => [`${key.pk}\n${key.sk}`, key])).values()];
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < unique.length; i += BATCH_KEYS) {
    let pending: Record<string, unknown>[] = unique.slice(i, i + BATCH_KEYS).map((key) => ({ pk: key.pk, sk: key.sk }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt === BATCH_GET_ATTEMPTS) throw new Error(`BatchGetItem left ${pending.length} keys unprocessed after ${BATCH_GET_ATTEMPTS} requests`);
      if (attempt > 0) await pause(attempt - 1);
      const { Responses, UnprocessedKeys } = await client.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending } } }));
      items.push(...(Responses?.[tableName] ?? []));
      pending = UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
  }
  return items;
}
