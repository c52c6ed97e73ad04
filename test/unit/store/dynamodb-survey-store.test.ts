import { ConditionalCheckFailedException, DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_REVISIONS, type Answer, type Interaction, type SurveyOutcome } from '../../../functions/domain/model.js';
import { Expired, InvalidInput } from '../../../functions/shared/errors.js';
import { DynamoDbSurveyStore } from '../../../functions/store/dynamodb-survey-store.js';
import {
  answerKey,
  answersByDayKey,
  customerPk,
  emailLookupKey,
  interactionGuardKey,
  interactionKey,
  invitationKey,
  profileKey,
  suppressionKey,
  tokenKey,
  unsubscribeTokenKey,
} from '../../../functions/store/keys.js';
import { ConcurrentAnswer, type NewInteraction } from '../../../functions/store/survey-store.js';
import { anInvitation, aProfile, NOW, REF, TOKEN } from '../support/fixtures.js';

const TABLE = 'feedback-test';
const NOW_ISO = NOW.toISOString();
const DAY = 86_400;

const dynamo = mockClient(DynamoDBDocumentClient);
const store = new DynamoDbSurveyStore(DynamoDBDocumentClient.from(new DynamoDBClient({})), TABLE);

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

describe('DynamoDbSurveyStore.recordInteraction', () => {
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

describe('DynamoDbSurveyStore.recordInteraction when a rule refuses the survey', () => {
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

    // Assess: what reaches the table is covered by the SurveyStore contract (test/integration/contracts).
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

describe('DynamoDbSurveyStore email lookup', () => {
  it('finds every customer who used an address, reading their profiles in one batch, ordered by id', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({
      Items: [
        { ...emailLookupKey('ana@example.org', 'c-2'), customerId: 'c-2' },
        { ...emailLookupKey('ana@example.org', 'c-1'), customerId: 'c-1' },
      ],
    });
    dynamo.on(BatchGetCommand).resolves({
      Responses: {
        [TABLE]: [
          { ...profileKey('c-2'), type: 'Customer', v: 1, ...aProfile({ id: 'c-2' }) },
          { ...profileKey('c-1'), type: 'Customer', v: 1, ...aProfile({ id: 'c-1' }) },
        ],
      },
    });

    // Act
    const found = await store.findCustomersByEmail('ANA@example.org', 25);

    // Assess
    expect(dynamo).toHaveReceivedCommandWith(QueryCommand, { Limit: 25 });
    expect(dynamo).toHaveReceivedCommandWith(BatchGetCommand, { RequestItems: { [TABLE]: { Keys: [profileKey('c-2'), profileKey('c-1')] } } });
    expect(found).toEqual([aProfile({ id: 'c-1' }), aProfile({ id: 'c-2' })]);
  });

  it('asks again for the profiles a batch left unprocessed', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({ Items: [{ customerId: 'c-1' }, { customerId: 'c-2' }] });
    dynamo
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { [TABLE]: [{ ...aProfile({ id: 'c-1' }) }] }, UnprocessedKeys: { [TABLE]: { Keys: [profileKey('c-2')] } } })
      .resolvesOnce({ Responses: { [TABLE]: [{ ...aProfile({ id: 'c-2' }) }] } });

    // Act
    const found = await store.findCustomersByEmail('ana@example.org', 25);

    // Assess
    expect(dynamo).toHaveReceivedCommandTimes(BatchGetCommand, 2);
    expect(dynamo.commandCalls(BatchGetCommand)[1]!.args[0].input.RequestItems).toEqual({ [TABLE]: { Keys: [profileKey('c-2')] } });
    expect(found.map((p) => p.id)).toEqual(['c-1', 'c-2']);
  });

  it('answers an empty list without reading any profile when nobody used the address', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({ Items: [] });

    // Act
    const found = await store.findCustomersByEmail('nobody@example.org', 25);

    // Assess
    expect(found).toEqual([]);
    expect(dynamo).toHaveReceivedCommandTimes(BatchGetCommand, 0);
  });
});

