import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Invitation } from '../../../functions/domain/model.js';
import { InvalidInput, NotFound, UnsupportedMediaType } from '../../../functions/shared/errors.js';
import { routePath } from '../../../functions/routes.js';
import { invitationKey, tokenKey } from '../../../functions/store/keys.js';
import { handler, makeSurveyPage } from '../../../functions/survey-page/http-handler.js';
import { httpEvent, lambdaContext, type HttpRequest } from '../support/events.js';
import { anInvitation, aProfile, NOW, REF, TOKEN } from '../support/fixtures.js';
import { nextAnswer } from '../../../functions/domain/answers.js';
import { InMemoryAnswerStore } from '../support/in-memory-survey-store.js';
import { commentInsightsOver } from '../support/topics.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const JSON_BODY = { 'content-type': 'application/json' };

function request(overrides: Omit<HttpRequest, 'method'> & { method?: 'GET' | 'POST'; token?: string } = {}) {
  const { token = TOKEN, method = 'GET', ...rest } = overrides;
  return httpEvent({ method, path: routePath('/s/{token}', { token }), routeKey: `${method} /s/{token}`, pathParameters: { token }, ...rest });
}

/** A form as a browser posts it, base64-encoded as API Gateway hands it to the function. */
function formPost(fields: string, token = TOKEN) {
  return request({ token, method: 'POST', headers: FORM, body: Buffer.from(fields, 'utf8').toString('base64'), isBase64Encoded: true });
}

/** The values of the checked radio buttons of one question. */
function checked(html: string, name: string): string[] {
  return (html.match(/<input\b[^>]*>/g) ?? [])
    .filter((tag) => tag.includes(` name="${name}"`) && /\schecked(?=[\s>])/.test(tag))
    .map((tag) => /\svalue="([^"]*)"/.exec(tag)?.[1] ?? '');
}

function textarea(html: string): string | undefined {
  return /<textarea\b[^>]*>\n?([\s\S]*?)<\/textarea>/.exec(html)?.[1];
}

