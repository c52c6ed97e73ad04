import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DynamoDbAlertStore } from '../../../functions/alerts/dynamodb-alert-store.js';
import { InvalidInput } from '../../../functions/shared/errors.js';
import { moveAlert, type Alert, type AlertStatus } from '../../../functions/domain/alerts.js';

const ddb = mockClient(DynamoDBDocumentClient);
const store = new DynamoDbAlertStore(DynamoDBDocumentClient.from(new DynamoDBClient({})), 'feedback-test');
const ref = { customerId: 'cust-42', occurredAt: '2026-03-02T09:30:00.000Z', interactionId: 'call-7781' };
const ALERT_KEY = { pk: 'CUSTOMER#cust-42', sk: 'T#2026-03-02T09:30:00.000Z#call-7781#4-ALERT' };
const alert: Alert = {
  alertId: 'alt_00112233445566778899aabbccddeeff',
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

/** The alert as the domain moves it: what the store is given to store. */
function moved(to: AlertStatus, by: string, at: string): Alert {
  const move = moveAlert(alert, to, by, at);
  if (!('moved' in move)) throw new Error(move.refused);
  return move.moved;
}

afterEach(() => {
  ddb.reset();
});

describe('DynamoDbAlertStore', () => {
  it("puts the alert next to the answer, in the customer's partition, with its id's lookup, only if none exists and the answer does", async () => {
    ddb.on(TransactWriteCommand).resolves({});
    expect(await store.createAlert(alert, ref)).toBe(true);
    const [put, lookup, answer] = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(put!.Put).toMatchObject({
      TableName: 'feedback-test',
      Item: expect.objectContaining({ ...ALERT_KEY, gsi2pk: 'ALERTS#open', type: 'Alert', status: 'open' }),
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(lookup!.Put).toMatchObject({
      Item: { pk: `ALERT#${alert.alertId}`, sk: 'ALERT', type: 'AlertLookup', v: 1, alertPk: ALERT_KEY.pk, alertSk: ALERT_KEY.sk },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(answer!.ConditionCheck).toMatchObject({
      Key: { pk: 'CUSTOMER#cust-42', sk: 'T#2026-03-02T09:30:00.000Z#call-7781#3-ANSWER' },
      ConditionExpression: 'attribute_exists(pk)',
    });
  });

  it('answers false for a survey that already has its alert, or whose answer was erased', async () => {
    ddb.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'None' }, { Code: 'None' }, { Code: 'ConditionalCheckFailed' }],
      }),
    );
    expect(await store.createAlert(alert, ref)).toBe(false);
  });

  it('finds an alert by its opaque id through the lookup, and answers null for an id no alert has', async () => {
    ddb.on(GetCommand).resolves({});
    ddb
      .on(GetCommand, { Key: { pk: `ALERT#${alert.alertId}`, sk: 'ALERT' } })
      .resolves({ Item: { pk: `ALERT#${alert.alertId}`, sk: 'ALERT', alertPk: ALERT_KEY.pk, alertSk: ALERT_KEY.sk } });
    ddb.on(GetCommand, { Key: ALERT_KEY }).resolves({ Item: { ...ALERT_KEY, type: 'Alert', ...alert } });
    expect(await store.getAlert(alert.alertId)).toEqual(alert);
    expect(await store.getAlert('alt_ffffffffffffffffffffffffffffffff')).toBeNull();
  });

  it('reads an alert of the old id format (base64url of its place) without a lookup, and refuses ids it never made', async () => {
    const legacyId = Buffer.from('cust-42#2026-03-02T09:30:00.000Z#call-7781').toString('base64url');
    ddb.on(GetCommand).resolves({ Item: { ...ALERT_KEY, type: 'Alert', ...alert, alertId: legacyId } });
    expect(await store.getAlert(legacyId)).toMatchObject({ alertId: legacyId });
    expect(ddb.commandCalls(GetCommand).map((c) => c.args[0].input.Key)).toEqual([ALERT_KEY]);
    await expect(store.getAlert('not an id!')).rejects.toBeInstanceOf(InvalidInput);
  });

  it('closes conditioned on the status read, and records the close duration in the same transaction', async () => {
    ddb.on(GetCommand).resolves({ Item: { pk: `ALERT#${alert.alertId}`, sk: 'ALERT', alertPk: ALERT_KEY.pk, alertSk: ALERT_KEY.sk } });
    ddb.on(TransactWriteCommand).resolves({});
    await store.transition(alert, moved('closed', 'manager-1', '2026-03-02T11:00:00.000Z'));
    const input = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input;
    expect(input.TransactItems?.[0]?.Update).toMatchObject({
      Key: ALERT_KEY,
      ConditionExpression: '#status = :from',
      ExpressionAttributeValues: expect.objectContaining({ ':from': 'open', ':to': 'closed', ':gpk': 'ALERTS#closed' }),
    });
    expect(input.TransactItems?.[1]?.Update).toMatchObject({
      Key: { pk: 'ALERTSTAT#voice', sk: '2026-03-02' },
      ExpressionAttributeValues: expect.objectContaining({ ':d': [3600] }),
    });
  });

  it('answers false when another manager moved the alert first', async () => {
    ddb.on(GetCommand).resolves({ Item: { pk: `ALERT#${alert.alertId}`, sk: 'ALERT', alertPk: ALERT_KEY.pk, alertSk: ALERT_KEY.sk } });
    ddb
      .on(TransactWriteCommand)
      .rejects(
        new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }] }),
      );
    expect(await store.transition(alert, moved('contacted', 'manager-1', '2026-03-02T11:00:00.000Z'))).toBe(false);
  });

  it('pages with a cursor that holds only the index position, read back as a key condition', async () => {
    // Prepare
    const stored = {
      ...alert,
      pk: 'CUSTOMER#cust-42',
      sk: 'T#2026-03-02T09:30:00.000Z#call-7781#4-ALERT',
      gsi2pk: 'ALERTS#open',
      gsi2sk: `${alert.createdAt}#${alert.alertId}`,
    };
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [stored], LastEvaluatedKey: { pk: stored.pk, sk: stored.sk, gsi2pk: stored.gsi2pk, gsi2sk: stored.gsi2sk } })
      .resolves({ Items: [] });

    // Act
    const first = await store.listAlerts({ status: 'open', limit: 1 });
    await store.listAlerts({ status: 'open', limit: 1, cursor: first.nextCursor! });

    // Assess
    const next = ddb.commandCalls(QueryCommand)[1]!.args[0].input;
    expect(next).toMatchObject({
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :before',
      ExpressionAttributeValues: { ':pk': 'ALERTS#open', ':before': stored.gsi2sk },
    });
    expect(next.ExclusiveStartKey).toBeUndefined();
  });

  it.each([
    ['not base64url', '***'],
    ['JSON of a key', Buffer.from(JSON.stringify({ gsi2pk: 'ALERTS#open', gsi2sk: 'x' })).toString('base64url')],
    ['no alert id', Buffer.from('2026-03-02T10:00:00.000Z#').toString('base64url')],
    ['a forged alert id', Buffer.from('2026-03-02T10:00:00.000Z#bm90LWFuLWFsZXJ0').toString('base64url')],
    [
      'the index sort key the cursor once was',
      Buffer.from('2026-03-02T10:00:00.000Z#Y3VzdC00MiMyMDI2LTAzLTAyVDA5OjMwOjAwLjAwMFojY2FsbC03Nzgx').toString('base64url'),
    ],
  ])('refuses a cursor it did not make (%s) with a 400, and reads nothing', async (_, cursor) => {
    await expect(store.listAlerts({ status: 'open', limit: 10, cursor })).rejects.toBeInstanceOf(InvalidInput);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });
});
