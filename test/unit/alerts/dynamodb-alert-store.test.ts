import { ConditionalCheckFailedException, DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DynamoDbAlertStore, alertIdOf, alertRefOf } from '../../../functions/alerts/alert-store.js';
import { InvalidInput } from '../../../functions/shared/errors.js';
import type { Alert } from '../../../functions/domain/alerts.js';

const ddb = mockClient(DynamoDBDocumentClient);
const store = new DynamoDbAlertStore(DynamoDBDocumentClient.from(new DynamoDBClient({})), 'feedback-test');
const ref = { customerId: 'cust-42', occurredAt: '2026-03-02T09:30:00.000Z', interactionId: 'call-7781' };
const alert: Alert = {
  alertId: alertIdOf(ref),
  surveyId: 'survey-1',
  customerId: 'cust-42',
  interactionId: 'call-7781',
  channel: 'voice',
  csat: 1,
  reasons: ['csat'],
  status: 'open',
  createdAt: '2026-03-02T10:00:00.000Z',
  updatedAt: '2026-03-02T10:00:00.000Z',
  history: [{ status: 'open', by: 'system', at: '2026-03-02T10:00:00.000Z' }],
};

afterEach(() => {
  ddb.reset();
});

describe('DynamoDbAlertStore', () => {
  it("puts the alert next to the answer, in the customer's partition, only if none exists for the survey", async () => {
    ddb.on(PutCommand).resolves({});
    expect(await store.createAlert(alert, ref)).toBe(true);
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      TableName: 'feedback-test',
      Item: expect.objectContaining({ pk: 'CUSTOMER#cust-42', sk: 'T#2026-03-02T09:30:00.000Z#call-7781#4-ALERT', gsi2pk: 'ALERTS#open', type: 'Alert', status: 'open' }),
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('answers false for a survey that already has its alert', async () => {
    ddb.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }));
    expect(await store.createAlert(alert, ref)).toBe(false);
  });

  it('closes conditioned on the status read, and records the close duration in the same transaction', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    await store.transition(alert, 'closed', 'manager-1', '2026-03-02T11:00:00.000Z');
    const input = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input;
    expect(input.TransactItems?.[0]?.Update).toMatchObject({ ConditionExpression: '#status = :from', ExpressionAttributeValues: expect.objectContaining({ ':from': 'open', ':to': 'closed', ':gpk': 'ALERTS#closed' }) });
    expect(input.TransactItems?.[1]?.Update).toMatchObject({ Key: { pk: 'ALERTSTAT#voice', sk: '2026-03-02' }, ExpressionAttributeValues: expect.objectContaining({ ':d': [3600] }) });
  });

  it('answers false when another manager moved the alert first', async () => {
    ddb.on(TransactWriteCommand).rejects(new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }] }));
    expect(await store.transition(alert, 'contacted', 'manager-1', '2026-03-02T11:00:00.000Z')).toBe(false);
  });

  it('pages with a cursor that holds only the index position, and rebuilds the whole start key from it', async () => {
    // Prepare
    const stored = { ...alert, pk: 'CUSTOMER#cust-42', sk: 'T#2026-03-02T09:30:00.000Z#call-7781#4-ALERT', gsi2pk: 'ALERTS#open', gsi2sk: `${alert.createdAt}#${alert.alertId}` };
    ddb.on(QueryCommand).resolvesOnce({ Items: [stored], LastEvaluatedKey: { pk: stored.pk, sk: stored.sk, gsi2pk: stored.gsi2pk, gsi2sk: stored.gsi2sk } }).resolves({ Items: [] });

    // Act
    const first = await store.listAlerts({ status: 'open', limit: 1 });
    await store.listAlerts({ status: 'open', limit: 1, cursor: first.nextCursor! });

    // Assess
    expect(ddb.commandCalls(QueryCommand)[1]!.args[0].input.ExclusiveStartKey).toEqual({ pk: stored.pk, sk: stored.sk, gsi2pk: stored.gsi2pk, gsi2sk: stored.gsi2sk });
  });

  it.each([
    ['not base64url', '***'],
    ['JSON of a key', Buffer.from(JSON.stringify({ gsi2pk: 'ALERTS#open', gsi2sk: 'x' })).toString('base64url')],
    ['no alert id', Buffer.from('2026-03-02T10:00:00.000Z#').toString('base64url')],
    ['a forged alert id', Buffer.from('2026-03-02T10:00:00.000Z#bm90LWFuLWFsZXJ0').toString('base64url')],
    ['the index sort key the cursor once was', Buffer.from('2026-03-02T10:00:00.000Z#Y3VzdC00MiMyMDI2LTAzLTAyVDA5OjMwOjAwLjAwMFojY2FsbC03Nzgx').toString('base64url')],
  ])('refuses a cursor it did not make (%s) with a 400, and reads nothing', async (_, cursor) => {
    await expect(store.listAlerts({ status: 'open', limit: 10, cursor })).rejects.toBeInstanceOf(InvalidInput);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it("names alerts of ids holding '|', which ingest accepts, and finds them again", () => {
    const piped = { customerId: 'cus|1', occurredAt: '2026-03-02T09:30:00.000Z', interactionId: 'call|7' };
    expect(alertRefOf(alertIdOf(piped))).toEqual(piped);
  });
});
