// Closing the loop with an unhappy customer: the alert an answer at or below its channel's thresholds raises, its
// follow-up (open -> contacted -> closed, with who and when), and the rules that decide.
import type { Anomaly, AnomalyRef } from './anomalies.js';
import type { Channel } from './channels.js';
import type { Answer } from './model.js';
import { utcDay } from './utc-days.js';

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

/** Where the answer an alert follows up lives: its interaction in the customer's record (one alert per survey). */
export interface AnswerRef {
  customerId: string;
  occurredAt: string;
  interactionId: string;
}

/** An answer or an alert of one interaction, as a webhook event names its source (its body is read from it at delivery). */
export interface TimelineItemRef extends AnswerRef {
  kind: 'answer' | 'alert';
}

/**
 * A table change the follow-up acts on, read once from its stream record: an answer stored (`newSubmit` when it is a
 * first answer or an edit, not a rewrite of the same revision), or an alert (`created` on its insert).
 */
export type FollowedChange =
  | { kind: 'answer'; ref: AnswerRef; answer: Answer; newSubmit: boolean }
  | { kind: 'alert'; ref: AnswerRef; alert: Alert; created: boolean }
  | { kind: 'anomaly'; ref: AnomalyRef; anomaly: Anomaly; created: boolean };

/** The answer an alert is raised from: who, about what, and the scores it crossed the thresholds with. */
export type RaisingAnswer = Pick<Answer, 'surveyId' | 'channel' | 'agentId' | 'csat' | 'nps' | 'comment'>;

/** A new open alert about an answer that crossed `reasons`: the answer as it is now, created by `system`. */
export function raisedAlert(answer: RaisingAnswer, ref: AnswerRef, reasons: Array<'csat' | 'nps'>, alertId: string, at: string): Alert {
  return {
    alertId,
    surveyId: answer.surveyId,
    customerId: ref.customerId,
    interactionId: ref.interactionId,
    channel: answer.channel,
    ...(answer.agentId !== undefined ? { agentId: answer.agentId } : {}),
    ...(answer.csat !== undefined ? { csat: answer.csat } : {}),
    ...(answer.nps !== undefined ? { nps: answer.nps } : {}),
    ...(answer.comment !== undefined ? { comment: answer.comment } : {}),
    reasons,
    status: 'open',
    createdAt: at,
    updatedAt: at,
    history: [{ status: 'open', by: 'system', at }],
  };
}

/** A manager's move of an alert: the alert as it is after, or why its status does not allow it. */
export type AlertMove = { moved: Alert } | { refused: string };

/**
 * Moves an alert to `to` (ALERT_TRANSITIONS says where it may go), recorded in its history with who and when; reaching
 * contacted or closed also stamps that instant. The store writes the result conditioned on the status it was read with.
 */
export function moveAlert(alert: Alert, to: AlertStatus, by: string, at: string): AlertMove {
  const allowed = ALERT_TRANSITIONS[alert.status];
  if (!allowed.includes(to)) {
    return {
      refused:
        alert.status === to
          ? `The alert is already ${to}.`
          : `The alert is ${alert.status}; it can move to ${allowed.length > 0 ? allowed.join(' or ') : 'nothing (closed is final)'}, not to ${to}.`,
    };
  }
  return {
    moved: {
      ...alert,
      status: to,
      updatedAt: at,
      ...(to === 'contacted' ? { contactedAt: at } : {}),
      ...(to === 'closed' ? { closedAt: at } : {}),
      history: [...alert.history, { status: to, by, at }],
    },
  };
}

// Time to close, per channel and UTC day of the close: a median does not merge, so the durations themselves are kept,
// exactly up to MAX_EXACT_DURATIONS a day and always in a histogram, so that a day's row stays bounded.

/** Close durations kept exactly per channel and day up to this many; past it only the histogram grows. */
export const MAX_EXACT_DURATIONS = 1000;

/** Histogram buckets of close durations (upper bounds, seconds): minutes, then hours, then days. */
export const DURATION_BUCKETS = [300, 900, 1800, 3600, 7200, 14400, 28800, 43200, 86400, 172800, 259200, 604800, 1209600, 2592000, Infinity] as const;
export const bucketOf = (seconds: number) => DURATION_BUCKETS.findIndex((upper) => seconds <= upper);

/** One channel's closes on one UTC day. */
export interface CloseStat {
  channel: Channel;
  day: string;
  closed: number;
  durations: number[];
  histogram: number[];
}

/** A closed alert's close: the day's row it counts in, and whole seconds from its creation (never negative). */
export function closeOf(alert: Pick<Alert, 'channel' | 'createdAt' | 'closedAt'>): { channel: Channel; day: string; seconds: number } | null {
  if (alert.closedAt === undefined) return null;
  const seconds = Math.max(0, Math.round((Date.parse(alert.closedAt) - Date.parse(alert.createdAt)) / 1000));
  return { channel: alert.channel, day: utcDay(alert.closedAt), seconds };
}

/** A day's row with one more close counted: exact while the day has room, always in the histogram. */
export function withClose(stat: CloseStat | undefined, close: { channel: Channel; day: string; seconds: number }): CloseStat {
  const row = stat ?? { channel: close.channel, day: close.day, closed: 0, durations: [], histogram: DURATION_BUCKETS.map(() => 0) };
  const histogram = [...row.histogram];
  histogram[bucketOf(close.seconds)]! += 1;
  return {
    ...row,
    closed: row.closed + 1,
    durations: row.durations.length < MAX_EXACT_DURATIONS ? [...row.durations, close.seconds] : row.durations,
    histogram,
  };
}
