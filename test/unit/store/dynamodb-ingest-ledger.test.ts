import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Interaction, SurveyOutcome } from '../../../functions/domain/model.js';
import { DynamoDbIngestLedger } from '../../../functions/store/dynamodb-ingest-ledger.js';
import {
  customerPk,
  interactionGuardKey,
  interactionKey,
  invitationKey,
  profileKey,
  suppressionKey,
  tokenKey,
  unsubscribeTokenKey,
} from '../../../functions/store/keys.js';
import type { NewInteraction } from '../../../functions/store/ingest-ledger.js';
import { anInvitation, NOW, REF, TOKEN } from '../support/fixtures.js';

const TABLE = 'feedback-test';
const NOW_ISO = NOW.toISOString();
const DAY = 86_400;

const dynamo = mockClient(DynamoDBDocumentClient);
const store = new DynamoDbIngestLedger(DynamoDBDocumentClient.from(new DynamoDBClient({})), TABLE);

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

const interaction: Interaction = {
  interactionId: REF.interactionId,
  customerId: REF.customerId,
  channel: 'voice',
  occurredAt: REF.occurredAt,
  receivedAt: NOW_ISO,
  agentId: 'agent-3',
};
const invitation = anInvitation({ agentId: 'agent-3', createdAt: NOW_ISO, expiresAt: '2026-04-01T10:00:00.000Z' });
const outcome: SurveyOutcome = { interactionId: REF.interactionId, surveyId: invitation.surveyId, status: 'scheduled' };

function newInteraction(overrides: Partial<NewInteraction> = {}): NewInteraction {
  return { interaction, customer: { id: REF.customerId, email: 'ana@example.org' }, invitation, outcome, now: NOW_ISO, ...overrides };
}

const guardItem = {
  ...interactionGuardKey(REF.interactionId),
  type: 'InteractionGuard',
  v: 1,
  customerId: REF.customerId,
  occurredAt: REF.occurredAt,
  outcome,
};

