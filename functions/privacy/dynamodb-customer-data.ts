// The DynamoDB adapter of CustomerDataStore (functions/privacy/customer-data.ts), both from the one list of
// everything that names a customer (functions/store/customer-items.ts): their partition, the items it points to, their webhook
// deliveries, and the words of their comments in the term counts. The other aggregate counters hold no identity and stay.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, GetCommand, TransactWriteCommand, type BatchWriteCommandOutput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { COUNTER_SHARDS } from '../aggregates/counters.js';
import { termsOf } from '../aggregates/insight-counters.js';
import { customerItemsOf } from '../store/customer-items.js';
import { CREDENTIAL_ATTRIBUTES, fromItem } from '../store/items.js';
import { counterKey, customerPk, profileKey, type Key } from '../store/keys.js';
import { queryAll } from '../store/query-all.js';
import { deliveriesOfSources } from '../webhooks/dynamodb-webhook-store.js';
import type { CustomerData, CustomerDataStore, Erasure } from './customer-data.js';

type Item = Record<string, unknown>;

/** What an export shows of an item: no internal attribute, no link token (a credential), no delivery's pointer to its source. */
const visible = (item: Item) => fromItem<Item>(item, [...CREDENTIAL_ATTRIBUTES, 'source']);
const keyOf = (item: Item): Key => ({ pk: String(item.pk), sk: String(item.sk) });
const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt * Math.random()));

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

export class DynamoDbCustomerDataStore implements CustomerDataStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async collect(customerId: string): Promise<{ data: CustomerData; erasure: Erasure }> {
    const partition = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': customerPk(customerId) },
      ConsistentRead: true,
    });
    const all = customerItemsOf(customerId, partition);
    const deliveries = await deliveriesOfSources(this.client, this.tableName, all.deliverySources);
    const rest = partition.filter((item) => item !== all.profile && !all.answers.includes(item)).map(keyOf);
    return {
      data: {
        profile: all.profile ? visible(all.profile) : null,
        addresses: all.addresses,
        interactions: all.interactions.map(visible),
        invitations: all.invitations.map(visible),
        answers: all.answers.map(visible),
        alerts: all.alerts.map(visible),
        webhookDeliveries: deliveries.map(({ delivery }) => visible(delivery as unknown as Item)),
      },
      erasure: {
        deliveries: deliveries.map((d) => d.key),
        answers: all.answers,
        keys: [...all.pointers, ...rest, ...(all.profile ? [profileKey(customerId)] : [])],
      },
    };
  }

  async erase(erasure: Erasure): Promise<number> {
    await this.deleteAll(erasure.deliveries);
    for (const answer of erasure.answers) await this.eraseAnswer(answer);
    await this.deleteAll(erasure.keys);
    return erasure.deliveries.length + erasure.answers.length + erasure.keys.length;
  }

  /**
   * An answer and its comment's words in the term counts, in one transaction: a term only this comment had leaves the
   * counts (its field is removed from every shard), one others had too is counted one less. A rerun finds the answer
   * gone and subtracts nothing twice; a counter moved by the aggregator meanwhile fails its condition and is read again.
   */
  private async eraseAnswer(answer: Item): Promise<void> {
    const terms = termsOf(answer);
    for (let attempt = 0; ; attempt++) {
      const items: TransactItem[] = [
        { Delete: { TableName: this.tableName, Key: keyOf(answer), ConditionExpression: 'attribute_exists(pk)' } },
        ...(terms ? await this.termUpdates(terms) : []),
      ];
      try {
        await this.client.send(new TransactWriteCommand({ TransactItems: items }));
        return;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        if (error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return; // erased by an earlier run
        if (attempt >= 5) throw error;
        await pause(attempt);
      }
    }
  }

  private async termUpdates({ channel, day, fields }: { channel: string; day: string; fields: string[] }): Promise<TransactItem[]> {
    const names = Object.fromEntries(fields.map((field, i) => [`#f${i}`, field]));
    const shards = await Promise.all(
      Array.from({ length: COUNTER_SHARDS }, async (_, shard) => {
        const key = counterKey('terms', shard, day, channel);
        const { Item } = await this.client.send(
          new GetCommand({
            TableName: this.tableName,
            Key: key,
            ProjectionExpression: Object.keys(names).join(', '),
            ExpressionAttributeNames: names,
            ConsistentRead: true,
          }),
        );
        return { key, item: Item ?? {} };
      }),
    );
    // Per shard item, one Update (a transaction may touch an item once): the fields it removes or lowers, each conditioned on the value read.
    const plan = shards.map(() => ({ remove: [] as string[], lower: [] as string[], values: {} as Record<string, number> }));
    fields.forEach((field, i) => {
      const held = shards.map(({ item }, shard) => ({ shard, n: item[field] })).filter((h): h is { shard: number; n: number } => typeof h.n === 'number');
      if (held.length === 0) return; // never counted (no comment analysis, or not folded yet)
      const total = held.reduce((sum, h) => sum + h.n, 0);
      const one = held.find((h) => h.n >= 1);
      for (const h of total <= 1 || !one ? held : [one]) {
        plan[h.shard]![total <= 1 || !one ? 'remove' : 'lower'].push(`#f${i}`);
        plan[h.shard]!.values[`:n${i}`] = h.n;
      }
    });
    return plan.flatMap(({ remove, lower, values }, shard): TransactItem[] => {
      if (remove.length + lower.length === 0) return [];
      const used = [...remove, ...lower];
      return [
        {
          Update: {
            TableName: this.tableName,
            Key: shards[shard]!.key,
            UpdateExpression: [remove.length ? `REMOVE ${remove.join(', ')}` : '', lower.length ? `ADD ${lower.map((f) => `${f} :minus`).join(', ')}` : '']
              .filter(Boolean)
              .join(' '),
            ConditionExpression: used.map((f) => `${f} = :n${f.slice(2)}`).join(' AND '),
            ExpressionAttributeNames: Object.fromEntries(used.map((f) => [f, names[f]!])),
            ExpressionAttributeValues: { ...values, ...(lower.length ? { ':minus': -1 } : {}) },
          },
        },
      ];
    });
  }

  private async deleteAll(keys: Key[]): Promise<void> {
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
  }
}