describe('DynamoDbSurveyStore.getInvitation', () => {
  it('reads the invitation consistently and returns it without its key and bookkeeping attributes', async () => {
    // Prepare
    const key = invitationKey(REF.customerId, REF.occurredAt, REF.interactionId);
    dynamo.on(GetCommand).resolves({
      Item: {
        ...key,
        type: 'Invitation',
        v: 1,
        ...anInvitation({ delivery: 'sending' }),
        leaseUntil: '2026-03-02T10:05:00.000Z',
        leaseOwner: 'attempt-1',
        reminderLeaseUntil: '2026-03-05T10:05:00.000Z',
        reminderLeaseOwner: 'attempt-2',
      },
    });

    // Act
    const found = await store.getInvitation(REF);

    // Assess
    expect(found).toEqual(anInvitation({ delivery: 'sending' }));
    expect(dynamo).toHaveReceivedCommandExactlyOnceWith(GetCommand, { TableName: TABLE, Key: key, ConsistentRead: true });
  });

  it('returns null for an invitation that does not exist', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({});

    // Act
    const found = await store.getInvitation(REF);

    // Assess
    expect(found).toBeNull();
  });
});

const OWNER = 'attempt-1';

describe('DynamoDbSurveyStore.claimDelivery', () => {
  const lease = '2026-03-02T10:05:00.000Z';

  it('answers false when another sender holds the invitation or it was sent', async () => {
    // Prepare
    dynamo.on(UpdateCommand).rejects(conditionFailed());

    // Act
    const claimed = await store.claimDelivery(REF, NOW_ISO, lease, OWNER);

    // Assess
    expect(claimed).toBe(false);
  });

  it('lets any other error through', async () => {
    // Prepare
    const failure = new Error('network down');
    dynamo.on(UpdateCommand).rejects(failure);

    // Act
    const claim = store.claimDelivery(REF, NOW_ISO, lease, OWNER);

    // Assess
    await expect(claim).rejects.toBe(failure);
  });
});

describe('DynamoDbSurveyStore.markSent', () => {
  const _key = invitationKey(REF.customerId, REF.occurredAt, REF.interactionId);
  const sentAt = '2026-03-02T10:00:02.000Z';

  it('fails when this sender no longer holds the invitation', async () => {
    // Prepare
    dynamo.on(UpdateCommand).rejects(conditionFailed());

    // Act
    const marking = store.markSent(REF, sentAt, OWNER);

    // Assess
    await expect(marking).rejects.toBeInstanceOf(ConditionalCheckFailedException);
  });

  it('fails when this sender no longer holds the reminder', async () => {
    // Prepare
    dynamo.on(UpdateCommand).rejects(conditionFailed());

    // Act
    const marking = store.markSent(REF, sentAt, OWNER, 'reminder');

    // Assess
    await expect(marking).rejects.toBeInstanceOf(ConditionalCheckFailedException);
    expect(dynamo).toHaveReceivedCommandTimes(UpdateCommand, 1);
  });
});

describe('DynamoDbSurveyStore.releaseDelivery', () => {
  it('does nothing, quietly, to an invitation that is not being sent', async () => {
    // Prepare
    dynamo.on(UpdateCommand).rejects(conditionFailed());

    // Act
    const release = store.releaseDelivery(REF, OWNER);

    // Assess
    await expect(release).resolves.toBeUndefined();
  });

  it('lets any other error through', async () => {
    // Prepare
    const failure = new Error('network down');
    dynamo.on(UpdateCommand).rejects(failure);

    // Act
    const release = store.releaseDelivery(REF, OWNER);

    // Assess
    await expect(release).rejects.toBe(failure);
  });

  it('gives a claimed reminder back as pending', async () => {
    // Prepare
    dynamo.on(UpdateCommand).resolves({});

    // Act
    await store.releaseDelivery(REF, OWNER, 'reminder');

    // Assess
    expect(dynamo).toHaveReceivedCommandExactlyOnceWith(UpdateCommand, {
      TableName: TABLE,
      Key: invitationKey(REF.customerId, REF.occurredAt, REF.interactionId),
      UpdateExpression: 'SET reminderDelivery = :pending REMOVE reminderLeaseUntil, reminderLeaseOwner',
      ConditionExpression: 'reminderDelivery = :sending AND reminderLeaseOwner = :owner',
      ExpressionAttributeValues: { ':pending': 'pending', ':sending': 'sending', ':owner': OWNER },
    });
  });
});

