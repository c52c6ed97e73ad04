// GET /s/{token} renders the survey (a link's ?score= only preselects: scanners that follow links record nothing);
// POST /s/{token} stores the answer from the page's form or from JSON.
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { z } from 'zod';
import { loadConfig } from '../shared/config.js';
import { Expired, InvalidInput, NotFound, UnsupportedMediaType, type AppError } from '../shared/errors.js';
import { bodyText, header, html, httpEdge, json, mediaType, parseJson, presentErrorAsJson, validate, type HttpResult } from '../shared/http.js';
import { documentClient, tableName } from '../store/dynamodb-client.js';
import { DynamoDbSurveyStore } from '../store/dynamodb-survey-store.js';
import { withCommentInsights } from '../insights/comment-insights-store.js';
import { commentInsightDeps } from '../insights/dependencies.js';
import { MAX_ANSWER_BYTES, answerSchema, toAnswerValues } from './answer-schema.js';
import { SURVEY_MESSAGES, SURVEY_PAGE_CSP, renderMessagePage, renderSurveyPage, renderThanksPage } from './page.js';
import { openSurvey, submitAnswer, type SurveyAnswerDeps } from './survey-answers.js';

interface PageDeps extends SurveyAnswerDeps {
  brandName: string;
}

const wantsJson = (event: APIGatewayProxyEventV2) =>
  mediaType(event) === 'application/json' || (/application\/json/.test(header(event, 'accept') ?? '') && !/text\/html/.test(header(event, 'accept') ?? ''));

const presentErrorAsPage = (brandName: string) => (error: AppError, event: APIGatewayProxyEventV2): HttpResult => {
  if (wantsJson(event)) return presentErrorAsJson(error, event);
  const text =
    error instanceof NotFound ? SURVEY_MESSAGES.notFound : error instanceof Expired ? SURVEY_MESSAGES.closed : { title: 'Something is not right', message: error.message };
  return html(error.status, renderMessagePage({ brandName, ...text }), SURVEY_PAGE_CSP);
};

/** The submitted fields as typed, so that a page with errors gives every character back. */
function formFields(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(text)) if (key in fields === false) fields[key] = value;
  return fields;
}

function readSubmission(event: APIGatewayProxyEventV2): { raw: Record<string, unknown>; fromForm: boolean } {
  const type = mediaType(event);
  if (type === 'application/x-www-form-urlencoded') return { raw: formFields(bodyText(event, MAX_ANSWER_BYTES)), fromForm: true };
  if (type === 'application/json') {
    const raw = parseJson(bodyText(event, MAX_ANSWER_BYTES));
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new InvalidInput('Invalid answer: the body must be a JSON object', [{ field: '(body)', message: 'must be a JSON object' }]);
    }
    return { raw: raw as Record<string, unknown>, fromForm: false };
  }
  throw new UnsupportedMediaType(`Send the answer as application/x-www-form-urlencoded or application/json (got ${type || 'no content-type'}).`);
}

export const makeSurveyPage =
  (deps: PageDeps) =>
  async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const token = event.pathParameters?.token ?? '';
    if (event.requestContext.http.method === 'GET') {
      const { invitation, answer } = await openSurvey(token, deps);
      const linkScore = Number(event.queryStringParameters?.score);
      const preselect = Number.isInteger(linkScore) && linkScore >= 1 && linkScore <= 5 ? { csat: linkScore } : {};
      const page = renderSurveyPage({
        brandName: deps.brandName,
        channel: invitation.channel,
        occurredAt: invitation.occurredAt,
        values: { ...(answer ?? {}), ...preselect },
        alreadyAnswered: answer !== null,
      });
      return html(200, page, SURVEY_PAGE_CSP);
    }

    const { raw, fromForm } = readSubmission(event);
    let values;
    try {
      values = toAnswerValues(validate(answerSchema, raw, 'answer'));
    } catch (error) {
      if (!(error instanceof InvalidInput) || !fromForm) throw error;
      // Give the page back with what they typed and what to fix, unless the link itself is dead.
      const { invitation, answer } = await openSurvey(token, deps);
      const typed = {
        ...(/^\d+$/.test(String(raw.csat ?? '')) ? { csat: Number(raw.csat) } : {}),
        ...(/^\d+$/.test(String(raw.nps ?? '')) ? { nps: Number(raw.nps) } : {}),
        ...(raw.resolved === 'yes' || raw.resolved === 'no' ? { resolved: raw.resolved === 'yes' } : {}),
        ...(typeof raw.comment === 'string' ? { comment: raw.comment } : {}),
      };
      const page = renderSurveyPage({
        brandName: deps.brandName,
        channel: invitation.channel,
        occurredAt: invitation.occurredAt,
        values: typed,
        errors: error.issues,
        alreadyAnswered: answer !== null,
      });
      return html(400, page, SURVEY_PAGE_CSP);
    }
    const answer = await submitAnswer(token, values, deps);
    if (!fromForm) return json(200, { surveyId: answer.surveyId, answer: toAnswerValues(answer), revision: answer.revision, answeredAt: answer.answeredAt });
    return html(200, renderThanksPage({ brandName: deps.brandName, values }), SURVEY_PAGE_CSP);
  };

const config = loadConfig({ BRAND_NAME: z.string().min(1) });

export const handler = middy(
  makeSurveyPage({ store: withCommentInsights(new DynamoDbSurveyStore(documentClient, tableName), commentInsightDeps), now: () => new Date(), brandName: config.BRAND_NAME }),
).use(httpEdge('survey-page', presentErrorAsPage(config.BRAND_NAME)));
