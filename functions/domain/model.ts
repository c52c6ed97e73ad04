// The product's nouns, as plain data: what an interaction, a survey invitation and an answer are.
import type { Channel } from './channels.js';
import type { CommentSentiment } from './insights.js';

export interface CustomerProfile {
  id: string;
  email: string;
  name?: string;
  locale?: string;
  createdAt: string;
  updatedAt: string;
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
export type EmailDelivery = 'pending' | 'sending' | 'sent';

/** A survey sent about one interaction: at most one per interaction, at most one answer per invitation. */
export interface Invitation {
  surveyId: string;
  interactionId: string;
  customerId: string;
  channel: Channel;
  agentId?: string;
  occurredAt: string;
  token: string;
  createdAt: string;
  expiresAt: string;
  status: InvitationStatus;
  delivery: EmailDelivery;
  sentAt?: string;
  answeredAt?: string;
}

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

export type SurveyOutcome =
  | { interactionId: string; surveyId: string; status: 'scheduled' }
  | { interactionId: string; surveyId: null; status: 'skipped'; reason: string };
