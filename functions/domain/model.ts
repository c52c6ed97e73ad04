// The product's nouns, as plain data: what an interaction, a survey invitation and an answer are.
import type { Channel } from './channels.js';
import type { CommentSentiment } from './insights.js';
import { DEFAULT_LEAD, DEFAULT_LOCALE, DEFAULT_QUESTIONS, type SurveySnapshot } from './survey-definition.js';

export interface CustomerProfile {
  id: string;
  email: string;
  name?: string;
  locale?: string;
  createdAt: string;
  updatedAt: string;
  /** When the customer opted out of all surveys (one click in an email). */
  unsubscribedAt?: string;
  /** The last time a survey was scheduled for them, on any channel (the fatigue rule). */
  lastSurveyedAt?: string;
}

export interface Interaction {
  interactionId: string;
  customerId: string;
  channel: Channel;
  occurredAt: string;
  receivedAt: string;
  agentId?: string;
  queue?: string;
  subject?: string;
}

export type InvitationStatus = 'scheduled' | 'sent' | 'answered';
/** The email's state; `cancelled` when, at send time, the customer had unsubscribed or the address was suppressed. */
export type EmailDelivery = 'pending' | 'sending' | 'sent' | 'cancelled';

/** How many times one survey's answer may be submitted (the first answer included); the next submit is refused. */
export const MAX_REVISIONS = 10;

/** A survey sent about one interaction: at most one per interaction, at most one answer per invitation. */
export interface Invitation {
  surveyId: string;
  interactionId: string;
  customerId: string;
  channel: Channel;
  agentId?: string;
  occurredAt: string;
  /** The survey link's token: opens the survey and answers it. */
  token: string;
  /**
   * The unsubscribe link's token, the only one in List-Unsubscribe and the footer: mailbox providers see it, so it
   * can opt the customer out and do nothing else. Absent on invitations created before it existed (docs/data-model.md).
   */
  unsubscribeToken?: string;
  createdAt: string;
  /** When the email is due (the channel's send delay after the interaction was recorded). */
  sendAt: string;
  expiresAt: string;
  status: InvitationStatus;
  delivery: EmailDelivery;
  sentAt?: string;
  answeredAt?: string;
  cancelReason?: 'unsubscribed' | 'suppressed';
  /** What is asked and in which language: the definition as it was when the invitation was created. */
  survey: SurveySnapshot;
  /** When the one reminder is due, if the channel sends one. */
  reminderAt?: string;
  reminderScheduled?: boolean;
  reminderDelivery?: EmailDelivery;
  reminderSentAt?: string;
}

/** Where an invitation lives: its customer, interaction and when that happened; enough to address it without a lookup. */
export interface InvitationRef {
  customerId: string;
  occurredAt: string;
  interactionId: string;
}

export const invitationRefOf = (i: InvitationRef): InvitationRef => ({ customerId: i.customerId, occurredAt: i.occurredAt, interactionId: i.interactionId });

export interface AnswerValues {
  csat?: number;
  nps?: number;
  /** Customer effort, 1-7, where a survey asks it. */
  ces?: number;
  resolved?: boolean;
  comment?: string;
}

export interface Answer extends AnswerValues {
  surveyId: string;
  interactionId: string;
  customerId: string;
  channel: Channel;
  agentId?: string;
  /** When the invitation's email went out. */
  sentAt: string;
  firstAnsweredAt: string;
  answeredAt: string;
  /** 1 for the first submit, +1 for each replacement. */
  revision: number;
  /** What the comment says (functions/insights), computed when it was stored; absent without a comment. */
  sentiment?: CommentSentiment;
  keywords?: string[];
  /** The topics the comment matched when it was stored. */
  topics?: string[];
}

export const SKIP_REASONS = ['throttled', 'sampled_out', 'unsubscribed', 'suppressed', 'channel_disabled'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export type SurveyOutcome =
  | { interactionId: string; surveyId: string; status: 'scheduled' }
  | { interactionId: string; surveyId: null; status: 'skipped'; reason: SkipReason };

/** What an invitation asks, in which language; invitations from before survey programs asked the defaults in English. */
export function surveyOf(invitation: Pick<Invitation, 'survey'>): SurveySnapshot {
  return invitation.survey ?? { locale: DEFAULT_LOCALE, questions: [...DEFAULT_QUESTIONS], lead: DEFAULT_LEAD, wording: {}, definitionVersion: 0 };
}

/** An answer as GET /responses lists it (and the dashboard reads it): with its customer, newest revision only. */
export interface ResponseRow {
  surveyId: string;
  answeredAt: string;
  firstAnsweredAt: string;
  revision: number;
  channel: Channel;
  agentId?: string;
  customer: { id: string; email?: string; name?: string };
  csat?: number;
  nps?: number;
  ces?: number;
  resolved?: boolean;
  comment?: string;
}