describe('DynamoDbSurveyStore.cancelDelivery', () => {
  const key = invitationKey(REF.customerId, REF.occurredAt, REF.interactionId);

  it('cancels the reminder under its own attributes', async () => {
    // Prepare
    dynamo.on(UpdateCommand).resolves({});

    // Act
    await store.cancelDelivery(REF, 'suppressed', 'reminder');

    // Assess
    expect(dynamo).toHaveReceivedCommandExactlyOnceWith(UpdateCommand, {
      TableName: TABLE,
      Key: key,
      UpdateExpression: 'SET reminderDelivery = :cancelled, reminderCancelReason = :reason',
      ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(reminderDelivery) OR reminderDelivery = :pending)',
      ExpressionAttributeValues: { ':cancelled': 'cancelled', ':reason': 'suppressed', ':pending': 'pending' },
    });
  });

  it('leaves an email that is being sent or was sent as it is, quietly', async () => {
    // Prepare
    dynamo.on(UpdateCommand).rejects(conditionFailed());

    // Act
    const cancelling = store.cancelDelivery(REF, 'suppressed');

    // Assess
    await expect(cancelling).resolves.toBeUndefined();
  });

  it('lets any other error through', async () => {
    // Prepare
    const failure = new Error('network down');
    dynamo.on(UpdateCommand).rejects(failure);

    // Act
    const cancelling = store.cancelDelivery(REF, 'suppressed');

    // Assess
    await expect(cancelling).rejects.toBe(failure);
  });
});

describe('DynamoDbSurveyStore.isSuppressed', () => {
  it('reads the suppression of the address, trimmed and lower-cased, consistently', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({ Item: { ...suppressionKey('ana@example.org'), type: 'Suppression', v: 1, reason: 'hard_bounce' } });

    // Act
    const suppressed = await store.isSuppressed(' Ana@Example.org');

    // Assess
    expect(suppressed).toBe(true);
    expect(dynamo).toHaveReceivedCommandExactlyOnceWith(GetCommand, {
      TableName: TABLE,
      Key: { pk: 'SUPPRESSED#ana@example.org', sk: 'SUPPRESSION' },
      ConsistentRead: true,
    });
  });

  it('answers false for an address that never bounced or complained', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({});

    // Act
    const suppressed = await store.isSuppressed('ana@example.org');

    // Assess
    expect(suppressed).toBe(false);
  });
});

describe('DynamoDbSurveyStore.unsubscribe', () => {
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

describe('DynamoDbSurveyStore.findByToken', () => {
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

describe('DynamoDbSurveyStore.saveAnswer', () => {
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
    const saved = await store.saveAnswer(anInvitation(), null, { csat: 5, resolved: true }, later);

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
    const saved = await store.saveAnswer(anInvitation(), answer, { nps: 9 }, later);

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

  it("copies the invitation's agent onto the answer", async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    const saved = await store.saveAnswer(anInvitation({ agentId: 'agent-3' }), null, { csat: 2 }, later);

    // Assess
    expect(saved.agentId).toBe('agent-3');
  });

  it('dates the answer by when its email went out', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    const saved = await store.saveAnswer(anInvitation({ delivery: 'sent', sentAt: '2026-03-02T09:31:05.000Z' }), null, { csat: 2 }, later);

    // Assess
    expect(saved.sentAt).toBe('2026-03-02T09:31:05.000Z');
  });

  it('refuses with Expired when the invitation has expired (or vanished)', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));

    // Act
    const saving = store.saveAnswer(anInvitation(), null, { csat: 5 }, later);

    // Assess
    await expect(saving).rejects.toBeInstanceOf(Expired);
  });

  it.each(['ConditionalCheckFailed', 'TransactionConflict'])('reports a concurrent answer when the answer write fails with %s', async (code) => {
    // Prepare
    dynamo.on(TransactWriteCommand).rejects(cancelled('None', code));

    // Act
    const saving = store.saveAnswer(anInvitation(), null, { csat: 5 }, later);

    // Assess
    await expect(saving).rejects.toBeInstanceOf(ConcurrentAnswer);
  });

  it('lets any other error through', async () => {
    // Prepare
    const failure = new Error('network down');
    dynamo.on(TransactWriteCommand).rejects(failure);

    // Act
    const saving = store.saveAnswer(anInvitation(), null, { csat: 5 }, later);

    // Assess
    await expect(saving).rejects.toBe(failure);
  });
});

