// The port and DynamoDB adapter for a customer's right of access and right to erasure: every item that holds their
// identity, found from their partition (interactions name their guards, invitations their link tokens, the profile its
// email lookup). Aggregate counters hold no identity and stay.
import { BatchWriteCommand, type BatchWriteCommandOutput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ENTITY, customerPk, emailLookupKey, interactionGuardKey, profileKey, tokenKey, unsubscribeTokenKey, type Key } from '../store/keys.js';
import { queryAll } from '../store/query-all.js';

export interface CustomerData {
  profile: Record<string, unknown> | null;
  interactions: Record<string, unknown>[];
  invitations: Record<string, unknown>[];
  answers: Record<string, unknown>[];
}

export interface CustomerDataStore {
  collect(customerId: string): Promise<{ data: CustomerData; keys: Key[] }>;
  /** Deletes the keys, the profile last, so that an interrupted erasure can be run again and finish. */
  erase(keys: Key[]): Promise<number>;
}

const INTERNAL = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'type', 'v', 'ttl', 'leaseUntil', 'leaseOwner', 'token', 'unsubscribeToken']);
const visible = (item: Record<string, unknown>) => Object.fromEntries(Object.entries(item).filter(([k]) => !INTERNAL.has(k)));

export class DynamoDbCustomerDataStore implements CustomerDataStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async collect(customerId: string): Promise<{ data: CustomerData; keys: Key[] }> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': customerPk(customerId) },
      ConsistentRead: true,
    });

    const of = (type: string) => items.filter((i) => i.type === type);
    const profile = of(ENTITY.customer)[0] ?? null;
    const keys: Key[] = [];
    for (const item of items) {
      if (item.type === ENTITY.interaction) keys.push(interactionGuardKey(item.interactionId as string));
      if (item.type === ENTITY.invitation && typeof item.token === 'string') keys.push(tokenKey(item.token));
      if (item.type === ENTITY.invitation && typeof item.unsubscribeToken === 'string') keys.push(unsubscribeTokenKey(item.unsubscribeToken));
      if (item === profile) continue;
      keys.push({ pk: item.pk as string, sk: item.sk as string });
    }
    if (profile) keys.push(emailLookupKey(profile.email as string, customerId), profileKey(customerId));
    return {
      data: {
        profile: profile ? visible(profile) : null,
        interactions: of(ENTITY.interaction).map(visible),
        invitations: of(ENTITY.invitation).map(visible),
        answers: of(ENTITY.answer).map(visible),
      },
      keys,
    };
  }

  async erase(keys: Key[]): Promise<number> {
    for (let i = 0; i < keys.length; i += 25) {
      let requests: NonNullable<BatchWriteCommandOutput['UnprocessedItems']>[string] | undefined = keys
        .slice(i, i + 25)
        .map((key) => ({ DeleteRequest: { Key: { ...key } } }));
      for (let attempt = 0; requests && requests.length > 0; attempt++) {
        if (attempt > 8) throw new Error('DynamoDB kept items of an erasure unprocessed');
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
        const result: BatchWriteCommandOutput = await this.client.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }));
        requests = result.UnprocessedItems?.[this.tableName];
      }
    }
    return keys.length;
  }
}
