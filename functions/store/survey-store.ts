// The port through which use cases read and write surveys; one adapter (DynamoDB) implements it.
import type { Answer, AnswerValues, CustomerProfile, Interaction, Invitation, SurveyOutcome } from '../domain/model.js';
import type { Alert } from '../domain/alerts.js';

/** Where an invitation lives: enough to address its items without a lookup. */
/** The invitation's email, or its one reminder: each sent once, by the same lease mechanism. */
export type DeliveryPhase = 'invitation' | 'reminder';

export interface InvitationRef {
  customerId: string;
  occurredAt: string;
  interactionId: string;
}

export interface NewInteraction {
  interaction: Interaction;
  customer: { id: string; email: string; name?: string; locale?: string };
  invitation: Invitation | null;
  outcome: SurveyOutcome;
  now: string;
  /** With a fatigue rule: no survey if the customer had one after this instant (any channel). */
  throttleSince?: string;
}

export type RecordResult = { created: true; outcome: SurveyOutcome } | { created: false; outcome: SurveyOutcome; ref: InvitationRef };

export interface TimelineEntry {
  interaction: Interaction;
  invitation?: Invitation;
  answer?: Answer;
  /** The follow-up an unhappy answer raised (functions/alerts). */
  alert?: Alert;
}

export interface CustomerRecord {
  profile: CustomerProfile;
  timeline: TimelineEntry[];
  nextCursor?: string;
}

export interface SurveyStore {
  /** Records an interaction, its invitation and the profile at once; a repeated interactionId changes nothing. */
  recordInteraction(input: NewInteraction): Promise<RecordResult>;
  getInvitation(ref: InvitationRef): Promise<Invitation | null>;
  getProfile(customerId: string): Promise<CustomerProfile | null>;
  /**
   * Takes the right to send the invitation's email until leaseUntil, for `owner` (one id per attempt, so that a retried
   * call is repeatable); false when another sender holds it or it was sent.
   */
  claimDelivery(ref: InvitationRef, now: string, leaseUntil: string, owner: string, phase?: DeliveryPhase): Promise<boolean>;
  markSent(ref: InvitationRef, sentAt: string, owner: string, phase?: DeliveryPhase): Promise<void>;
  releaseDelivery(ref: InvitationRef, owner: string, phase?: DeliveryPhase): Promise<void>;
  /** A pending email that must not go: the customer unsubscribed or the address is suppressed. */
  cancelDelivery(ref: InvitationRef, reason: 'unsubscribed' | 'suppressed', phase?: DeliveryPhase): Promise<void>;
  markReminderScheduled(ref: InvitationRef): Promise<void>;
  isSuppressed(email: string): Promise<boolean>;
  /** Opts the customer out of all future surveys; false for an unknown customer. */
  unsubscribe(customerId: string, at: string): Promise<boolean>;
  findByToken(token: string): Promise<{ invitation: Invitation; answer: Answer | null } | null>;
  /** The invitation an unsubscribe link belongs to; null for an unknown token (a survey token is not one). */
  findByUnsubscribeToken(token: string): Promise<Invitation | null>;
  /** Stores the answer of a live invitation, replacing an earlier one; rejects with Expired after expiry. */
  saveAnswer(invitation: Invitation, previous: Answer | null, values: AnswerValues, now: string): Promise<Answer>;
  getCustomerRecord(customerId: string, limit: number, cursor?: string): Promise<CustomerRecord | null>;
}

/** Customers by an address they have used (a lookup item written with each profile upsert), for CX managers. */
export interface CustomerSearch {
  findCustomersByEmail(email: string, limit: number): Promise<CustomerProfile[]>;
}

/** Two submits raced for one invitation; the caller reads again and retries. */
export class ConcurrentAnswer extends Error {}
