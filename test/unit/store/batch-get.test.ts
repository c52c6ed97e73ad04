import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { BATCH_GET_ATTEMPTS, batchGetAll } from '../../../functions/store/batch-get.js';
import { profileKey } from '../../../functions/store/keys.js';

const TABLE = 'feedback-test';
const dynamo = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));

afterEach(() => dynamo.reset());

describe('batchGetAll', () => {
  it('reads 100 keys a request, each key once', async () => {
    // Prepare
    const keys = Array.from({ length: 150 }, (_, i) => profileKey(`c-${i}`));
    dynamo.on(BatchGetCommand).callsFake((input) => ({ Responses: { [TABLE]: input.RequestItems[TABLE].Keys.map((k: object) => ({ ...k })) } }));

    // Act
    const items = await batchGetAll(client, TABLE, [...keys, keys[0]!]);

    // Assess
    expect(dynamo.commandCalls(BatchGetCommand).map((call) => call.args[0].input.RequestItems?.[TABLE]?.Keys?.length)).toEqual([100, 50]);
    expect(items).toHaveLength(150);
  });

  it('asks again for the keys a request left unprocessed, and answers every item', async () => {
    // Prepare
    dynamo
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { [TABLE]: [{ ...profileKey('c-1'), id: 'c-1' }] }, UnprocessedKeys: { [TABLE]: { Keys: [profileKey('c-2')] } } })
      .resolvesOnce({ Responses: { [TABLE]: [{ ...profileKey('c-2'), id: 'c-2' }] } });

    // Act
    const items = await batchGetAll(client, TABLE, [profileKey('c-1'), profileKey('c-2')]);

    // Assess
    expect(dynamo.commandCalls(BatchGetCommand)[1]!.args[0].input.RequestItems).toEqual({ [TABLE]: { Keys: [profileKey('c-2')] } });
    expect(items.map((item) => item.id)).toEqual(['c-1', 'c-2']);
  });

  it('rejects when DynamoDB keeps leaving keys unprocessed, rather than answering fewer items', async () => {
    // Prepare
    dynamo.on(BatchGetCommand).resolves({ Responses: { [TABLE]: [] }, UnprocessedKeys: { [TABLE]: { Keys: [profileKey('c-1')] } } });

    // Act
    const reading = batchGetAll(client, TABLE, [profileKey('c-1')]);

    // Assess
    await expect(reading).rejects.toThrow('BatchGetItem left 1 keys unprocessed');
    expect(dynamo).toHaveReceivedCommandTimes(BatchGetCommand, BATCH_GET_ATTEMPTS);
  });

  it('sends no request for no keys', async () => {
    expect(await batchGetAll(client, TABLE, [])).toEqual([]);
    expect(dynamo).toHaveReceivedCommandTimes(BatchGetCommand, 0);
  });
});
