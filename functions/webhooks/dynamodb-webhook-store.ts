// The DynamoDB adapter of WebhookStore (webhook-store.ts). A delivery item is written once per subscription and event
// (conditional Put), carries only pointers (its source's key), and expires after DELIVERY_LOG_DAYS.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from '../shared/zod.js';
import type { Alert } from '../domain/alerts.js';
import type { Anomaly } from '../domain/anomalies.js';
import type { Answer } from '../domain/model.js';
import { cursorCodec, cursorPart } from '../store/cursor.js';
import {
  FOLLOW_UP_ENTITY,
  ITEM_VERSION,
  WEBHOOKS_PK,
  anomalyKey,
  anomalyRefOf,
  webhookDeliveryKey,
  webhookDeliveryPk,
  webhookKey,
  type Key,
} from '../store/keys.js';
import { fromItem } from '../store/items.js';
import type { DeliverySource } from '../store/customer-items.js';
import { queryAll } from '../store/query-all.js';
import { alertOf, answerOf, timelineItemKey, timelineItemOf } from '../store/timeline-items.js';
import type { WebhookEvent, WebhookEventType, WebhookSource } from './events.js';
import { DELIVERY_LOG_DAYS, MAX_LOGGED_ATTEMPTS, type DeliveryAttempt, type DeliveryStatus } from '../domain/webhooks.js';
import type { Delivery, DeliveryRef, StoredSubscription, Subscription, WebhookStore } from './webhook-store.js';

/** A page of a delivery log ends after a delivery: the cursor names it, for one subscription (the fake hands out the same). */
export const deliveryCursor = cursorCodec('webhooks.deliveries', z.strictObject({ occurredAt: cursorPart.instant, eventId: cursorPart.id }));

const publicSubscription = (item: Record<string, unknown>): Subscription => ({
  id: item.id as string,
  url: item.url as string,
  events: item.events as WebhookEventType[],
  ...(item.description ? { description: item.description as string } : {}),
  createdAt: item.createdAt as string,
  createdBy: item.createdBy as string,
});

/** The key of what a delivery is about. */
const sourceKey = (source: WebhookSource): Key => (source.kind === 'anomaly' ? anomalyKey(source.day, source.anomalyId) : timelineItemKey(source));

/** Which answer, alert or anomaly a source key names; null for a key of anything else. */
function sourceOf(key: Key): WebhookSource | null {
  const anomaly = anomalyRefOf(key.pk, key.sk);
  return anomaly ? { kind: 'anomaly', ...anomaly } : timelineItemOf(key);
}

/** A delivery item as the Delivery: its source's key read back as the answer, alert or anomaly it names. */
const deliveryOf = (item: Record<string, unknown>): Delivery => {
  const { pk: _pk, sk: _sk, type: _t, v: _v, ttl: _ttl, source, ...rest } = item;
  const named = sourceOf(source as Key);
  if (!named) throw new Error('A webhook delivery points at an item that is neither an answer, an alert nor an anomaly.');
  return { ...(rest as unknown as Omit<Delivery, 'source'>), source: named };
};