describe('DynamoDbSurveyStore.getCustomerRecord', () => {
  const profileItem = { ...profileKey(REF.customerId), type: 'Customer', v: 1, ...aProfile() };

  /** The items of one interaction as the descending query returns them: answer, invitation, interaction. */
  function interactionItems(interactionId: string, occurredAt: string, parts: { invitation?: boolean; answer?: boolean } = {}) {
    const at = (key: typeof interactionKey) => key(REF.customerId, occurredAt, interactionId);
    const ids = { interactionId, customerId: REF.customerId, occurredAt };
    return [
      ...(parts.answer ? [{ ...at(answerKey), type: 'Answer', v: 1, ...answer, ...ids }] : []),
      ...(parts.invitation ? [{ ...at(invitationKey), type: 'Invitation', v: 1, ...anInvitation(ids) }] : []),
      { ...at(interactionKey), type: 'Interaction', v: 1, ...ids, channel: 'chat', receivedAt: occurredAt },
    ];
  }

  function givenProfile(): void {
    dynamo.on(GetCommand, { Key: profileKey(REF.customerId) }).resolves({ Item: profileItem });
  }

  it('returns null for an unknown customer without reading the timeline', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({});

    // Act
    const record = await store.getCustomerRecord(REF.customerId, 10);

    // Assess
    expect(record).toBeNull();
    expect(dynamo).not.toHaveReceivedCommand(QueryCommand);
  });

  it('reads the timeline newest first, enough items for a page of interactions and one more', async () => {
    // Prepare
    givenProfile();
    dynamo.on(QueryCommand).resolves({ Items: [] });

    // Act
    await store.getCustomerRecord(REF.customerId, 10);

    // Assess
    expect(dynamo).toHaveReceivedCommandExactlyOnceWith(QueryCommand, {
      TableName: TABLE,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :t)',
      ExpressionAttributeValues: { ':pk': customerPk(REF.customerId), ':t': 'T#' },
      ScanIndexForward: false,
      Limit: 41, // interaction, invitation, answer and alert per interaction, and one more
    });
  });

  it('groups each interaction with its invitation and answer, and never exposes the survey token', async () => {
    // Prepare
    givenProfile();
    dynamo.on(QueryCommand).resolves({
      Items: [
        ...interactionItems('chat-2', '2026-03-02T09:00:00.000Z', { invitation: true, answer: true }),
        ...interactionItems('chat-1', '2026-02-01T09:00:00.000Z'),
      ],
    });

    // Act
    const record = await store.getCustomerRecord(REF.customerId, 10);

    // Assess
    const { token: _token, ...invitationWithoutToken } = anInvitation({ interactionId: 'chat-2', occurredAt: '2026-03-02T09:00:00.000Z' });
    expect(record).toEqual({
      profile: aProfile(),
      timeline: [
        {
          interaction: {
            interactionId: 'chat-2',
            customerId: REF.customerId,
            occurredAt: '2026-03-02T09:00:00.000Z',
            channel: 'chat',
            receivedAt: '2026-03-02T09:00:00.000Z',
          },
          invitation: invitationWithoutToken,
          answer: { ...answer, interactionId: 'chat-2', occurredAt: '2026-03-02T09:00:00.000Z' },
        },
        {
          interaction: {
            interactionId: 'chat-1',
            customerId: REF.customerId,
            occurredAt: '2026-02-01T09:00:00.000Z',
            channel: 'chat',
            receivedAt: '2026-02-01T09:00:00.000Z',
          },
        },
      ],
    });
    expect(JSON.stringify(record)).not.toContain(TOKEN);
  });

  it('gives a cursor after a full page when more interactions follow', async () => {
    // Prepare
    givenProfile();
    const first = interactionItems('chat-3', '2026-03-03T09:00:00.000Z', { invitation: true });
    const second = interactionItems('chat-2', '2026-03-02T09:00:00.000Z', { invitation: true });
    dynamo.on(QueryCommand).resolves({ Items: [...first, ...second, ...interactionItems('chat-1', '2026-03-01T09:00:00.000Z').slice(0, 1)] });

    // Act
    const record = await store.getCustomerRecord(REF.customerId, 2);

    // Assess
    expect(record?.timeline.map((entry) => entry.interaction.interactionId)).toEqual(['chat-3', 'chat-2']);
    await store.getCustomerRecord(REF.customerId, 2, record!.nextCursor);
    expect(dynamo).toHaveReceivedNthCommandWith(QueryCommand, 2, { ExclusiveStartKey: { pk: customerPk(REF.customerId), sk: second.at(-1)!.sk } });
  });

  it('gives no cursor on the last page', async () => {
    // Prepare
    givenProfile();
    dynamo.on(QueryCommand).resolves({
      Items: [...interactionItems('chat-3', '2026-03-03T09:00:00.000Z'), ...interactionItems('chat-2', '2026-03-02T09:00:00.000Z')],
    });

    // Act
    const record = await store.getCustomerRecord(REF.customerId, 2);

    // Assess
    expect(record?.timeline).toHaveLength(2);
    expect(record).not.toHaveProperty('nextCursor');
  });

  it('gives a cursor when DynamoDB cut the page short of the limit', async () => {
    // Prepare: a 1 MB response ends mid-interaction, with fewer interactions than asked for.
    givenProfile();
    const complete = interactionItems('chat-3', '2026-03-03T09:00:00.000Z', { invitation: true, answer: true });
    const partial = interactionItems('chat-2', '2026-03-02T09:00:00.000Z', { invitation: true, answer: true }).slice(0, 1);
    dynamo.on(QueryCommand).resolves({ Items: [...complete, ...partial], LastEvaluatedKey: { pk: customerPk(REF.customerId), sk: partial[0]!.sk } });

    // Act
    const record = await store.getCustomerRecord(REF.customerId, 10);

    // Assess
    expect(record?.timeline.map((entry) => entry.interaction.interactionId)).toEqual(['chat-3']);
    await store.getCustomerRecord(REF.customerId, 10, record!.nextCursor);
    expect(dynamo).toHaveReceivedNthCommandWith(QueryCommand, 2, { ExclusiveStartKey: { pk: customerPk(REF.customerId), sk: complete.at(-1)!.sk } });
  });

  it("refuses another customer's cursor, naming the cursor, and reads nothing", async () => {
    // Prepare: a real cursor of another customer's timeline
    givenProfile();
    dynamo
      .on(QueryCommand)
      .resolves({ Items: [...interactionItems('chat-3', '2026-03-03T09:00:00.000Z'), ...interactionItems('chat-2', '2026-03-02T09:00:00.000Z')] });
    const other = await store.getCustomerRecord(REF.customerId, 1);
    dynamo.resetHistory();

    // Act
    const reading = store.getCustomerRecord('another-customer', 1, other!.nextCursor);

    // Assess
    await expect(reading).rejects.toMatchObject({ issues: [{ field: 'cursor', message: 'is not a cursor this API returned' }] });
    expect(dynamo).not.toHaveReceivedCommand(QueryCommand);
  });

  it('refuses a cursor this API did not hand out, naming the cursor', async () => {
    // Prepare
    givenProfile();

    // Act
    const reading = store.getCustomerRecord(REF.customerId, 2, Buffer.from('PROFILE').toString('base64url'));

    // Assess
    await expect(reading).rejects.toBeInstanceOf(InvalidInput);
    await expect(reading).rejects.toMatchObject({ issues: [{ field: 'cursor', message: 'is not a cursor this API returned' }] });
    expect(dynamo).not.toHaveReceivedCommand(QueryCommand);
  });
});
