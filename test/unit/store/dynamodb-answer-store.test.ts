import { ConditionalCheckFailedException, DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_REVISIONS, type Answer } from '../../../functions/domain/model.js';
import { Expired } from '../../../functions/shared/errors.js';
import { DynamoDbAnswerStore } from '../../../functions/store/dynamodb-answer-store.js';
import { answerKey, answersByDayKey, customerPk, invitationKey, tokenKey } from '../../../functions/store/keys.js';
import { ConcurrentAnswer } from '../../../functions/store/answer-store.js';
import { nextAnswer } from '../../../functions/domain/answers.js';
import { anInvitation, NOW, REF, TOKEN } from '../support/fixtures.js';

const TABLE = 'feedback-test';
const NOW_ISO = NOW.toISOString();

const dynamo = mockClient(DynamoDBDocumentClient);
const store = new DynamoDbAnswerStore(DynamoDBDocumentClient.from(new DynamoDBClient({})), TABLE);

afterEach(() => {
  dynamo.reset();
  vi.restoreAllMocks();
});

type Reason = string | { Code: string; Item: Record<string, unknown> };

/** DynamoDB's refusal of a transaction: one reason per item, in order ('None' where the item was fine). */
function cancelled(...reasons: Reason[]): TransactionCanceledException {
  return new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: reasons.map((reason) => (typeof reason === 'string' ? { Code: reason } : reason)) as never,
  });
}

function conditionFailed(): ConditionalCheckFailedException {
  return new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
}

describe('DynamoDbAnswerStore.unsubscribe', () => {
  it('answers false for a customer without a profile, creating none', async () => {
    // Prepare
    dynamo.on(UpdateCommand).rejects(conditionFailed());

    // Act
    const done = await store.unsubscribe('cust-unknown', NOW_ISO);

    // Assess
    expect(done).toBe(false);
  });

  it('lets any other error through', async () => {
    // Prepare
    const failure = new Error('network down');
    dynamo.on(UpdateCommand).rejects(failure);

    // Act
    const unsubscribing = store.unsubscribe(REF.customerId, NOW_ISO);

    // Assess
    await expect(unsubscribing).rejects.toBe(failure);
  });
});

const invitationItem = (overrides = {}) => ({
  ...invitationKey(REF.customerId, REF.occurredAt, REF.interactionId),
  type: 'Invitation',
  v: 1,
  ...anInvitation(overrides),
});

const answer: Answer = {
  csat: 4,
  comment: 'Quick and kind',
  surveyId: anInvitation().surveyId,
  interactionId: REF.interactionId,
  customerId: REF.customerId,
  channel: 'voice',
  sentAt: '2026-03-02T09:31:05.000Z',
  firstAnsweredAt: '2026-03-02T09:40:00.000Z',
  answeredAt: '2026-03-02T09:45:00.000Z',
  revision: 2,
};
const answerItem = { ...answerKey(REF.customerId, REF.occurredAt, REF.interactionId), type: 'Answer', v: 1, ...answer };

describe('DynamoDbAnswerStore.findByToken', () => {
  const tokenItem = { ...tokenKey(TOKEN), type: 'SurveyToken', v: 1, ...REF, expiresAt: anInvitation().expiresAt, ttl: 1 };

  it('follows the token to its interaction and reads the invitation and answer in one query', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({ Item: tokenItem });
    dynamo.on(QueryCommand).resolves({ Items: [answerItem, invitationItem()] });

    // Act
    const found = await store.findByToken(TOKEN);

    // Assess
    expect(found).toEqual({ invitation: anInvitation(), answer });
    expect(dynamo).toHaveReceivedCommandExactlyOnceWith(GetCommand, { TableName: TABLE, Key: tokenKey(TOKEN) });
    expect(dynamo).toHaveReceivedCommandExactlyOnceWith(QueryCommand, {
      TableName: TABLE,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': customerPk(REF.customerId), ':prefix': `T#${REF.occurredAt}#${REF.interactionId}#` },
      ConsistentRead: true,
    });
  });

  it('answers null for an unanswered survey’s answer', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({ Item: tokenItem });
    dynamo.on(QueryCommand).resolves({ Items: [invitationItem()] });

    // Act
    const found = await store.findByToken(TOKEN);

    // Assess
    expect(found?.answer).toBeNull();
  });

  it('returns null for an unknown token without querying further', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({});

    // Act
    const found = await store.findByToken(TOKEN);

    // Assess
    expect(found).toBeNull();
    expect(dynamo).not.toHaveReceivedCommand(QueryCommand);
  });

  it('returns null when the invitation no longer carries that token', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({ Item: tokenItem });
    dynamo.on(QueryCommand).resolves({ Items: [invitationItem({ token: 'another-token-another-token-0000' })] });

    // Act
    const found = await store.findByToken(TOKEN);

    // Assess
    expect(found).toBeNull();
  });
});