export class DynamoDbWebhookStore implements WebhookStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async createSubscription(subscription: StoredSubscription): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...webhookKey(subscription.id), type: FOLLOW_UP_ENTITY.webhook, v: ITEM_VERSION, ...subscription },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async listSubscriptions(): Promise<Subscription[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': WEBHOOKS_PK } }),
    );
    return Items.map(publicSubscription);
  }

  async getSubscription(id: string): Promise<StoredSubscription | null> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: webhookKey(id) }));
    return Item ? { ...publicSubscription(Item), secret: Item.secret as string } : null;
  }

  async deleteSubscription(id: string): Promise<boolean> {
    const { Attributes } = await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: webhookKey(id), ReturnValues: 'ALL_OLD' }));
    return Attributes !== undefined;
  }

  async recordDelivery(delivery: Delivery): Promise<{ created: boolean; delivery: Delivery }> {
    const key = webhookDeliveryKey(delivery.subscriptionId, delivery.occurredAt, delivery.eventId);
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...key,
            type: FOLLOW_UP_ENTITY.webhookDelivery,
            v: ITEM_VERSION,
            ...delivery,
            source: sourceKey(delivery.source),
            ttl: Math.floor(Date.parse(delivery.createdAt) / 1000) + DELIVERY_LOG_DAYS * 86_400,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { created: true, delivery };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const existing = await this.getDelivery(delivery);
      return { created: false, delivery: existing ?? delivery };
    }
  }

  async getDelivery(ref: DeliveryRef): Promise<Delivery | null> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: webhookDeliveryKey(ref.subscriptionId, ref.occurredAt, ref.eventId), ConsistentRead: true }),
    );
    return Item ? deliveryOf(Item) : null;
  }

  async recordAttempt(ref: DeliveryRef, attempt: DeliveryAttempt | null, status: DeliveryStatus): Promise<void> {
    const set = [
      '#status = :status',
      ...(attempt ? ['attempts = list_append(attempts, :attempt)'] : []),
      ...(status === 'delivered' && attempt ? ['deliveredAt = :at'] : []),
    ];
    await this.client
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: webhookDeliveryKey(ref.subscriptionId, ref.occurredAt, ref.eventId),
          UpdateExpression: `SET ${set.join(', ')}`,
          // Never back from a final status, and a bounded log.
          ConditionExpression: '#status = :pending AND size(attempts) < :max',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':status': status,
            ':pending': 'pending',
            ':max': MAX_LOGGED_ATTEMPTS,
            ...(attempt ? { ':attempt': [attempt] } : {}),
            ...(status === 'delivered' && attempt ? { ':at': attempt.at } : {}),
          },
        }),
      )
      .catch((error: unknown) => {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      });
  }

  async listDeliveries(subscriptionId: string, limit: number, cursor?: string): Promise<{ deliveries: Delivery[]; nextCursor?: string }> {
    const after = cursor === undefined ? undefined : deliveryCursor.decode(cursor, subscriptionId);
    const start = after ? webhookDeliveryKey(subscriptionId, after.occurredAt, after.eventId) : undefined;
    const { Items = [], LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': webhookDeliveryPk(subscriptionId) },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: start,
      }),
    );
    const last = Items.at(-1);
    return {
      deliveries: Items.map(deliveryOf),
      ...(LastEvaluatedKey && last
        ? { nextCursor: deliveryCursor.encode({ occurredAt: String(last.occurredAt), eventId: String(last.eventId) }, subscriptionId) }
        : {}),
    };
  }

  async getSource(source: WebhookEvent['source']): Promise<Answer | Alert | Anomaly | null> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: sourceKey(source), ConsistentRead: true }));
    if (!Item) return null;
    if (source.kind === 'anomaly') return fromItem<Anomaly>(Item, ['notifiedAt']);
    return source.kind === 'answer' ? answerOf(Item, source) : alertOf(Item);
  }
}

/**
 * For a customer's export and erasure (functions/privacy): the log entries of these sources on every subscription's log,
 * with their keys. One Query per subscription and source, over the instants the source's events fell between.
 */
export async function deliveriesOfSources(
  client: DynamoDBDocumentClient,
  tableName: string,
  sources: DeliverySource[],
): Promise<Array<{ key: Key; delivery: Delivery }>> {
  if (sources.length === 0) return [];
  const subscriptions = await queryAll(client, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': WEBHOOKS_PK },
    ProjectionExpression: 'sk',
  });
  const found: Array<{ key: Key; delivery: Delivery }> = [];
  for (const { sk: subscriptionId } of subscriptions) {
    for (const source of sources) {
      const items = await queryAll(client, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        FilterExpression: '#source.pk = :spk AND #source.sk = :ssk',
        ExpressionAttributeNames: { '#source': 'source' },
        ExpressionAttributeValues: {
          ':pk': webhookDeliveryPk(String(subscriptionId)),
          ':from': webhookDeliveryKey(String(subscriptionId), source.from, '').sk,
          ':to': `${webhookDeliveryKey(String(subscriptionId), source.to, '').sk}\uffff`,
          ':spk': source.pk,
          ':ssk': source.sk,
        },
        ConsistentRead: true,
      });
      found.push(...items.map((item) => ({ key: { pk: String(item.pk), sk: String(item.sk) }, delivery: deliveryOf(item) })));
    }
  }
  return found;
}
