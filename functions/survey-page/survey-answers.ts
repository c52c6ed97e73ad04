// Use cases of the survey page: open an invitation by its token, and record (or replace) its answer.
import { surveyOf, type Answer, type AnswerValues, type Invitation } from '../domain/model.js';
import { Expired, InvalidInput, NotFound } from '../shared/errors.js';
import { METRIC, countMetric } from '../shared/metrics.js';
import { ConcurrentAnswer, type SurveyStore } from '../store/survey-store.js';
import { TOKEN_PATTERN } from './answer-schema.js';

export interface SurveyAnswerDeps {
  store: SurveyStore;
  now: () => Date;
}

/** The invitation of a link and its current answer, expired or not; NotFound for an unknown token. */
export async function findSurvey(token: string, deps: SurveyAnswerDeps): Promise<{ invitation: Invitation; answer: Answer | null }> {
  const found = TOKEN_PATTERN.test(token) ? await deps.store.findByToken(token) : null;
  if (!found) throw new NotFound('We could not find this survey.');
  return found;
}

/** A live invitation and its current answer; NotFound for an unknown token, Expired past its expiry. */
export async function openSurvey(token: string, deps: SurveyAnswerDeps): Promise<{ invitation: Invitation; answer: Answer | null }> {
  const found = await findSurvey(token, deps);
  if (Date.parse(found.invitation.expiresAt) <= deps.now().getTime()) throw new Expired('This survey has closed.');
  return found;
}

/** Only the questions the survey asked may be answered. */
export function checkAsked(values: AnswerValues, invitation: Invitation): void {
  const asked: readonly string[] = surveyOf(invitation).questions;
  const extra = Object.keys(values).filter((question) => !asked.includes(question));
  if (extra.length > 0) {
    throw new InvalidInput(`Invalid answer: ${extra.join(', ')} was not asked`, extra.map((field) => ({ field, message: 'was not asked in this survey' })));
  }
}

/** One click (RFC 8058) or the page's button: the customer gets no survey email any more, whatever the channel. */
export async function unsubscribeByToken(token: string, deps: SurveyAnswerDeps): Promise<Invitation> {
  const { invitation } = await findSurvey(token, deps);
  if (!(await deps.store.unsubscribe(invitation.customerId, deps.now().toISOString()))) throw new NotFound('We could not find this survey.');
  return invitation;
}

/**
 * 1. Open the invitation (unknown: NotFound, expired: Expired); refuse answers to questions it did not ask.
 * 2. Store the answer conditionally on the revision read, so that two submits never interleave.
 * 3. If another submit won the race, read again and replace it: the last submit wins, one answer remains.
 */
export async function submitAnswer(token: string, values: AnswerValues, deps: SurveyAnswerDeps): Promise<{ answer: Answer; invitation: Invitation }> {
  for (let attempt = 0; ; attempt++) {
    const { invitation, answer } = await openSurvey(token, deps);
    checkAsked(values, invitation);
    try {
      const saved = await deps.store.saveAnswer(invitation, answer, values, deps.now().toISOString());
      // A survey is answered once; a later edit replaces the answer and is not counted again.
      if (!answer) countMetric(METRIC.surveyAnswered);
      return { answer: saved, invitation };
    } catch (error) {
      if (!(error instanceof ConcurrentAnswer) || attempt >= 3) throw error;
    }
  }
}
