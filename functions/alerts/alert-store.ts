// The port to alerts, alert rules and close statistics: domain types in and out (the adapter is dynamodb-alert-store.ts;
// the rules an alert moves by are functions/domain/alerts.ts).
import type { Alert, AlertRule, AlertStatus, AnswerRef, CloseStat } from '../domain/alerts.js';
import type { Channel } from '../domain/channels.js';

export interface AlertPage {
  alerts: Alert[];
  /** Opaque (alert-ids.ts): the page after this one, for the same status. */
  nextCursor?: string;
}

export interface AlertStore {
  rules(): Promise<AlertRule[]>;
  rule(channel: Channel): Promise<AlertRule>;
  putRule(rule: AlertRule): Promise<AlertRule>;
  /**
   * Stores the alert and its id's lookup unless one exists for the survey, and only while the answer exists (an erasure
   * that ran first leaves nothing to follow up): true when this call created it.
   */
  createAlert(alert: Alert, ref: AnswerRef): Promise<boolean>;
  /** Null for an id no alert has (or had); InvalidInput naming `id` for one this API never handed out. */
  getAlert(alertId: string): Promise<Alert | null>;
  markNotified(alertId: string, at: string): Promise<void>;
  /** Newest first; InvalidInput naming `cursor` for a cursor this store did not hand out for this status. */
  listAlerts(query: { status: AlertStatus; channel?: Channel; limit: number; cursor?: string }): Promise<AlertPage>;
  /**
   * Stores `next` (moveAlert's result) conditioned on `alert`'s status being still the one read; a close also counts
   * in its day's close statistics. Answers `next`, or false when the alert moved (or was erased) meanwhile.
   */
  transition(alert: Alert, next: Alert): Promise<Alert | false>;
  /** Every channel's rows of days `from` to `to` (inclusive, YYYY-MM-DD), channels in their order, days ascending. */
  closeStats(from: string, to: string): Promise<CloseStat[]>;
}