describe('the survey page, with its use cases', () => {
  function setup(invitation: Invitation = anInvitation()) {
    const store = new InMemoryAnswerStore();
    store.seed(invitation, aProfile());
    const page = makeSurveyPage({ answers: store, ...commentInsightsOver(), now: () => NOW, brandName: 'Example Co' });
    return { store, page };
  }

  it('shows the survey with nothing chosen', async () => {
    // Prepare
    const { page } = setup();

    // Act
    const response = await page(request());

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({ 'content-type': 'text/html; charset=utf-8', 'referrer-policy': 'no-referrer' });
    expect(response.body).toContain('<form method="post" id="survey">');
    expect(checked(response.body!, 'csat')).toEqual([]);
  });

  it("preselects the score of the email's rating link without storing anything", async () => {
    // Prepare
    const { store, page } = setup();
    const save = vi.spyOn(store, 'saveAnswer');

    // Act
    const response = await page(request({ queryStringParameters: { score: '4' } }));

    // Assess
    expect(checked(response.body!, 'csat')).toEqual(['4']);
    expect(save).not.toHaveBeenCalled();
    expect(store.answers.size).toBe(0);
  });

  it.each(['0', '6', '2.5', 'abc', '', '-1'])('preselects nothing for a link score of %j', async (score) => {
    // Prepare
    const { page } = setup();

    // Act
    const response = await page(request({ queryStringParameters: { score } }));

    // Assess
    expect(response.statusCode).toBe(200);
    expect(checked(response.body!, 'csat')).toEqual([]);
  });

  it('shows the earlier answer of a customer who opens the survey again', async () => {
    // Prepare
    const { store, page } = setup();
    await store.saveAnswer(REF, nextAnswer(anInvitation(), null, { csat: 2, nps: 0, resolved: false, comment: 'Too slow' }, NOW.toISOString()));

    // Act
    const response = await page(request());

    // Assess
    expect(checked(response.body!, 'csat')).toEqual(['2']);
    expect(checked(response.body!, 'nps')).toEqual(['0']);
    expect(checked(response.body!, 'resolved')).toEqual(['no']);
    expect(textarea(response.body!)).toBe('Too slow');
    expect(response.body).toContain('already answered');
  });

  it("lets a rating link's score override the earlier answer on the page only", async () => {
    // Prepare
    const { store, page } = setup();
    await store.saveAnswer(REF, nextAnswer(anInvitation(), null, { csat: 2 }, NOW.toISOString()));

    // Act
    const response = await page(request({ queryStringParameters: { score: '5' } }));

    // Assess
    expect(checked(response.body!, 'csat')).toEqual(['5']);
    expect(store.answers.get(REF.interactionId)?.csat).toBe(2);
  });

  it.each(['0', '6'])('keeps the earlier answer on the page for a link score of %j', async (score) => {
    // Prepare
    const { store, page } = setup();
    await store.saveAnswer(REF, nextAnswer(anInvitation(), null, { csat: 2 }, NOW.toISOString()));

    // Act
    const response = await page(request({ queryStringParameters: { score } }));

    // Assess
    expect(checked(response.body!, 'csat')).toEqual(['2']);
  });

  it('stores an answer posted from the page and thanks the customer', async () => {
    // Prepare
    const { store, page } = setup();

    // Act
    const response = await page(formPost('csat=4&nps=0&resolved=yes&comment=Quick+and+kind'));

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Thank you for your feedback');
    expect(store.answers.get(REF.interactionId)).toMatchObject({ csat: 4, nps: 0, resolved: true, comment: 'Quick and kind', revision: 1 });
  });

  it('keeps the first value of a field posted twice', async () => {
    // Prepare
    const { store, page } = setup();

    // Act
    await page(formPost('csat=4&csat=1'));

    // Assess
    expect(store.answers.get(REF.interactionId)?.csat).toBe(4);
  });

  it('answers a JSON client in JSON', async () => {
    // Prepare
    const { page } = setup();

    // Act
    const response = await page(request({ method: 'POST', headers: JSON_BODY, body: JSON.stringify({ csat: 5, resolved: true }) }));

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({ 'content-type': 'application/json; charset=utf-8' });
    expect(JSON.parse(response.body!)).toEqual({
      surveyId: anInvitation().surveyId,
      answer: { csat: 5, resolved: true },
      revision: 1,
      answeredAt: NOW.toISOString(),
    });
  });

  it('replaces an earlier answer with the next revision', async () => {
    // Prepare
    const { store, page } = setup();
    await page(formPost('csat=2'));

    // Act
    await page(formPost('csat=5'));

    // Assess
    expect(store.answers.get(REF.interactionId)).toMatchObject({ csat: 5, revision: 2, firstAnsweredAt: NOW.toISOString() });
  });

  it('gives the page back with 400, what was typed and the field to fix, and stores nothing', async () => {
    // Prepare
    const { store, page } = setup();
    const typed = 'It took <three> calls & a week';

    // Act
    const response = await page(formPost(`csat=9&resolved=yes&comment=${encodeURIComponent(typed)}`));

    // Assess
    expect(response.statusCode).toBe(400);
    expect(response.headers).toMatchObject({ 'content-type': 'text/html; charset=utf-8' });
    expect(textarea(response.body!)).toBe('It took &lt;three&gt; calls &amp; a week');
    expect(checked(response.body!, 'resolved')).toEqual(['yes']);
    expect(response.body).toContain('<li><a href="#csat">Please choose a number from 1 to 5.</a></li>');
    expect(store.answers.size).toBe(0);
  });

  it('asks for at least one answer when the form is sent empty', async () => {
    // Prepare
    const { page } = setup();

    // Act
    const response = await page(formPost('comment=++'));

    // Assess
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('<li><a href="#csat">Please answer at least one question.</a></li>');
  });

  it('does not give the form back for an invalid answer to an unknown survey', async () => {
    // Prepare
    const { page } = setup();

    // Act
    const responding = page(formPost('csat=9', 'Zz'.repeat(16)));

    // Assess
    await expect(responding).rejects.toBeInstanceOf(NotFound);
  });

  it('refuses an invalid JSON answer, naming the field', async () => {
    // Prepare
    const { page } = setup();

    // Act
    const responding = page(request({ method: 'POST', headers: JSON_BODY, body: JSON.stringify({ csat: 6 }) }));

    // Assess
    await expect(responding).rejects.toBeInstanceOf(InvalidInput);
    await expect(responding).rejects.toMatchObject({ issues: [{ field: 'csat', message: 'must be a whole number from 1 to 5' }] });
  });

  it('refuses a JSON body that is not an object, naming the body', async () => {
    // Prepare
    const { page } = setup();

    // Act
    const responding = page(request({ method: 'POST', headers: JSON_BODY, body: '[5]' }));

    // Assess
    await expect(responding).rejects.toMatchObject({ issues: [{ field: '(body)', message: 'must be a JSON object' }] });
  });

  it('refuses an answer that is neither a form nor JSON', async () => {
    // Prepare
    const { page } = setup();

    // Act
    const responding = page(request({ method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'csat=5' }));

    // Assess
    await expect(responding).rejects.toBeInstanceOf(UnsupportedMediaType);
  });
});

