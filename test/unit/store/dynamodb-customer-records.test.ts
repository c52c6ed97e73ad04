import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Answer } from '../../../functions/domain/model.js';
import { InvalidInput } from '../../../functions/shared/errors.js';
import { DynamoDbCustomerRecords } from '../../../functions/store/dynamodb-customer-records.js';
import { answerKey, customerPk, emailLookupKey, interactionKey, invitationKey, profileKey } from '../../../functions/store/keys.js';
import { anInvitation, aProfile, REF, TOKEN } from '../support/fixtures.js';

const TABLE = 'feedback-test';

const dynamo = mockClient(DynamoDBDocumentClient);
const store = new DynamoDbCustomerRecords(DynamoDBDocumentClient.from(new DynamoDBClient({})), TABLE);

afterEach(() => {
  dynamo.reset();
  vi.restoreAllMocks();
});

describe('DynamoDbCustomerRecords email lookup', () => {
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
describe('DynamoDbCustomerRecords.getCustomerRecord', () => {
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
