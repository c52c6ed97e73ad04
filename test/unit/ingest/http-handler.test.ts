import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/ingest/http-handler.js';
import { interactionGuardKey, invitationKey, surveyDefinitionKey } from '../../../functions/store/keys.js';
import { httpEvent, lambdaContext } from '../support/events.js';
import { anInteractionEvent, anInvitation, NOW, REF } from '../support/fixtures.js';

// The real function, middleware and adapters; only DynamoDB and SQS are mocked.
const dynamo = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: NOW });
  // No program saved for the channel: the defaults (every interaction, sent at once).
  dynamo.on(GetCommand, { Key: surveyDefinitionKey('voice') }).resolves({});
});

afterEach(() => {
  dynamo.reset();
  sqs.reset();
  vi.useRealTimers();
});

function post(body: string, headers: Record<string, string> = { 'content-type': 'application/json' }, isBase64Encoded = false) {
  return handler(httpEvent({ method: 'POST', path: '/interactions', routeKey: 'POST /interactions', headers, body, isBase64Encoded }), lambdaContext);
}

function bodyOf(result: { body?: string }): Record<string, unknown> {
  return JSON.parse(result.body ?? '') as Record<string, unknown>;
}

describe('POST /interactions', () => {
  it('answers 202 with the scheduled survey and queues its invitation', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });

    // Act
    const response = await post(JSON.stringify(anInteractionEvent()));

    // Assess
    expect(response.statusCode).toBe(202);
    expect(bodyOf(response)).toEqual({ interactionId: REF.interactionId, surveyId: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'scheduled' });
    expect(dynamo).toHaveReceivedCommandWith(GetCommand, { TableName: 'feedback-test', Key: surveyDefinitionKey('voice'), ConsistentRead: true });
    expect(sqs).toHaveReceivedCommandExactlyOnceWith(SendMessageCommand, {
      QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/invitations',
      MessageBody: JSON.stringify({ ...REF, kind: 'invitation' }),
    });
  });

  it("holds the invitation back for the channel's send delay", async () => {
    // Prepare
    dynamo
      .on(GetCommand, { Key: surveyDefinitionKey('voice') })
      .resolves({ Item: { ...surveyDefinitionKey('voice'), type: 'SurveyDefinition', v: 1, sendDelayMinutes: 10, version: 3 } });
    dynamo.on(TransactWriteCommand).resolves({});
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });

    // Act
    const response = await post(JSON.stringify(anInteractionEvent()));

    // Assess
    expect(response.statusCode).toBe(202);
    expect(sqs).toHaveReceivedCommandExactlyOnceWith(SendMessageCommand, {
      QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/invitations',
      MessageBody: JSON.stringify({ ...REF, kind: 'invitation' }),
      DelaySeconds: 600,
    });
  });

  it('answers 202 with a skip, and queues nothing, for a channel whose survey is disabled', async () => {
    // Prepare
    dynamo.on(GetCommand, { Key: surveyDefinitionKey('voice') }).resolves({ Item: { ...surveyDefinitionKey('voice'), enabled: false, version: 2 } });
    dynamo.on(TransactWriteCommand).resolves({});

    // Act
    const response = await post(JSON.stringify(anInteractionEvent()));

    // Assess
    expect(response.statusCode).toBe(202);
    expect(bodyOf(response)).toEqual({ interactionId: REF.interactionId, surveyId: null, status: 'skipped', reason: 'channel_disabled' });
    expect(dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems).toHaveLength(4);
    expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
  });

  it('decodes a base64-encoded body', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).resolves({});
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    const encoded = Buffer.from(JSON.stringify(anInteractionEvent()), 'utf8').toString('base64');

    // Act
    const response = await post(encoded, { 'content-type': 'application/json; charset=utf-8' }, true);

    // Assess
    expect(response.statusCode).toBe(202);
  });

  it('answers a repeat with the first outcome and does not queue an invitation already sent', async () => {
    // Prepare
    const first = { interactionId: REF.interactionId, surveyId: 'first-survey', status: 'scheduled' };
    dynamo
      .on(TransactWriteCommand)
      .rejects(new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'ConditionalCheckFailed' }] }));
    dynamo
      .on(GetCommand, { Key: interactionGuardKey(REF.interactionId) })
      .resolves({ Item: { ...interactionGuardKey(REF.interactionId), ...REF, outcome: first } });
    dynamo
      .on(GetCommand, { Key: invitationKey(REF.customerId, REF.occurredAt, REF.interactionId) })
      .resolves({ Item: { ...anInvitation({ surveyId: 'first-survey', delivery: 'sent' }) } });

    // Act
    const response = await post(JSON.stringify(anInteractionEvent()));

    // Assess
    expect(response.statusCode).toBe(202);
    expect(bodyOf(response)).toEqual(first);
    expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
  });

  it('refuses a body that is not JSON with 415, before touching the table', async () => {
    // Act
    const response = await post(JSON.stringify(anInteractionEvent()), { 'content-type': 'text/plain' });

    // Assess
    expect(response.statusCode).toBe(415);
    expect(bodyOf(response)).toMatchObject({ error: 'unsupported_media_type' });
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('refuses malformed JSON with 400, naming the body', async () => {
    // Act
    const response = await post('{"interactionId": "call-1",');

    // Assess
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response)).toEqual({
      error: 'invalid_input',
      message: 'The request body is not valid JSON.',
      issues: [{ field: '(body)', message: 'is not valid JSON' }],
    });
  });

  it('refuses a body over 16 KiB with 413', async () => {
    // Act
    const response = await post(JSON.stringify(anInteractionEvent({ subject: 'x'.repeat(16 * 1024) })));

    // Assess
    expect(response.statusCode).toBe(413);
    expect(bodyOf(response)).toMatchObject({ error: 'payload_too_large' });
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('refuses an invalid customer email with 400, naming customer.email', async () => {
    // Act
    const response = await post(JSON.stringify(anInteractionEvent({ customer: { id: REF.customerId, email: 'not-an-email' } })));

    // Assess
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response).issues).toEqual([{ field: 'customer.email', message: 'must be an email address' }]);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('names every missing field', async () => {
    // Act
    const response = await post('{}');

    // Assess
    expect(response.statusCode).toBe(400);
    const fields = (bodyOf(response).issues as { field: string }[]).map((issue) => issue.field);
    expect(fields).toEqual(['interactionId', 'channel', 'occurredAt', 'customer']);
  });

  it('refuses an interaction from the future with 400, naming occurredAt', async () => {
    // Act
    const response = await post(JSON.stringify(anInteractionEvent({ occurredAt: '2026-03-02T11:00:00Z' })));

    // Assess
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response).issues).toEqual([{ field: 'occurredAt', message: 'is in the future' }]);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('answers an unexpected failure with 500 and a generic message, never the error text', async () => {
    // Prepare
    dynamo.on(TransactWriteCommand).rejects(new Error('ValidationException: table feedback-test key schema mismatch'));

    // Act
    const response = await post(JSON.stringify(anInteractionEvent()));

    // Assess
    expect(response.statusCode).toBe(500);
    expect(bodyOf(response)).toEqual({ error: 'internal', message: 'Something went wrong on our side.' });
    expect(response.body).not.toContain('feedback-test');
  });

  it.each([
    ['a server fault', Object.assign(new Error('InternalServerError at dynamodb.us-east-1'), { $fault: 'server' })],
    ['throttling', Object.assign(new Error('Rate exceeded for feedback-test'), { name: 'ThrottlingException' })],
    ['a reset connection', Object.assign(new Error('socket hang up 10.0.0.12'), { code: 'ECONNRESET' })],
  ])('answers %s with 503 and a retry hint, never the error text', async (_what, error) => {
    // Prepare
    dynamo.on(TransactWriteCommand).rejects(error);

    // Act
    const response = await post(JSON.stringify(anInteractionEvent()));

    // Assess
    expect(response.statusCode).toBe(503);
    expect(response.headers).toMatchObject({ 'retry-after': '1' });
    expect(bodyOf(response)).toEqual({ error: 'unavailable', message: 'A service we depend on is unavailable; please try again.' });
  });
});
