import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultDefinition } from '../../../functions/domain/survey-definition.js';
import { handler, makeSurveys } from '../../../functions/programs/http-handler.js';
import { InvalidInput } from '../../../functions/shared/errors.js';
import { httpEvent, lambdaContext } from '../support/events.js';
import { NOW } from '../support/fixtures.js';
import { InMemoryDefinitionStore } from '../support/in-memory-survey-store.js';

const JSON_BODY = { 'content-type': 'application/json' };

/** A request as API Gateway hands it over after the manager's JWT was checked. */
function surveysRequest(method: 'GET' | 'PUT', channel: string, body?: unknown) {
  const event = httpEvent({
    method,
    path: `/surveys/${channel}`,
    routeKey: `${method} /surveys/{channel}`,
    pathParameters: { channel },
    ...(body !== undefined ? { headers: JSON_BODY, body: JSON.stringify(body) } : {}),
  });
  return { ...event, requestContext: { ...event.requestContext, authorizer: { jwt: { claims: { sub: 'manager-1' }, scopes: [] } } } };
}

describe('GET and PUT /surveys/{channel}, with the use case', () => {
  function setup() {
    const store = new InMemoryDefinitionStore();
    return { store, surveys: makeSurveys({ store, now: () => NOW }) };
  }

  it("shows a channel's program, the defaults before anyone saved one", async () => {
    // Prepare
    const { surveys } = setup();

    // Act
    const response = await surveys(surveysRequest('GET', 'email'));

    // Assess
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body!)).toEqual(defaultDefinition('email'));
  });

  it('saves a program as the next version, with who changed it and when', async () => {
    // Prepare
    const { store, surveys } = setup();

    // Act
    const response = await surveys(surveysRequest('PUT', 'email', { questions: ['nps', 'comment'], lead: 'nps', sendDelayMinutes: 60 }));

    // Assess
    const expected = {
      ...defaultDefinition('email'),
      questions: ['nps', 'comment'],
      lead: 'nps',
      sendDelayMinutes: 60,
      version: 1,
      updatedAt: NOW.toISOString(),
      updatedBy: 'manager-1',
    };
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body!)).toEqual(expected);
    expect(await store.get('email')).toEqual(expected);
  });

  it('replaces the whole program: a field left out goes back to its default', async () => {
    // Prepare
    const { store, surveys } = setup();
    await surveys(surveysRequest('PUT', 'email', { samplingRate: 0.5, throttleDays: 14 }));

    // Act
    await surveys(surveysRequest('PUT', 'email', { samplingRate: 0.5 }));

    // Assess
    expect(await store.get('email')).toMatchObject({ samplingRate: 0.5, throttleDays: 0, version: 2 });
  });

  it('refuses an invalid program, naming the field, and saves nothing', async () => {
    // Prepare
    const { store, surveys } = setup();
    const put = vi.spyOn(store, 'put');

    // Act
    const saving = surveys(surveysRequest('PUT', 'email', { questions: ['csat', 'mood'] }));

    // Assess
    await expect(saving).rejects.toBeInstanceOf(InvalidInput);
    await expect(saving).rejects.toMatchObject({ issues: [{ field: 'questions.1', message: 'must be one of csat, nps, ces, resolved, comment' }] });
    expect(put).not.toHaveBeenCalled();
  });

  it('refuses a channel we do not have, naming it', async () => {
    // Prepare
    const { surveys } = setup();

    // Act
    const reading = surveys(surveysRequest('GET', 'fax'));

    // Assess
    await expect(reading).rejects.toBeInstanceOf(InvalidInput);
    await expect(reading).rejects.toMatchObject({ issues: [{ field: 'channel', message: 'must be one of voice, email, chat, web, community, social' }] });
  });
});

describe('the surveys function, with its adapter', () => {
  const dynamo = mockClient(DynamoDBDocumentClient);

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
  });

  afterEach(() => {
    dynamo.reset();
    vi.useRealTimers();
  });

  it('answers 409 when someone else saved the program between our read and our write', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({ Item: { pk: 'SURVEY#chat', sk: 'DEFINITION', ...defaultDefinition('chat'), version: 3 } });
    dynamo.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));

    // Act
    const response = await handler(surveysRequest('PUT', 'chat', { enabled: false }), lambdaContext);

    // Assess
    expect(response.statusCode).toBe(409);
    expect(JSON.parse(response.body!)).toMatchObject({ error: 'conflict' });
    expect(dynamo).toHaveReceivedCommandWith(PutCommand, { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': 3 } });
  });

  it('answers 400 naming the field for an invalid program, before writing anything', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({});

    // Act
    const response = await handler(surveysRequest('PUT', 'chat', { linkExpiryDays: 5, reminder: { enabled: true, afterDays: 5 } }), lambdaContext);

    // Assess
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body!).issues).toEqual([{ field: 'reminder.afterDays', message: 'must be fewer days than linkExpiryDays (5)' }]);
    expect(dynamo).not.toHaveReceivedCommand(PutCommand);
  });
});
