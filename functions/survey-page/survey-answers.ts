// Use cases of the survey page: open an invitation by its token, and record (or replace) its answer with its comment's analysis.
import type { CommentInsights } from '../domain/insights.js';
import { checkRevisable, nextAnswer } from '../domain/answers.js';
import { surveyOf, type Answer, type AnswerValues, type Invitation } from '../domain/model.js';
import { localeOf } from '../domain/survey-definition.js';
import type { CommentInsightDeps } from '../insights/analyze-comment.js';
import { Expired, InvalidInput, NotFound } from '../shared/errors.js';
import { METRIC, countMetric } from '../shared/metrics.js';
import { ConcurrentAnswer, type AnswerStore } from '../store/answer-store.js';
import { TOKEN_PATTERN } from './answer-schema.js';

export interface SurveyAnswerDeps {
  answers: AnswerStore;
  now: () => Date;
}

export type SubmitAnswerDeps = SurveyAnswerDeps & CommentInsightDeps;

/** The invitation of a link and its current answer, expired or not; NotFound for an unknown token. */
export async function findSurvey(token: string, deps: SurveyAnswerDeps): Promise<{ invitation: Invitation; answer: Answer | null }> {
  const found = TOKEN_PATTERN.test(token) ? await deps.answers.findByToken(token) : null;
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
    throw new InvalidInput(
      `Invalid answer: ${extra.join(', ')} was not asked`,
      extra.map((field) => ({ field, message: 'was not asked in this survey' })),
    );
  }
}

/**
 * The invitation of an unsubscribe link. Emails sent before unsubscribe tokens existed carry the survey token in their
 * unsubscribe link: it is accepted for those invitations only (they have no unsubscribe token), while its item lives.
 */
export async function findUnsubscribe(token: string, deps: SurveyAnswerDeps): Promise<Invitation> {
  if (!TOKEN_PATTERN.test(token)) throw new NotFound('We could not find this survey.');
  const invitation = (await deps.answers.findByUnsubscribeToken(token)) ?? (await deps.answers.findByToken(token))?.invitation;
  if (!invitation || (invitation.unsubscribeToken !== undefined && invitation.unsubscribeToken !== token)) throw new NotFound('We could not find this survey.');
  return invitation;
}

/** One click (RFC 8058) or the page's button: the customer gets no survey email any more, whatever the channel. */
export async function unsubscribeByToken(token: string, deps: SurveyAnswerDeps): Promise<Invitation> {
  const invitation = await findUnsubscribe(token, deps);
  if (!(await deps.answers.unsubscribe(invitation.customerId, deps.now().toISOString()))) throw new NotFound('We could not find this survey.');
  return invitation;
}

/**
 * The analysis stored with a comment: its sentiment, keywords and the topics current now; none without a comment.
 * The customer's locale is read only when the words cannot tell the language: most comments cost no extra read.
 */
async function analyseComment(comment: string | undefined, invitation: Invitation, deps: SubmitAnswerDeps): Promise<CommentInsights | undefined> {
  const text = comment?.trim();
  if (!text) return undefined;
  const { topics } = await deps.topics.getTopics();
  return deps.analyzer.analyze(text, { topics, languageHint: async () => localeOf((await deps.answers.getProfile(invitation.customerId))?.locale) });
}

/**
 * 1. Open the invitation (unknown: NotFound, expired: Expired); refuse answers to questions it did not ask, and a
 *    submit after MAX_REVISIONS (Conflict: each one would be stored, counted and sent to webhooks again).
 * 2. Analyse the comment, once per submit; an edited comment is a new submit, so it is analysed again.
 * 3. Build the next answer with the analysis (functions/domain/answers.ts) and store it, conditionally on the revision read
 *    (and below the limit), so that two submits never interleave.
 * 4. If another submit won the race, read again and replace it: the last submit wins, one answer remains.
 */
export async function submitAnswer(token: string, values: AnswerValues, deps: SubmitAnswerDeps): Promise<{ answer: Answer; invitation: Invitation }> {
  let insights: CommentInsights | undefined;
  for (let attempt = 0; ; attempt++) {
    const { invitation, answer } = await openSurvey(token, deps);
    checkAsked(values, invitation);
    checkRevisable(answer);
    if (attempt === 0) insights = await analyseComment(values.comment, invitation, deps);
    try {
      // The analysis travels with the values, onto the answer; the store keeps it only over the answer read.
      const saved = nextAnswer(invitation, answer, { ...values, ...insights }, deps.now().toISOString());
      await deps.answers.saveAnswer(invitation, saved);
      // A survey is answered once; a later edit replaces the answer and is not counted again.
      if (!answer) countMetric(METRIC.surveyAnswered);
      return { answer: saved, invitation };
    } catch (error) {
      if (!(error instanceof ConcurrentAnswer) || attempt >= 3) throw error;
    }
  }
}
