import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DynamoDbWebhookStore } from '../../../functions/webhooks/dynamodb-webhook-store.js';
import type { Delivery } from '../../../functions/webhooks/webhook-store.js';

const ddb = mockClient(DynamoDBDocumentClient);
const store = new DynamoDbWebhookStore(DynamoDBDocumentClient.from(new DynamoDBClient({})), 'feedback-test');
const ref = { subscriptionId: 'sub-1', occurredAt: '2026-03-02T10:00:00.000Z', eventId: 'evt_1' };
const key = { pk: 'WEBHOOK#sub-1', sk: 'D#2026-03-02T10:00:00.000Z#evt_1' };
/** The alert a delivery is about, as the domain names it and as the item stores it (the erasure finds deliveries by it). */
const source = { kind: 'alert', customerId: 'cust-42', occurredAt: '2026-03-02T09:30:00.000Z', interactionId: 'call-7781' } as const;
const SOURCE_KEY = { pk: 'CUSTOMER#cust-42', sk: 'T#2026-03-02T09:30:00.000Z#call-7781#4-ALERT' };

afterEach(() => {
  ddb.reset();
});

describe('DynamoDbWebhookStore', () => {
  it('records a delivery once per subscription and event, expiring after 30 days', async () => {
    ddb.on(PutCommand).resolves({});
    const delivery: Delivery = {
      ...ref,
      event: 'alert.created',
      source,
      status: 'pending',
      attempts: [],
      createdAt: '2026-03-02T10:00:01.000Z',
    };
    await store.recordDelivery(delivery);
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({
        ...key,
        type: 'WebhookDelivery',
        event: 'alert.created',
        source: SOURCE_KEY,
        ttl: Math.floor(Date.parse('2026-03-02T10:00:01.000Z') / 1000) + 30 * 86_400,
      }),
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('answers the stored delivery when it was recorded already', async () => {
    ddb.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }));
    ddb.on(GetCommand).resolves({ Item: { ...key, type: 'WebhookDelivery', ...ref, source: SOURCE_KEY, status: 'delivered', attempts: [] } });
    const { created, delivery } = await store.recordDelivery({
      ...ref,
      event: 'alert.created',
      source,
      status: 'pending',
      attempts: [],
      createdAt: 'x',
    });
    expect(created).toBe(false);
    expect(delivery.status).toBe('delivered');
    expect(delivery.source).toEqual(source);
  });

  it('logs a failed attempt and keeps the delivery pending, only while it is pending', async () => {
    ddb.on(UpdateCommand).resolves({});
    await store.recordAttempt(ref, { at: '2026-03-02T10:00:02.000Z', status: 500, ms: 4 }, 'pending');
    expect(ddb).toHaveReceivedCommandExactlyOnceWith(UpdateCommand, {
      TableName: 'feedback-test',
      Key: key,
      UpdateExpression: 'SET #status = :status, attempts = list_append(attempts, :attempt)',
      ConditionExpression: '#status = :pending AND size(attempts) < :max',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':status': 'pending',
        ':pending': 'pending',
        ':max': 20,
        ':attempt': [{ at: '2026-03-02T10:00:02.000Z', status: 500, ms: 4 }],
      },
    });
  });

  it('records when a delivery succeeded', async () => {
    ddb.on(UpdateCommand).resolves({});
    await store.recordAttempt(ref, { at: '2026-03-02T10:00:03.000Z', status: 204, ms: 4 }, 'delivered');
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      UpdateExpression: 'SET #status = :status, attempts = list_append(attempts, :attempt), deliveredAt = :at',
      ExpressionAttributeValues: expect.objectContaining({ ':status': 'delivered', ':at': '2026-03-02T10:00:03.000Z' }),
    });
  });
});