describe('DynamoDbIngestLedger.recordInteraction', () => {
  beforeEach(() => {
    // Retries wait a random fraction of their backoff; none at all keeps the tests quick.
    vi.spyOn(Math, 'random').mockReturnValue(0);
  });

  it("writes guard, interaction, profile, the profile's email lookup, invitation, token and the suppression check in one transaction", async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    const result = await store.recordInteraction(newInteraction());

    // Assess
    expect(result).toEqual({ created: true, outcome });
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    expect(dynamo).toHaveReceivedCommandWith(TransactWriteCommand, {
      TransactItems: [
        {
          Put: {
            TableName: TABLE,
            Item: { ...guardItem, ttl: 1772445600 + 400 * DAY },
            ConditionExpression: 'attribute_not_exists(pk)',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        {
          Put: {
            TableName: TABLE,
            Item: {
              ...interactionKey(REF.customerId, REF.occurredAt, REF.interactionId),
              type: 'Interaction',
              v: 1,
              ...interaction,
              survey: { status: 'scheduled', surveyId: invitation.surveyId },
            },
          },
        },
        {
          Update: {
            TableName: TABLE,
            Key: profileKey(REF.customerId),
            UpdateExpression:
              'SET #type = :type, v = :v, id = :id, email = :email, updatedAt = :now, createdAt = if_not_exists(createdAt, :now), lastSurveyedAt = :now ADD addresses :addresses',
            ConditionExpression: 'attribute_not_exists(unsubscribedAt)',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            ExpressionAttributeNames: { '#type': 'type' },
            ExpressionAttributeValues: {
              ':type': 'Customer',
              ':v': 1,
              ':id': REF.customerId,
              ':email': 'ana@example.org',
              ':now': NOW_ISO,
              ':addresses': new Set(['ana@example.org']),
            },
          },
        },
        {
          Put: {
            TableName: TABLE,
            Item: { pk: 'EMAIL#ana@example.org', sk: customerPk(REF.customerId), type: 'CustomerEmail', v: 1, customerId: REF.customerId },
          },
        },
        {
          Put: {
            TableName: TABLE,
            Item: { ...invitationKey(REF.customerId, REF.occurredAt, REF.interactionId), type: 'Invitation', v: 1, ...invitation },
          },
        },
        {
          Put: {
            TableName: TABLE,
            Item: {
              ...tokenKey(TOKEN),
              type: 'SurveyToken',
              v: 1,
              customerId: REF.customerId,
              occurredAt: REF.occurredAt,
              interactionId: REF.interactionId,
              expiresAt: '2026-04-01T10:00:00.000Z',
              ttl: 1775037600 + 30 * DAY,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        { ConditionCheck: { TableName: TABLE, Key: suppressionKey('ana@example.org'), ConditionExpression: 'attribute_not_exists(pk)' } },
      ],
    });
  });

  it('writes the unsubscribe token in the same transaction, last, kept a year past the survey and only if new', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});
    const unsubscribeToken = 'U'.repeat(32);

    // Act
    await store.recordInteraction(newInteraction({ invitation: { ...invitation, unsubscribeToken } }));

    // Assess
    const items = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items).toHaveLength(8);
    expect(items[7]).toEqual({
      Put: {
        TableName: TABLE,
        Item: {
          ...unsubscribeTokenKey(unsubscribeToken),
          type: 'UnsubscribeToken',
          v: 1,
          customerId: REF.customerId,
          occurredAt: REF.occurredAt,
          interactionId: REF.interactionId,
          ttl: 1775037600 + 365 * DAY,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  });

  it('checks the suppression of the address trimmed and lower-cased', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    await store.recordInteraction(newInteraction({ customer: { id: REF.customerId, email: ' Ana@Example.ORG ' } }));

    // Assess
    const items = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items[6]).toEqual({
      ConditionCheck: { TableName: TABLE, Key: { pk: 'SUPPRESSED#ana@example.org', sk: 'SUPPRESSION' }, ConditionExpression: 'attribute_not_exists(pk)' },
    });
  });

  it('writes no invitation, no token, no suppression check and no condition for an interaction that gets no survey', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});
    const skipped: SurveyOutcome = { interactionId: REF.interactionId, surveyId: null, status: 'skipped', reason: 'sampled_out' };

    // Act
    const result = await store.recordInteraction(newInteraction({ invitation: null, outcome: skipped, throttleSince: '2026-02-23T10:00:00.000Z' }));

    // Assess
    expect(result).toEqual({ created: true, outcome: skipped });
    const items = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items.map((item) => item.Put?.Item?.type ?? 'Customer')).toEqual(['InteractionGuard', 'Interaction', 'Customer', 'CustomerEmail']);
    expect(items[1]!.Put!.Item!.survey).toEqual({ status: 'skipped', reason: 'sampled_out' });
    expect(items[2]!.Update).not.toHaveProperty('ConditionExpression');
    expect(items[2]!.Update!.UpdateExpression).not.toContain('lastSurveyedAt');
    expect(items[2]!.Update!.ExpressionAttributeValues).not.toHaveProperty(':since');
  });

  it('answers a repeated interactionId with the stored outcome, read consistently from the guard', async () => {
    // Prepare
    const firstOutcome: SurveyOutcome = { interactionId: REF.interactionId, surveyId: 'first-survey', status: 'scheduled' };
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'None', 'None', 'None', 'None', 'None'));
    dynamo.on(GetCommand).resolves({ Item: { ...guardItem, outcome: firstOutcome } });

    // Act
    const result = await store.recordInteraction(newInteraction());

    // Assess
    expect(result).toEqual({ created: false, outcome: firstOutcome, ref: REF });
    expect(dynamo).toHaveReceivedCommandExactlyOnceWith(GetCommand, {
      TableName: TABLE,
      Key: interactionGuardKey(REF.interactionId),
      ConsistentRead: true,
    });
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });

  it('retries a transaction that conflicted with a concurrent one', async () => {
    // Prepare
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('None', 'TransactionConflict', 'None', 'None', 'None', 'None', 'None'))
      .resolves({});

    // Act
    const result = await store.recordInteraction(newInteraction());

    // Assess
    expect(result).toEqual({ created: true, outcome });
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 2);
  });

  it('answers the loser of a concurrent duplicate with the winner’s outcome once the winner committed', async () => {
    // Prepare
    const winner: SurveyOutcome = { interactionId: REF.interactionId, surveyId: 'winner-survey', status: 'scheduled' };
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('TransactionConflict', 'None', 'None', 'None', 'None', 'None', 'None'))
      .rejects(cancelled('ConditionalCheckFailed', 'None', 'None', 'None', 'None', 'None', 'None'));
    dynamo.on(GetCommand).resolves({ Item: { ...guardItem, outcome: winner } });

    // Act
    const result = await store.recordInteraction(newInteraction());

    // Assess
    expect(result).toEqual({ created: false, outcome: winner, ref: REF });
  });

  it('gives up after six conflicting attempts', async () => {
    // Prepare
    const conflict = cancelled('None', 'TransactionConflict', 'None', 'None', 'None', 'None', 'None');
    dynamo.on(TransactWriteCommand).rejects(conflict);

    // Act
    const attempt = store.recordInteraction(newInteraction());

    // Assess
    await expect(attempt).rejects.toBe(conflict);
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 6);
  });

  it('lets any other error through, without a retry', async () => {
    // Prepare
    const throttled = Object.assign(new Error('Rate of requests exceeds the allowed throughput'), { name: 'ProvisionedThroughputExceededException' });
    dynamo.on(TransactWriteCommand).rejects(throttled);

    // Act
    const attempt = store.recordInteraction(newInteraction());

    // Assess
    await expect(attempt).rejects.toBe(throttled);
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    expect(dynamo).not.toHaveReceivedCommand(GetCommand);
  });
});

