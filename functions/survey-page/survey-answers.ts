// Use cases of the survey page: open an invitation by its token, and record (or replace) its answer.
import type { Answer, AnswerValues, Invitation } from '../domain/model.js';
import { Expired, NotFound } from '../shared/errors.js';
import { ConcurrentAnswer, type SurveyStore } from '../store/survey-store.js';
import { TOKEN_PATTERN } from './answer-schema.js';

export interface SurveyAnswerDeps {
  store: SurveyStore;
  now: () => Date;
}

/** A live invitation and its current answer; NotFound for an unknown token, Expired past its expiry. */
export async function openSurvey(token: string, deps: SurveyAnswerDeps): Promise<{ invitation: Invitation; answer: Answer | null }> {
  const found = TOKEN_PATTERN.test(token) ? await deps.store.findByToken(token) : null;
  if (!found) throw new NotFound('We could not find this survey.');
  if (Date.parse(found.invitation.expiresAt) <= deps.now().getTime()) throw new Expired('This survey has closed.');
  return found;
}

/**
 * 1. Open the invitation (unknown: NotFound, expired: Expired).
 * 2. Store the answer conditionally on the revision read, so that two submits never interleave.
 * 3. If another submit won the race, read again and replace it: the last submit wins, one answer remains.
 */
export async function submitAnswer(token: string, values: AnswerValues, deps: SurveyAnswerDeps): Promise<Answer> {
  for (let attempt = 0; ; attempt++) {
    const { invitation, answer } = await openSurvey(token, deps);
    try {
      return await deps.store.saveAnswer(invitation, answer, values, deps.now().toISOString());
    } catch (error) {
      if (!(error instanceof ConcurrentAnswer) || attempt >= 3) throw error;
    }
  }
}
