// An in-memory AlertStore that keeps the adapter's promises: one alert per survey, moves conditioned on the status read,
// lists by status newest first with a cursor, close statistics per channel and day (test/integration/contracts checks).
import type { Channel } from '../../../functions/domain/channels.js';
import { DEFAULT_ALERT_RULE, type Alert, type AlertRule, type AlertStatus } from '../../../functions/domain/alerts.js';
import { CHANNELS } from '../../../functions/domain/channels.js';
import { DURATION_BUCKETS, MAX_EXACT_DURATIONS, bucketOf, isAlertId, type AlertStore, type CloseStat } from '../../../functions/alerts/alert-store.js';
import { InvalidInput } from '../../../functions/shared/errors.js';
import type { InMemorySurveyTable } from './in-memory-survey-store.js';

/** Where an alert sorts in its status's list, as the adapter's index sorts it. */
const positionOf = (alert: Alert) => `${alert.createdAt}#${alert.alertId}`;

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
  async createAlert(alert: Alert, ref: { customerId: string; occurredAt: string; interactionId: string }) {
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
    let after: string | undefined;
    if (cursor !== undefined) {
      after = /^[A-Za-z0-9_-]{1,1000}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
      const [createdAt, alertId, ...rest] = after.split('#');
      if (!alertId || rest.length > 0 || Number.isNaN(Date.parse(createdAt ?? '')) || !isAlertId(alertId)) {
        throw new InvalidInput('cursor: not a cursor this API returned', [{ field: 'cursor', message: 'is not a cursor this API returned' }]);
      }
    }
    const following = [...this.alerts.values()]
      .filter((a) => a.status === status && (!channel || a.channel === channel) && (after === undefined || positionOf(a) < after))
      .sort((a, b) => positionOf(b).localeCompare(positionOf(a)));
    const page = following.slice(0, limit);
    const last = page.at(-1);
    return {
      alerts: structuredClone(page),
      ...(following.length > limit && last ? { nextCursor: Buffer.from(positionOf(last), 'utf8').toString('base64url') } : {}),
    };
  }
  async transition(alert: Alert, to: AlertStatus, by: string, at: string) {
    const current = this.alerts.get(alert.alertId);
    if (!current || current.status !== alert.status) return false;
    const next: Alert = {
      ...current,
      status: to,
      updatedAt: at,
      ...(to === 'contacted' ? { contactedAt: at } : {}),
      ...(to === 'closed' ? { closedAt: at } : {}),
      history: [...current.history, { status: to, by, at }],
    };
    this.alerts.set(alert.alertId, next);
    if (to === 'closed') {
      const seconds = Math.max(0, Math.round((Date.parse(at) - Date.parse(alert.createdAt)) / 1000));
      const day = at.slice(0, 10);
      const key = `${alert.channel}#${day}`;
      const stat = this.stats.get(key) ?? { channel: alert.channel, day, closed: 0, durations: [], histogram: DURATION_BUCKETS.map(() => 0) };
      stat.closed += 1;
      // Exact durations up to the adapter's bound; past it, the histogram alone.
      if (stat.durations.length < MAX_EXACT_DURATIONS) stat.durations.push(seconds);
      stat.histogram[bucketOf(seconds)]! += 1;
      this.stats.set(key, stat);
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