describe('DynamoDbIngestLedger.recordInteraction when a rule refuses the survey', () => {
  /** A profile as DynamoDB hands it back (ALL_OLD) with a cancellation: still in its wire format. */
  const oldProfile = (attributes: Record<string, string>) => ({
    Code: 'ConditionalCheckFailed',
    Item: Object.fromEntries([['pk', customerPk(REF.customerId)], ['sk', 'PROFILE'], ...Object.entries(attributes)].map(([k, v]) => [k, { S: v }])),
  });
  const suppressedAddress = cancelled('None', 'None', 'None', 'None', 'None', 'None', 'ConditionalCheckFailed');
  const unsubscribedCustomer = cancelled('None', 'None', oldProfile({ unsubscribedAt: '2026-02-01T00:00:00.000Z' }), 'None', 'None', 'None', 'None');
  const surveyedRecently = cancelled('None', 'None', oldProfile({ lastSurveyedAt: '2026-03-01T00:00:00.000Z' }), 'None', 'None', 'None', 'None');
  const skippedFor = (reason: string) => ({ interactionId: REF.interactionId, surveyId: null, status: 'skipped', reason });

  it.each([
    ['the address is suppressed', suppressedAddress, 'suppressed'],
    ['the customer unsubscribed', unsubscribedCustomer, 'unsubscribed'],
    ['the customer was surveyed since throttleSince', surveyedRecently, 'throttled'],
    [
      'the profile condition failed on a profile it did not return',
      cancelled('None', 'None', 'ConditionalCheckFailed', 'None', 'None', 'None', 'None'),
      'throttled',
    ],
    [
      'both the address and the profile refuse',
      cancelled('None', 'None', oldProfile({ unsubscribedAt: '2026-02-01T00:00:00.000Z' }), 'None', 'None', 'None', 'ConditionalCheckFailed'),
      'suppressed',
    ],
  ])('records the interaction as skipped when %s', async (_what, refusal, reason) => {
    // Prepare
    dynamo.on(TransactWriteCommand).rejectsOnce(refusal).resolves({});

    // Act
    const result = await store.recordInteraction(newInteraction({ throttleSince: '2026-02-23T10:00:00.000Z' }));

    // Assess
    expect(result).toEqual({ created: true, outcome: skippedFor(reason) });
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 2);
  });

  it("records the refusal's reason on the interaction and its guard (the aggregates count skips by it)", async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).rejectsOnce(unsubscribedCustomer).resolves({});

    // Act
    await store.recordInteraction(newInteraction({ throttleSince: '2026-02-23T10:00:00.000Z' }));

    // Assess: what reaches the table is covered by the IngestLedger contract (test/integration/contracts).
    const items = dynamo.commandCalls(TransactWriteCommand)[1]!.args[0].input.TransactItems!;
    expect(items.map((item) => item.Put?.Item?.type ?? 'Customer')).toEqual(['InteractionGuard', 'Interaction', 'Customer', 'CustomerEmail']);
    expect(items[0]!.Put!.Item!.outcome).toEqual(skippedFor('unsubscribed'));
    expect(items[1]!.Put!.Item!.survey).toEqual({ status: 'skipped', reason: 'unsubscribed' });
  });

  it('answers a skip that lost the race to a concurrent duplicate with the winner’s outcome', async () => {
    // Prepare
    const winner: SurveyOutcome = { interactionId: REF.interactionId, surveyId: null, status: 'skipped', reason: 'suppressed' };
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(suppressedAddress)
      .rejects(cancelled('ConditionalCheckFailed', 'None', 'None', 'None'));
    dynamo.on(GetCommand).resolves({ Item: { ...guardItem, outcome: winner } });

    // Act
    const result = await store.recordInteraction(newInteraction());

    // Assess
    expect(result).toEqual({ created: false, outcome: winner, ref: REF });
  });

  it('does not take a refusal of the survey for a repeat: a repeated interactionId still answers the stored outcome', async () => {
    // Prepare
    const first: SurveyOutcome = { interactionId: REF.interactionId, surveyId: 'first-survey', status: 'scheduled' };
    dynamo
      .on(TransactWriteCommand)
      .rejects(cancelled('ConditionalCheckFailed', 'None', oldProfile({ lastSurveyedAt: NOW_ISO }), 'None', 'None', 'None', 'None'));
    dynamo.on(GetCommand).resolves({ Item: { ...guardItem, outcome: first } });

    // Act
    const result = await store.recordInteraction(newInteraction({ throttleSince: '2026-02-23T10:00:00.000Z' }));

    // Assess
    expect(result).toEqual({ created: false, outcome: first, ref: REF });
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });
});
