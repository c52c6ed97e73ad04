// The port of the survey page: a link's invitation and answer, the answer stored, and the customer's opt-out.
import type { Answer, CustomerProfile, Invitation, InvitationRef } from '../domain/model.js';

export interface AnswerStore {
  findByToken(token: string): Promise<{ invitation: Invitation; answer: Answer | null } | null>;
  /** The invitation an unsubscribe link belongs to; null for an unknown token (a survey token is not one). */
  findByUnsubscribeToken(token: string): Promise<Invitation | null>;
  /** The customer's profile: their locale, when a comment's words do not tell its language. */
  getProfile(customerId: string): Promise<CustomerProfile | null>;
  /**
   * Stores `answer` (built by nextAnswer, functions/domain/answers.ts) for the invitation at `ref`, and marks it answered:
   * only while the invitation is live (else Expired) and only over the revision before it, never past MAX_REVISIONS
   * (else ConcurrentAnswer, storing nothing).
   */
  saveAnswer(ref: InvitationRef, answer: Answer): Promise<void>;
  /** Opts the customer out of all future surveys; false for an unknown customer. */
  unsubscribe(customerId: string, at: string): Promise<boolean>;
}

/** Two submits raced for one invitation, or the answer read is no longer the stored one; the caller reads again. */
export class ConcurrentAnswer extends Error {}
