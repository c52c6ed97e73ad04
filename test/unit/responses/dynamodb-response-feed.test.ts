import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DynamoDbResponseFeed } from '../../../functions/responses/dynamodb-response-feed.js';
import { profileKey } from '../../../functions/store/keys.js';
import { aProfile } from '../support/fixtures.js';

const TABLE = 'feedback-test';
const dynamo = mockClient(DynamoDBDocumentClient);
const feed = new DynamoDbResponseFeed(DynamoDBDocumentClient.from(new DynamoDBClient({})), TABLE);

afterEach(() => dynamo.reset());

describe('DynamoDbResponseFeed.profiles', () => {
  it("answers each customer's profile by id, without the table's own attributes", async () => {
    // Prepare
    dynamo.on(BatchGetCommand).resolves({
      Responses: { [TABLE]: [{ ...profileKey('c-1'), type: 'Customer', v: 1, addresses: new Set(['ana@example.org']), ...aProfile({ id: 'c-1' }) }] },
    });

    // Act
    const profiles = await feed.profiles(['c-1', 'c-1']);

    // Assess
    expect(dynamo).toHaveReceivedCommandWith(BatchGetCommand, { RequestItems: { [TABLE]: { Keys: [profileKey('c-1')] } } });
    expect([...profiles]).toEqual([['c-1', aProfile({ id: 'c-1' })]]);
  });

  it('fails the page rather than leaving out a profile DynamoDB keeps leaving unprocessed', async () => {
    // Prepare
    dynamo
      .on(BatchGetCommand)
      .resolves({ Responses: { [TABLE]: [{ ...aProfile({ id: 'c-1' }) }] }, UnprocessedKeys: { [TABLE]: { Keys: [profileKey('c-2')] } } });

    // Act
    const reading = feed.profiles(['c-1', 'c-2']);

    // Assess
    await expect(reading).rejects.toThrow('unprocessed');
  });
});
