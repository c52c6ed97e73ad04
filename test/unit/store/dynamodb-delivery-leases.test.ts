import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DynamoDbDeliveryLeases } from '../../../functions/store/dynamodb-delivery-leases.js';
import { invitationKey, suppressionKey } from '../../../functions/store/keys.js';
import { anInvitation, NOW, REF } from '../support/fixtures.js';

const TABLE = 'feedback-test';
const NOW_ISO = NOW.toISOString();

const dynamo = mockClient(DynamoDBDocumentClient);
const store = new DynamoDbDeliveryLeases(DynamoDBDocumentClient.from(new DynamoDBClient({})), TABLE);

afterEach(() => {
  dynamo.reset();
  vi.restoreAllMocks();
});

function conditionFailed(): ConditionalCheckFailedException {
  return new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
}

describe('DynamoDbDeliveryLeases.getInvitation', () => {
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

describe('DynamoDbDeliveryLeases.claimDelivery', () => {
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

describe('DynamoDbDeliveryLeases.markSent', () => {
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

describe('DynamoDbDeliveryLeases.releaseDelivery', () => {
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

describe('DynamoDbDeliveryLeases.cancelDelivery', () => {
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

describe('DynamoDbDeliveryLeases.isSuppressed', () => {
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
