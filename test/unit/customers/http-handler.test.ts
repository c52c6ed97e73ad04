import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/customers/http-handler.js';
import { emailLookupKey, interactionKey, invitationKey, profileKey } from '../../../functions/store/keys.js';
import { httpEvent, lambdaContext } from '../support/events.js';
import { anInvitation, aProfile, REF, TOKEN } from '../support/fixtures.js';

// The real function, middleware and store adapter; only DynamoDB is mocked.
const dynamo = mockClient(DynamoDBDocumentClient);

afterEach(() => {
  dynamo.reset();
});

function getCustomer(id: string, query?: Record<string, string>) {
  return handler(
    httpEvent({ path: `/customers/${id}`, routeKey: 'GET /customers/{id}', pathParameters: { id }, ...(query ? { queryStringParameters: query } : {}) }),
    lambdaContext,
  );
}

function bodyOf(result: { body?: string }): Record<string, unknown> {
  return JSON.parse(result.body ?? '') as Record<string, unknown>;
}

describe('GET /customers/{id}', () => {
  it("answers the customer's profile and timeline, without survey tokens", async () => {
    // Prepare
    dynamo.on(GetCommand, { Key: profileKey(REF.customerId) }).resolves({ Item: { ...profileKey(REF.customerId), type: 'Customer', v: 1, ...aProfile() } });
    dynamo.on(QueryCommand).resolves({
      Items: [
        { ...invitationKey(REF.customerId, REF.occurredAt, REF.interactionId), type: 'Invitation', v: 1, ...anInvitation() },
        {
          ...interactionKey(REF.customerId, REF.occurredAt, REF.interactionId),
          type: 'Interaction',
          v: 1,
          ...REF,
          channel: 'voice',
          receivedAt: REF.occurredAt,
        },
      ],
    });

    // Act
    const response = await getCustomer(REF.customerId);

    // Assess
    expect(response.statusCode).toBe(200);
    const body = bodyOf(response);
    expect(body.profile).toEqual(aProfile());
    expect(body.timeline).toEqual([
      { interaction: { ...REF, channel: 'voice', receivedAt: REF.occurredAt }, invitation: expect.objectContaining({ surveyId: anInvitation().surveyId }) },
    ]);
    expect(response.body).not.toContain(TOKEN);
  });

  it('reads 50 interactions when no limit is given', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({ Item: { ...profileKey(REF.customerId), ...aProfile() } });
    dynamo.on(QueryCommand).resolves({ Items: [] });

    // Act
    await getCustomer(REF.customerId);

    // Assess
    expect(dynamo).toHaveReceivedCommandWith(QueryCommand, { Limit: 201 });
  });

  it('answers 404 for an unknown customer', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({});

    // Act
    const response = await getCustomer('cust-unknown');

    // Assess
    expect(response.statusCode).toBe(404);
    expect(bodyOf(response)).toEqual({ error: 'not_found', message: 'No customer with id cust-unknown.' });
  });

  it.each(['0', '101', 'x', '2.5', '-3'])('refuses a limit of %j with 400, naming limit, before reading anything', async (limit) => {
    // Act
    const response = await getCustomer(REF.customerId, { limit });

    // Assess
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response).issues).toEqual([{ field: 'limit', message: 'must be a whole number from 1 to 100' }]);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('refuses a cursor with characters no cursor has, naming cursor', async () => {
    // Act
    const response = await getCustomer(REF.customerId, { cursor: 'VCMy/MDI2' });

    // Assess
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response).issues).toEqual([{ field: 'cursor', message: 'is not a cursor this API returned' }]);
  });

  it('refuses a well-formed cursor that this API did not hand out, naming cursor', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({ Item: { ...profileKey(REF.customerId), ...aProfile() } });

    // Act
    const response = await getCustomer(REF.customerId, { cursor: Buffer.from('PROFILE').toString('base64url') });

    // Assess
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response).issues).toEqual([{ field: 'cursor', message: 'is not a cursor this API returned' }]);
    expect(dynamo).not.toHaveReceivedCommand(QueryCommand);
  });
});

function findByEmail(query: Record<string, string>) {
  return handler(httpEvent({ path: '/customers', routeKey: 'GET /customers', queryStringParameters: query }), lambdaContext);
}

describe('GET /customers?email=', () => {
  it('answers the profiles of the customers who used the address, looked up without regard to case', async () => {
    // Prepare
    dynamo
      .on(QueryCommand)
      .resolves({ Items: [{ ...emailLookupKey('ana@example.org', REF.customerId), type: 'CustomerEmail', v: 1, customerId: REF.customerId }] });
    dynamo.on(BatchGetCommand).resolves({ Responses: { 'feedback-test': [{ ...profileKey(REF.customerId), type: 'Customer', v: 1, ...aProfile() }] } });

    // Act
    const response = await findByEmail({ email: 'Ana@Example.org' });

    // Assess
    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toEqual({ customers: [aProfile()] });
    expect(dynamo).toHaveReceivedCommandWith(QueryCommand, { ExpressionAttributeValues: { ':pk': 'EMAIL#ana@example.org' }, Limit: 25 });
  });

  it('answers an empty list for an address nobody used', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({ Items: [] });

    // Act
    const response = await findByEmail({ email: 'nobody@example.org' });

    // Assess
    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toEqual({ customers: [] });
  });

  it.each([{}, { email: 'not-an-address' }])('refuses %j with 400 naming email, before reading anything', async (query) => {
    // Act
    const response = await findByEmail(query as Record<string, string>);

    // Assess
    expect(response.statusCode).toBe(400);
    expect((bodyOf(response).issues as Array<{ field: string }>).map((i) => i.field)).toEqual(['email']);
    expect(dynamo.calls()).toHaveLength(0);
  });
});
