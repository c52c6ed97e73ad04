import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultDefinition, type SurveyDefinition } from '../../../functions/domain/survey-definition.js';
import { DynamoDbDefinitionStore } from '../../../functions/programs/dynamodb-definition-store.js';

const TABLE = 'feedback-test';
const dynamo = mockClient(DynamoDBDocumentClient);
const store = new DynamoDbDefinitionStore(DynamoDBDocumentClient.from(new DynamoDBClient({})), TABLE);
const KEY = { pk: 'SURVEY#chat', sk: 'DEFINITION' };

const chatProgram: SurveyDefinition = {
  ...defaultDefinition('chat'),
  questions: ['ces', 'comment'],
  lead: 'ces',
  sendDelayMinutes: 30,
  version: 3,
  updatedAt: '2026-03-01T12:00:00.000Z',
  updatedBy: 'manager-1',
};

afterEach(() => {
  dynamo.reset();
});

describe('DynamoDbDefinitionStore.get', () => {
  it("reads the channel's program consistently, without its key and bookkeeping attributes", async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({ Item: { ...KEY, type: 'SurveyDefinition', v: 1, ...chatProgram } });

    // Act
    const program = await store.get('chat');

    // Assess
    expect(program).toEqual(chatProgram);
    expect(dynamo).toHaveReceivedCommandExactlyOnceWith(GetCommand, { TableName: TABLE, Key: KEY, ConsistentRead: true });
  });

  it('answers the defaults, version 0, for a channel nobody configured', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({});

    // Act
    const program = await store.get('chat');

    // Assess
    expect(program).toEqual(defaultDefinition('chat'));
    expect(program.version).toBe(0);
  });

  it('fills a field an older program never had with its default', async () => {
    // Prepare
    const { throttleDays: _throttle, reminder: _reminder, ...older } = chatProgram;
    dynamo.on(GetCommand).resolves({ Item: { ...KEY, type: 'SurveyDefinition', v: 1, ...older } });

    // Act
    const program = await store.get('chat');

    // Assess
    expect(program).toEqual({ ...chatProgram, throttleDays: 0, reminder: { enabled: true, afterDays: 3 } });
  });
});

describe('DynamoDbDefinitionStore.put', () => {
  it('saves the first version only if none was saved', async () => {
    // Prepare
    dynamo.on(PutCommand).resolves({});
    const first = { ...chatProgram, version: 1 };

    // Act
    const saved = await store.put(first, 0);

    // Assess
    expect(saved).toBe(true);
    expect(dynamo).toHaveReceivedCommandExactlyOnceWith(PutCommand, {
      TableName: TABLE,
      Item: { ...KEY, type: 'SurveyDefinition', v: 1, ...first },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('saves the next version only over the version that was read', async () => {
    // Prepare
    dynamo.on(PutCommand).resolves({});
    const next = { ...chatProgram, version: 4 };

    // Act
    const saved = await store.put(next, 3);

    // Assess
    expect(saved).toBe(true);
    expect(dynamo).toHaveReceivedCommandExactlyOnceWith(PutCommand, {
      TableName: TABLE,
      Item: { ...KEY, type: 'SurveyDefinition', v: 1, ...next },
      ConditionExpression: 'version = :expected',
      ExpressionAttributeValues: { ':expected': 3 },
    });
  });

  it('answers false when someone else saved meanwhile', async () => {
    // Prepare
    dynamo.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));

    // Act
    const saved = await store.put({ ...chatProgram, version: 4 }, 3);

    // Assess
    expect(saved).toBe(false);
  });

  it('lets any other error through', async () => {
    // Prepare
    const failure = new Error('network down');
    dynamo.on(PutCommand).rejects(failure);

    // Act
    const saving = store.put({ ...chatProgram, version: 4 }, 3);

    // Assess
    await expect(saving).rejects.toBe(failure);
  });
});