describe('the unsubscribe page, with its use case', () => {
  function setup(invitation: Invitation = anInvitation()) {
    const store = new InMemoryAnswerStore();
    store.seed(invitation, aProfile());
    const page = makeSurveyPage({ answers: store, ...commentInsightsOver(), now: () => NOW, brandName: 'Example Co' });
    return { store, page };
  }

  function unsubscribeRequest(method: 'GET' | 'POST', token = TOKEN, extra: HttpRequest = {}) {
    return httpEvent({ method, path: routePath('/u/{token}', { token }), routeKey: `${method} /u/{token}`, pathParameters: { token }, ...extra });
  }

  it('asks the customer to confirm, and changes nothing on a GET (link scanners follow links)', async () => {
    // Prepare
    const { store, page } = setup();

    // Act
    const response = await page(unsubscribeRequest('GET'));

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({ 'content-type': 'text/html; charset=utf-8' });
    expect(response.body).toContain('<h1>Stop survey emails from Example Co?</h1>');
    expect(response.body).toContain('<form method="post">');
    expect(store.profiles.get(REF.customerId)).not.toHaveProperty('unsubscribedAt');
  });

  it("unsubscribes on a mailbox provider's one-click POST (RFC 8058) and says so", async () => {
    // Prepare
    const { store, page } = setup();

    // Act
    const response = await page(unsubscribeRequest('POST', TOKEN, { headers: FORM, body: 'List-Unsubscribe=One-Click' }));

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<h1>You&#39;re unsubscribed</h1>');
    expect(store.profiles.get(REF.customerId)?.unsubscribedAt).toBe(NOW.toISOString());
  });

  it('unsubscribes from the link of a survey that has closed', async () => {
    // Prepare
    const { store, page } = setup(anInvitation({ expiresAt: '2026-03-01T00:00:00.000Z' }));

    // Act
    const response = await page(unsubscribeRequest('POST'));

    // Assess
    expect(response.statusCode).toBe(200);
    expect(store.profiles.get(REF.customerId)?.unsubscribedAt).toBe(NOW.toISOString());
  });

  it("speaks the invitation's language", async () => {
    // Prepare
    const { page } = setup(
      anInvitation({ survey: { locale: 'de', questions: ['csat', 'nps', 'resolved', 'comment'], lead: 'csat', wording: {}, definitionVersion: 0 } }),
    );

    // Act
    const response = await page(unsubscribeRequest('GET'));

    // Assess
    expect(response.body).toContain('<html lang="de">');
  });

  it('answers an unknown token with NotFound and unsubscribes nobody', async () => {
    // Prepare
    const { store, page } = setup();
    const unsubscribe = vi.spyOn(store, 'unsubscribe');

    // Act
    const responding = page(unsubscribeRequest('POST', 'Zz'.repeat(16)));

    // Assess
    await expect(responding).rejects.toBeInstanceOf(NotFound);
    expect(unsubscribe).not.toHaveBeenCalled();
  });
});

