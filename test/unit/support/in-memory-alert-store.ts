// An in-memory AlertStore that keeps the adapter's promises: one alert per survey, moves conditioned on the status read,
// lists by status newest first with a cursor, close statistics per channel and day (test/integration/contracts checks).
// What an alert becomes is the domain's (functions/domain/alerts.ts) and the cursors are the adapter's own codec: only
// the storing is this fake's.
import { alertCursor, isAlertId } from '../../../functions/alerts/alert-ids.js';
import type { AlertStore } from '../../../functions/alerts/alert-store.js';
import {
  DEFAULT_ALERT_RULE,
  closeOf,
  withClose,
  type Alert,
  type AlertRule,
  type AlertStatus,
  type AnswerRef,
  type CloseStat,
} from '../../../functions/domain/alerts.js';
import { CHANNELS, type Channel } from '../../../functions/domain/channels.js';
import { InvalidInput } from '../../../functions/shared/errors.js';
import type { InMemorySurveyTable } from './in-memory-survey-store.js';

/** Where an alert sorts in its status's list, as the adapter's index sorts it. */
const positionOf = (alert: Pick<Alert, 'createdAt' | 'alertId'>) => `${alert.createdAt}#${alert.alertId}`;

function checkedId(alertId: string): string {
  if (!isAlertId(alertId)) throw new InvalidInput('id: not an alert id this API returned', [{ field: 'id', message: 'is not an alert id this API returned' }]);
  return alertId;
}

export class InMemoryAlertStore implements AlertStore {
  readonly alerts = new Map<string, Alert>();
  readonly stored = new Map<Channel, AlertRule>();
  /** One row per channel and day, as the adapter keeps them. */
  private readonly stats = new Map<string, CloseStat>();

  /** With the surveys' fake, an alert is raised only for an answer that is (still) there, as the adapter's condition says. */
  constructor(private readonly surveys?: InMemorySurveyTable) {}

  async rules() {
    return CHANNELS.map((c) => this.stored.get(c) ?? { channel: c, ...DEFAULT_ALERT_RULE });
  }
  async rule(channel: Channel) {
    return this.stored.get(channel) ?? { channel, ...DEFAULT_ALERT_RULE };
  }
  async putRule(rule: AlertRule) {
    this.stored.set(rule.channel, rule);
    return rule;
  }
  /** One alert per survey: the survey's place, as the adapter's key. */
  private readonly raised = new Set<string>();
  async createAlert(alert: Alert, ref: AnswerRef) {
    const place = `${ref.customerId}#${ref.occurredAt}#${ref.interactionId}`;
    if (this.raised.has(place)) return false;
    if (this.surveys && !this.surveys.answers.has(ref.interactionId)) return false;
    this.raised.add(place);
    this.alerts.set(alert.alertId, structuredClone(alert));
    return true;
  }
  async getAlert(alertId: string) {
    return structuredClone(this.alerts.get(checkedId(alertId)) ?? null);
  }
  async markNotified(alertId: string, at: string) {
    const alert = this.alerts.get(checkedId(alertId));
    if (alert) alert.notifiedAt = at;
  }
  async listAlerts({ status, channel, limit, cursor }: { status: AlertStatus; channel?: Channel; limit: number; cursor?: string }) {
    const after = cursor === undefined ? undefined : positionOf(alertCursor.decode(cursor, status));
    const following = [...this.alerts.values()]
      .filter((a) => a.status === status && (!channel || a.channel === channel) && (after === undefined || positionOf(a) < after))
      .sort((a, b) => positionOf(b).localeCompare(positionOf(a)));
    const page = following.slice(0, limit);
    const last = page.at(-1);
    return {
      alerts: structuredClone(page),
      ...(following.length > limit && last ? { nextCursor: alertCursor.encode({ createdAt: last.createdAt, alertId: last.alertId }, status) } : {}),
    };
  }
  async transition(alert: Alert, next: Alert) {
    const current = this.alerts.get(alert.alertId);
    if (!current || current.status !== alert.status) return false;
    // As the adapter's update: the moved fields set, the new steps appended, the rest (notifiedAt...) as stored.
    const { status, updatedAt, contactedAt, closedAt } = next;
    this.alerts.set(alert.alertId, {
      ...current,
      status,
      updatedAt,
      ...(contactedAt !== undefined ? { contactedAt } : {}),
      ...(closedAt !== undefined ? { closedAt } : {}),
      history: [...current.history, ...structuredClone(next.history.slice(alert.history.length))],
    });
    const close = next.status === 'closed' ? closeOf(next) : null;
    if (close) {
      const key = `${close.channel}#${close.day}`;
      this.stats.set(key, withClose(this.stats.get(key), close));
    }
    return structuredClone(next);
  }
  async closeStats(from: string, to: string) {
    return [...this.stats.values()]
      .filter((s) => s.day >= from && s.day <= to)
      .sort((a, b) => CHANNELS.indexOf(a.channel) - CHANNELS.indexOf(b.channel) || a.day.localeCompare(b.day))
      .map((s) => structuredClone(s));
  }
}
