// Closing the loop with an unhappy customer: the alert an answer at or below its channel's thresholds raises, its
// follow-up (open -> contacted -> closed, with who and when), and the rules that decide.
import type { Channel } from './channels.js';

export const ALERT_STATUSES = ['open', 'contacted', 'closed'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** Where each status may go: contacted after open, closed after either (a manager may close without a call). */
export const ALERT_TRANSITIONS: Readonly<Record<AlertStatus, readonly AlertStatus[]>> = {
  open: ['contacted', 'closed'],
  contacted: ['closed'],
  closed: [],
};

export interface AlertStep {
  status: AlertStatus;
  /** The manager (the authorizer's `sub`), or `system` for the alert's creation. */
  by: string;
  at: string;
}

export interface Alert {
  /** Opaque, derived from the survey's place in the customer's record: one alert per survey. */
  alertId: string;
  surveyId: string;
  customerId: string;
  interactionId: string;
  channel: Channel;
  agentId?: string;
  /** The answer that raised it, as it was then. */
  csat?: number;
  nps?: number;
  comment?: string;
  /** Which thresholds it crossed. */
  reasons: Array<'csat' | 'nps'>;
  status: AlertStatus;
  createdAt: string;
  updatedAt: string;
  contactedAt?: string;
  closedAt?: string;
  history: AlertStep[];
  /** When the owners were emailed (absent while not yet, or when the channel has no owners). */
  notifiedAt?: string;
}

/** A channel's alert rule: an answer at or below either threshold raises an alert, emailed to the owners. */
export interface AlertRule {
  channel: Channel;
  enabled: boolean;
  /** CSAT 1-5 at or below which an alert is raised; null: CSAT raises none. */
  csatAtMost: number | null;
  /** NPS 0-10 at or below which an alert is raised; null: NPS raises none. */
  npsAtMost: number | null;
  owners: string[];
  updatedAt?: string;
  updatedBy?: string;
}

export const DEFAULT_ALERT_RULE: Omit<AlertRule, 'channel'> = { enabled: true, csatAtMost: 2, npsAtMost: 6, owners: [] };

/** The thresholds an answer crosses under a rule (none when the rule is off). */
export function alertReasons(answer: { csat?: number; nps?: number }, rule: Pick<AlertRule, 'enabled' | 'csatAtMost' | 'npsAtMost'>): Array<'csat' | 'nps'> {
  if (!rule.enabled) return [];
  const reasons: Array<'csat' | 'nps'> = [];
  if (rule.csatAtMost !== null && typeof answer.csat === 'number' && answer.csat <= rule.csatAtMost) reasons.push('csat');
  if (rule.npsAtMost !== null && typeof answer.nps === 'number' && answer.nps <= rule.npsAtMost) reasons.push('nps');
  return reasons;
}
