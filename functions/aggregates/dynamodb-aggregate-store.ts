// The DynamoDB adapter of AggregateStore: markers and counters in one transaction, so a change counts exactly once.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  AGGREGATE_ENTITY,
  ENTITY,
  ITEM_VERSION,
  aggregateMarkerKey,
  counterKey,
  counterPk,
  counterRange,
  customerPk,
  interactionKey,
  parseCounterSk,
  timelineRange,
} from '../store/keys.js';
import { queryAll } from '../store/query-all.js';
import type { AggregateStore, CounterRow } from './aggregate-store.js';
import { mergeDeltas, withRollups, type Contribution } from './changes.js';
import { COUNTER_SHARDS, type CounterSpan, type Delta, type Dimension } from './counters.js';
import type { EscalationUpdate, InteractionState } from './escalations.js';

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** DynamoDB's limit of actions in one transaction. */
const MAX_TRANSACT_ITEMS = 100;
/** Markers outlive the stream's 24-hour retention and every retry of a record. */
const MARKER_TTL_SECONDS = 7 * 86_400;

export class DynamoDbAggregateStore implements AggregateStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private markerPut(marker: string): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...aggregateMarkerKey(marker), type: AGGREGATE_ENTITY.marker, v: ITEM_VERSION, ttl: Math.floor(Date.now() / 1000) + MARKER_TTL_SECONDS },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  private counterUpdates(deltas: Delta[], shard: number): TransactItem[] {
    return [...mergeDeltas(withRollups(deltas)).values()].map(({ dimension, value, day, fields }) => {
      const names: Record<string, string> = { '#type': 'type' };
      const values: Record<string, unknown> = { ':type': AGGREGATE_ENTITY.counter, ':v': ITEM_VERSION };
      const adds = [...fields].map(([field, n], i) => {
        names[`#f${i}`] = field;
        values[`:n${i}`] = n;
        return `#f${i} :n${i}`;
      });
      return {
        Update: {
          TableName: this.tableName,
          Key: counterKey(dimension, shard, day, value),
          UpdateExpression: `SET #type = :type, v = :v ADD ${adds.join(', ')}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      };
    });
  }

  async apply(contributions: Contribution[], shard: number): Promise<void> {
    // Chunks as large as one transaction allows; a chunk that meets an applied marker falls back to one change at a time.
    let chunk: Contribution[] = [];
    const flush = async () => {
      if (chunk.length === 0) return;
      const current = chunk;
      chunk = [];
      const items = [
        ...current.map((c) => this.markerPut(c.marker)),
        ...this.counterUpdates(
          current.flatMap((c) => c.deltas),
          shard,
        ),
      ];
      if (!(await this.transact(items))) for (const one of current) await this.applyOne(one, shard);
    };
    for (const contribution of contributions) {
      const next = [...chunk, contribution];
      if (next.length + mergeDeltas(withRollups(next.flatMap((c) => c.deltas))).size > MAX_TRANSACT_ITEMS) await flush();
      chunk.push(contribution);
    }
    await flush();
  }

  private async applyOne(contribution: Contribution, shard: number): Promise<void> {
    await this.transact([this.markerPut(contribution.marker), ...this.counterUpdates(contribution.deltas, shard)]);
  }

  /** True when committed; false when a marker showed it (or part of it) was applied already. Conflicts are retried. */
  private async transact(items: TransactItem[]): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.client.send(new TransactWriteCommand({ TransactItems: items }));
        return true;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const codes = (error.CancellationReasons ?? []).map((r) => r.Code);
        if (codes.includes('ConditionalCheckFailed')) return false;
        if (!codes.includes('TransactionConflict') || attempt >= 8) throw error;
        await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt * Math.random()));
      }
    }
  }

  async interactionsBetween(customerId: string, from: string, to: string): Promise<InteractionState[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      FilterExpression: '#type = :interaction',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: {
        ':pk': customerPk(customerId),
        ':from': timelineRange(from, to).start,
        ':to': timelineRange(from, to).end,
        ':interaction': ENTITY.interaction,
      },
      ConsistentRead: true,
    });
    return items.map(
      (item): InteractionState => ({
        interactionId: item.interactionId as string,
        customerId,
        channel: item.channel as InteractionState['channel'],
        occurredAt: item.occurredAt as string,
        ...(item.escalatedTo
          ? { escalatedTo: item.escalatedTo as InteractionState['channel'], escalatedAt: item.escalatedAt as string, escalatedBy: item.escalatedBy as string }
          : {}),
      }),
    );
  }

  async applyEscalation(marker: string, contribution: Contribution, updates: EscalationUpdate[], shard: number): Promise<'applied' | 'duplicate' | 'conflict'> {
    const items: TransactItem[] = [
      this.markerPut(marker),
      ...updates.map(
        ({ interaction, to }): TransactItem => ({
          Update: {
            TableName: this.tableName,
            Key: interactionKey(interaction.customerId, interaction.occurredAt, interaction.interactionId),
            UpdateExpression: 'SET escalatedTo = :to, escalatedAt = :at, escalatedBy = :by',
            ConditionExpression: interaction.escalatedBy ? 'escalatedBy = :was' : 'attribute_exists(pk) AND attribute_not_exists(escalatedBy)',
            ExpressionAttributeValues: {
              ':to': to.channel,
              ':at': to.at,
              ':by': to.by,
              ...(interaction.escalatedBy ? { ':was': interaction.escalatedBy } : {}),
            },
          },
        }),
      ),
      ...this.counterUpdates(contribution.deltas, shard),
    ];
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
      return 'applied';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const codes = (error.CancellationReasons ?? []).map((r) => r.Code);
      if (codes[0] === 'ConditionalCheckFailed') return 'duplicate';
      if (codes.some((c) => c === 'ConditionalCheckFailed' || c === 'TransactionConflict')) return 'conflict';
      throw error;
    }
  }

  async readCounters(dimension: Dimension, span: CounterSpan): Promise<CounterRow[]> {
    const { start, end } = counterRange(span.from, span.to);
    const shards = await Promise.all(
      Array.from({ length: COUNTER_SHARDS }, async (_, shard) => {
        const items = await queryAll(this.client, {
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :start AND :end',
          ExpressionAttributeValues: { ':pk': counterPk(dimension, shard), ':start': start, ':end': end },
        });
        return items.map((item): CounterRow => ({ ...parseCounterSk(item.sk as string), item }));
      }),
    );
    return shards.flat();
  }
}
