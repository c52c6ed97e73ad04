// The customer's pages, by survey link token:
// GET /s/{token} renders the survey (a link's ?score= only preselects the lead question: scanners that follow links
// record nothing); POST /s/{token} stores the answer from the page's form or from JSON;
// GET /u/{token} asks to confirm an unsubscribe; POST /u/{token} unsubscribes (RFC 8058 one-click, or the page's button).
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from '../shared/zod.js';
import { surveyOf, type AnswerValues } from '../domain/model.js';
import { SCALES, resolveLocale, type Locale } from '../domain/survey-definition.js';
import { now } from '../shared/clock.js';
import { loadConfig } from '../shared/config.js';
import { Expired, InvalidInput, NotFound, UnsupportedMediaType, type AppError } from '../shared/errors.js';
import { bodyText, header, html, httpEdge, json, mediaType, parseJson, presentErrorAsJson, validate, type HttpResult } from '../shared/http.js';
import { documentClient, tableName } from '../store/dynamodb-client.js';
import { DynamoDbAnswerStore } from '../store/dynamodb-answer-store.js';
import { commentInsightDeps } from '../insights/dependencies.js';
import { dispatch } from '../shared/route-dispatch.js';
import { MAX_ANSWER_BYTES, answerSchema, toAnswerValues } from './answer-schema.js';
import { SURVEY_PAGE_CSP, renderMessagePage, renderSurveyPage, renderThanksPage, renderUnsubscribePage, surveyMessages } from './page.js';
import { findUnsubscribe, openSurvey, submitAnswer, unsubscribeByToken, type SubmitAnswerDeps } from './survey-answers.js';

interface PageDeps extends SubmitAnswerDeps {
  brandName: string;
}

const wantsJson = (event: APIGatewayProxyEventV2) =>
  mediaType(event) === 'application/json' || (/application\/json/.test(header(event, 'accept') ?? '') && !/text\/html/.test(header(event, 'accept') ?? ''));

/** Before the invitation is known (an unknown token), the browser's language. */
const browserLocale = (event: APIGatewayProxyEventV2): Locale => resolveLocale(header(event, 'accept-language')?.split(',')[0]?.trim());

const presentErrorAsPage =
  (brandName: string) =>
  (error: AppError, event: APIGatewayProxyEventV2): HttpResult => {
    if (wantsJson(event)) return presentErrorAsJson(error, event);
    const locale = browserLocale(event);
    const messages = surveyMessages(locale);
    const text =
      error instanceof NotFound
        ? messages.notFound
        : error instanceof Expired
          ? messages.closed
          : error.status >= 500
            ? messages.unavailable
            : { title: messages.unavailable.title, message: error.message };
    return html(error.status, renderMessagePage({ brandName, ...text, locale }), SURVEY_PAGE_CSP);
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

const typedValues = (raw: Record<string, unknown>): AnswerValues => ({
  ...(/^\d+$/.test(String(raw.csat ?? '')) ? { csat: Number(raw.csat) } : {}),
  ...(/^\d+$/.test(String(raw.nps ?? '')) ? { nps: Number(raw.nps) } : {}),
  ...(/^\d+$/.test(String(raw.ces ?? '')) ? { ces: Number(raw.ces) } : {}),
  ...(raw.resolved === 'yes' || raw.resolved === 'no' ? { resolved: raw.resolved === 'yes' } : {}),
  ...(typeof raw.comment === 'string' ? { comment: raw.comment } : {}),
});

// Unsubscribing works even after the survey closed: the link in any old email keeps its promise.
const confirmUnsubscribe =
  (deps: PageDeps) =>
  async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const invitation = await findUnsubscribe(event.pathParameters?.token ?? '', deps);
    return html(200, renderUnsubscribePage({ brandName: deps.brandName, locale: surveyOf(invitation).locale, state: 'confirm' }), SURVEY_PAGE_CSP);
  };

const unsubscribe =
  (deps: PageDeps) =>
  async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const invitation = await unsubscribeByToken(event.pathParameters?.token ?? '', deps);
    return html(200, renderUnsubscribePage({ brandName: deps.brandName, locale: surveyOf(invitation).locale, state: 'done' }), SURVEY_PAGE_CSP);
  };

const showSurvey =
  (deps: PageDeps) =>
  async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const token = event.pathParameters?.token ?? '';
    const { invitation, answer } = await openSurvey(token, deps);
    const survey = surveyOf(invitation);
    const scale = SCALES[survey.lead];
    const linkScore = Number(event.queryStringParameters?.score);
    const preselect = Number.isInteger(linkScore) && linkScore >= scale.min && linkScore <= scale.max ? { [survey.lead]: linkScore } : {};
    const page = renderSurveyPage({
      brandName: deps.brandName,
      channel: invitation.channel,
      occurredAt: invitation.occurredAt,
      values: { ...toAnswerValues(answer ?? {}), ...preselect },
      alreadyAnswered: answer !== null,
      locale: survey.locale,
      questions: survey.questions,
      wording: survey.wording,
    });
    return html(200, page, SURVEY_PAGE_CSP);
  };

const submitSurvey =
  (deps: PageDeps) =>
  async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const token = event.pathParameters?.token ?? '';
    const { raw, fromForm } = readSubmission(event);
    let submitted;
    try {
      submitted = await submitAnswer(token, toAnswerValues(validate(answerSchema, raw, 'answer')), deps);
    } catch (error) {
      if (!(error instanceof InvalidInput) || !fromForm) throw error;
      // Give the page back with what they typed and what to fix, unless the link itself is dead.
      const { invitation, answer } = await openSurvey(token, deps);
      const survey = surveyOf(invitation);
      const page = renderSurveyPage({
        brandName: deps.brandName,
        channel: invitation.channel,
        occurredAt: invitation.occurredAt,
        values: typedValues(raw),
        errors: error.issues,
        alreadyAnswered: answer !== null,
        locale: survey.locale,
        questions: survey.questions,
        wording: survey.wording,
      });
      return html(400, page, SURVEY_PAGE_CSP);
    }
    const { answer, invitation } = submitted;
    if (!fromForm) return json(200, { surveyId: answer.surveyId, answer: toAnswerValues(answer), revision: answer.revision, answeredAt: answer.answeredAt });
    const survey = surveyOf(invitation);
    return html(
      200,
      renderThanksPage({ brandName: deps.brandName, values: toAnswerValues(answer), locale: survey.locale, questions: survey.questions }),
      SURVEY_PAGE_CSP,
    );
  };

export const makeSurveyPage = (deps: PageDeps) =>
  dispatch('surveyPage', {
    'GET /s/{token}': showSurvey(deps),
    'POST /s/{token}': submitSurvey(deps),
    'GET /u/{token}': confirmUnsubscribe(deps),
    'POST /u/{token}': unsubscribe(deps),
  });

const config = loadConfig({ BRAND_NAME: z.string().check(z.minLength(1)) });

export const handler = middy(
  makeSurveyPage({ answers: new DynamoDbAnswerStore(documentClient, tableName), ...commentInsightDeps, now, brandName: config.BRAND_NAME }),
).use(httpEdge('survey-page', presentErrorAsPage(config.BRAND_NAME)));
