// An in-memory AlertStore that keeps the adapter's promises: one alert per survey, moves conditioned on the status read.
import type { Channel } from '../../../functions/domain/channels.js';
import { DEFAULT_ALERT_RULE, type Alert, type AlertRule, type AlertStatus } from '../../../functions/domain/alerts.js';
import { CHANNELS } from '../../../functions/domain/channels.js';
import { DURATION_BUCKETS, bucketOf, type AlertStore, type CloseStat } from '../../../functions/alerts/alert-store.js';

export class InMemoryAlertStore implements AlertStore {
  readonly alerts = new Map<string, Alert>();
  readonly stored = new Map<Channel, AlertRule>();
  readonly stats: CloseStat[] = [];

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
  private readonly surveys = new Set<string>();
  async createAlert(alert: Alert, ref: { customerId: string; occurredAt: string; interactionId: string }) {
    const place = `${ref.customerId}#${ref.occurredAt}#${ref.interactionId}`;
    if (this.surveys.has(place)) return false;
    this.surveys.add(place);
    this.alerts.set(alert.alertId, structuredClone(alert));
    return true;
  }
  async getAlert(alertId: string) {
    return structuredClone(this.alerts.get(alertId) ?? null);
  }
  async markNotified(alertId: string, at: string) {
    const alert = this.alerts.get(alertId);
    if (alert) alert.notifiedAt = at;
  }
  async listAlerts({ status, channel, limit }: { status: AlertStatus; channel?: Channel; limit: number }) {
    const alerts = [...this.alerts.values()].filter((a) => a.status === status && (!channel || a.channel === channel)).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    return { alerts: alerts.slice(0, limit) };
  }
  async transition(alert: Alert, to: AlertStatus, by: string, at: string) {
    const current = this.alerts.get(alert.alertId);
    if (!current || current.status !== alert.status) return false;
    const next: Alert = { ...current, status: to, updatedAt: at, ...(to === 'contacted' ? { contactedAt: at } : {}), ...(to === 'closed' ? { closedAt: at } : {}), history: [...current.history, { status: to, by, at }] };
    this.alerts.set(alert.alertId, next);
    if (to === 'closed') {
      const seconds = Math.round((Date.parse(at) - Date.parse(alert.createdAt)) / 1000);
      const histogram = DURATION_BUCKETS.map((_, i) => (i === bucketOf(seconds) ? 1 : 0));
      this.stats.push({ channel: alert.channel, day: at.slice(0, 10), closed: 1, durations: [seconds], histogram });
    }
    return structuredClone(next);
  }
  async closeStats(from: string, to: string) {
    return this.stats.filter((s) => s.day >= from && s.day <= to);
  }
}
