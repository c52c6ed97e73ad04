// The rule of a submit: what the next answer of a survey is, given the invitation, the answer read and the values.
// The use case calls it; the store keeps the result only if the answer read is still the stored one.
import { Conflict } from '../shared/errors.js';
import { MAX_REVISIONS, type Answer, type AnswerValues, type Invitation } from './model.js';

/** Conflict once the answer read is the last revision allowed (each submit is stored, counted and sent to webhooks again). */
export function checkRevisable(previous: Answer | null): void {
  if (previous && previous.revision >= MAX_REVISIONS) {
    throw new Conflict(`This answer was already submitted ${MAX_REVISIONS} times, the most allowed: it stays as it is.`);
  }
}

/**
 * The answer a submit at `now` stores: the values as given, dated by the invitation's email, first answered when the
 * first revision was, one revision after the one read; Conflict past MAX_REVISIONS.
 */
export function nextAnswer(invitation: Invitation, previous: Answer | null, values: AnswerValues, now: string): Answer {
  checkRevisable(previous);
  return {
    ...values,
    surveyId: invitation.surveyId,
    interactionId: invitation.interactionId,
    customerId: invitation.customerId,
    channel: invitation.channel,
    ...(invitation.agentId !== undefined ? { agentId: invitation.agentId } : {}),
    // The day the invitation went out: response rates count answered invitations by that day.
    sentAt: invitation.sentAt ?? invitation.createdAt,
    firstAnsweredAt: previous?.firstAnsweredAt ?? now,
    answeredAt: now,
    revision: (previous?.revision ?? 0) + 1,
  };
}