describe('DynamoDbAnswerStore.saveAnswer', () => {
  const later = '2026-03-02T11:00:00.000Z';
  const invitationUpdate = {
    Update: {
      TableName: TABLE,
      Key: invitationKey(REF.customerId, REF.occurredAt, REF.interactionId),
      UpdateExpression: 'SET #status = :answered, answeredAt = :now',
      ConditionExpression: 'attribute_exists(pk) AND expiresAt > :now',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':answered': 'answered', ':now': later },
    },
  };

  it('stores a first answer only if there is none yet, and marks the live invitation answered', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    const saved = nextAnswer(anInvitation(), null, { csat: 5, resolved: true }, later);
    await store.saveAnswer(anInvitation(), saved);

    // Assess
    const expected: Answer = {
      csat: 5,
      resolved: true,
      surveyId: anInvitation().surveyId,
      interactionId: REF.interactionId,
      customerId: REF.customerId,
      channel: 'voice',
      sentAt: anInvitation().createdAt,
      firstAnsweredAt: later,
      answeredAt: later,
      revision: 1,
    };
    expect(saved).toEqual(expected);
    expect(dynamo).toHaveReceivedCommandExactlyOnceWith(TransactWriteCommand, {
      TransactItems: [
        invitationUpdate,
        {
          Put: {
            TableName: TABLE,
            Item: {
              ...answerKey(REF.customerId, REF.occurredAt, REF.interactionId),
              ...answersByDayKey(later, expected.surveyId),
              type: 'Answer',
              v: 1,
              ...expected,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
    });
  });

  it('replaces an answer only if it is still the revision that was read, keeping when it was first answered', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    const saved = nextAnswer(anInvitation(), answer, { nps: 9 }, later);
    await store.saveAnswer(anInvitation(), saved);

    // Assess
    const expected: Answer = {
      nps: 9,
      surveyId: answer.surveyId,
      interactionId: REF.interactionId,
      customerId: REF.customerId,
      channel: 'voice',
      sentAt: anInvitation().createdAt,
      firstAnsweredAt: answer.firstAnsweredAt,
      answeredAt: later,
      revision: 3,
    };
    expect(saved).toEqual(expected);
    expect(dynamo).toHaveReceivedCommandExactlyOnceWith(TransactWriteCommand, {
      TransactItems: [
        invitationUpdate,
        {
          Put: {
            TableName: TABLE,
            Item: {
              ...answerKey(REF.customerId, REF.occurredAt, REF.interactionId),
              ...answersByDayKey(later, expected.surveyId),
              type: 'Answer',
              v: 1,
              ...expected,
            },
            ConditionExpression: 'revision = :rev AND revision < :max',
            ExpressionAttributeValues: { ':rev': 2, ':max': MAX_REVISIONS },
          },
        },
      ],
    });
  });

  it('refuses with Expired when the invitation has expired (or vanished)', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));

    // Act
    const saving = store.saveAnswer(anInvitation(), nextAnswer(anInvitation(), null, { csat: 5 }, later));

    // Assess
    await expect(saving).rejects.toBeInstanceOf(Expired);
  });

  it.each(['ConditionalCheckFailed', 'TransactionConflict'])('reports a concurrent answer when the answer write fails with %s', async (code) => {
    // Prepare
    dynamo.on(TransactWriteCommand).rejects(cancelled('None', code));

    // Act
    const saving = store.saveAnswer(anInvitation(), nextAnswer(anInvitation(), null, { csat: 5 }, later));

    // Assess
    await expect(saving).rejects.toBeInstanceOf(ConcurrentAnswer);
  });

  it('lets any other error through', async () => {
    // Prepare
    const failure = new Error('network down');
    dynamo.on(TransactWriteCommand).rejects(failure);

    // Act
    const saving = store.saveAnswer(anInvitation(), nextAnswer(anInvitation(), null, { csat: 5 }, later));

    // Assess
    await expect(saving).rejects.toBe(failure);
  });
});