describe('the survey page function, with its error pages', () => {
  // The real function, middleware and store adapter; only DynamoDB is mocked.
  const dynamo = mockClient(DynamoDBDocumentClient);
  const tokenItem = { ...tokenKey(TOKEN), type: 'SurveyToken', v: 1, ...REF };
  const invitationItem = (overrides: Partial<Invitation> = {}) => ({
    ...invitationKey(REF.customerId, REF.occurredAt, REF.interactionId),
    type: 'Invitation',
    v: 1,
    ...anInvitation(overrides),
  });

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
  });

  afterEach(() => {
    dynamo.reset();
    vi.useRealTimers();
  });

  it('shows a friendly 404 page for an unknown token', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({});

    // Act
    const response = await handler(request(), lambdaContext);

    // Assess
    expect(response.statusCode).toBe(404);
    expect(response.headers).toMatchObject({ 'content-type': 'text/html; charset=utf-8', 'x-frame-options': 'DENY' });
    expect(response.body).toContain('<h1>We couldn&#39;t find this survey</h1>');
  });

  it('shows the 404 page for a token that is not one of ours, without reading the table', async () => {
    // Act
    const response = await handler(request({ token: 'not-a-token' }), lambdaContext);

    // Assess
    expect(response.statusCode).toBe(404);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('shows a 410 page for an expired survey', async () => {
    // Prepare
    dynamo.on(GetCommand, { Key: tokenKey(TOKEN) }).resolves({ Item: tokenItem });
    dynamo.on(QueryCommand).resolves({ Items: [invitationItem({ expiresAt: '2026-03-01T00:00:00.000Z' })] });

    // Act
    const response = await handler(request(), lambdaContext);

    // Assess
    expect(response.statusCode).toBe(410);
    expect(response.body).toContain('<h1>This survey has closed</h1>');
  });

  it('shows the 410 page when the survey expires between reading it and storing the answer', async () => {
    // Prepare
    dynamo.on(GetCommand, { Key: tokenKey(TOKEN) }).resolves({ Item: tokenItem });
    dynamo.on(QueryCommand).resolves({ Items: [invitationItem()] });
    dynamo
      .on(TransactWriteCommand)
      .rejects(
        new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }] }),
      );

    // Act
    const response = await handler(formPost('csat=5'), lambdaContext);

    // Assess
    expect(response.statusCode).toBe(410);
    expect(response.body).toContain('<h1>This survey has closed</h1>');
  });

  it('answers a JSON client in JSON for an unknown survey', async () => {
    // Prepare
    dynamo.on(GetCommand).resolves({});

    // Act
    const response = await handler(request({ method: 'POST', headers: JSON_BODY, body: JSON.stringify({ csat: 5 }) }), lambdaContext);

    // Assess
    expect(response.statusCode).toBe(404);
    expect(JSON.parse(response.body!)).toEqual({ error: 'not_found', message: 'We could not find this survey.' });
  });

  it('answers a client that accepts only JSON in JSON for an expired survey', async () => {
    // Prepare
    dynamo.on(GetCommand, { Key: tokenKey(TOKEN) }).resolves({ Item: tokenItem });
    dynamo.on(QueryCommand).resolves({ Items: [invitationItem({ expiresAt: '2026-03-01T00:00:00.000Z' })] });

    // Act
    const response = await handler(request({ headers: { accept: 'application/json' } }), lambdaContext);

    // Assess
    expect(response.statusCode).toBe(410);
    expect(JSON.parse(response.body!)).toEqual({ error: 'expired', message: 'This survey has closed.' });
  });

  it('answers an invalid JSON answer with 400 in JSON, naming the field', async () => {
    // Act
    const response = await handler(request({ method: 'POST', headers: JSON_BODY, body: JSON.stringify({ resolved: 'maybe' }) }), lambdaContext);

    // Assess
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body!)).toMatchObject({ error: 'invalid_input', issues: [{ field: 'resolved', message: 'must be yes or no' }] });
    expect(dynamo.calls()).toHaveLength(0);
  });
});
