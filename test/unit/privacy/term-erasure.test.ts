// Erasing an answer takes its comment's words out of the term counts, in the answer's own transaction.
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DynamoDbCustomerDataStore } from '../../../functions/privacy/dynamodb-customer-data.js';

const ddb = mockClient(DynamoDBDocumentClient);
const store = new DynamoDbCustomerDataStore(DynamoDBDocumentClient.from(new DynamoDBClient({})), 'feedback-test');
const answer = {
  pk: 'CUSTOMER#c-1',
  sk: 'T#2026-03-02T09:00:00.000Z#i-1#3-ANSWER',
  type: 'Answer',
  channel: 'chat',
  firstAnsweredAt: '2026-03-02T10:00:00.000Z',
  keywords: ['quillfeather', 'refund'],
};
const termsKey = (shard: number) => ({ pk: `AGG#terms#${shard}`, sk: '2026-03-02#chat' });

afterEach(() => {
  ddb.reset();
});

describe('erasing an answer', () => {
  it('removes a word only this comment had from every shard, and counts one less of a word others had too', async () => {
    // Prepare: 'quillfeather' counted once on shard 2 (and an edit's +1/-1 pair on shards 4 and 5); 'refund' 3 times on shard 4
    ddb.on(GetCommand).resolves({});
    ddb.on(GetCommand, { Key: termsKey(2) }).resolves({ Item: { w_quillfeather: 1 } });
    ddb.on(GetCommand, { Key: termsKey(4) }).resolves({ Item: { w_quillfeather: 1, w_refund: 3 } });
    ddb.on(GetCommand, { Key: termsKey(5) }).resolves({ Item: { w_quillfeather: -1 } });
    ddb.on(TransactWriteCommand).resolves({});

    // Act
    await store.erase({ deliveries: [], answers: [answer], keys: [] });

    // Assess
    const [del, ...updates] = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(del!.Delete).toMatchObject({ Key: { pk: answer.pk, sk: answer.sk }, ConditionExpression: 'attribute_exists(pk)' });
    expect(updates.map((u) => u.Update)).toEqual([
      expect.objectContaining({
        Key: termsKey(2),
        UpdateExpression: 'REMOVE #f0',
        ConditionExpression: '#f0 = :n0',
        ExpressionAttributeNames: { '#f0': 'w_quillfeather' },
        ExpressionAttributeValues: { ':n0': 1 },
      }),
      expect.objectContaining({
        Key: termsKey(4),
        UpdateExpression: 'REMOVE #f0 ADD #f1 :minus',
        ConditionExpression: '#f0 = :n0 AND #f1 = :n1',
        ExpressionAttributeValues: { ':n0': 1, ':n1': 3, ':minus': -1 },
      }),
      expect.objectContaining({ Key: termsKey(5), UpdateExpression: 'REMOVE #f0', ExpressionAttributeValues: { ':n0': -1 } }),
    ]);
  });

  it('subtracts nothing twice: an answer an earlier run erased is left as it is', async () => {
    ddb.on(GetCommand).resolves({ Item: { w_quillfeather: 1 } });
    ddb
      .on(TransactWriteCommand)
      .rejects(new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'ConditionalCheckFailed' }] }));
    await store.erase({ deliveries: [], answers: [answer], keys: [] });
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });

  it('reads the counts again when the aggregator moved them meanwhile', async () => {
    ddb.on(GetCommand).resolves({ Item: { w_quillfeather: 1 } });
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(
        new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }] }),
      )
      .resolves({});
    await store.erase({ deliveries: [], answers: [answer], keys: [] });
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 2);
    expect(ddb.commandCalls(GetCommand).length).toBe(16);
  });
});
