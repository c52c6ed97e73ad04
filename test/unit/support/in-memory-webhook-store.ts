// An in-memory WebhookStore that keeps the adapter's promises (test/integration/contracts checks): one subscription per
// id, one delivery per subscription and event, attempts only while pending and at most MAX_LOGGED_ATTEMPTS (attemptLogged), deliveries
// newest first with a cursor. `sources` stands for the table's other items (answers, alerts, anomalies) that deliveries
// point at, by their name (`<pk>|<sk>`), read back into domain values as the adapter reads them.
import type { Anomaly } from '../../../functions/domain/anomalies.js';
import { anomalyKey } from '../../../functions/store/keys.js';
import { alertOf, answerOf, timelineItemName } from '../../../functions/store/timeline-items.js';
import { attemptLogged, type DeliveryAttempt, type DeliveryStatus } from '../../../functions/domain/webhooks.js';
import { deliveryCursor } from '../../../functions/webhooks/dynamodb-webhook-store.js';
import type { WebhookSource } from '../../../functions/webhooks/events.js';
import type { Delivery, DeliveryRef, StoredSubscription, Subscription, WebhookStore } from '../../../functions/webhooks/webhook-store.js';

/** Where a delivery sorts in its subscription's log, as the adapter's sort key does. */
const positionOf = (ref: DeliveryRef) => `D#${ref.occurredAt}#${ref.eventId}`;

export class InMemoryWebhookStore implements WebhookStore {
  subscriptions = new Map<string, StoredSubscription>();
  deliveries = new Map<string, Delivery>();
  sources = new Map<string, Record<string, unknown>>();
  private key = (r: DeliveryRef) => `${r.subscriptionId}|${positionOf(r)}`;
  async createSubscription(s: StoredSubscription) {
    if (this.subscriptions.has(s.id)) throw new Error(`subscription ${s.id} exists`);
    this.subscriptions.set(s.id, structuredClone(s));
  }
  async listSubscriptions(): Promise<Subscription[]> {
    return [...this.subscriptions.values()].sort((a, b) => (a.id < b.id ? -1 : 1)).map(({ secret: _s, ...rest }) => structuredClone(rest));
  }
  async getSubscription(id: string) {
    return structuredClone(this.subscriptions.get(id) ?? null);
  }
  async deleteSubscription(id: string) {
    return this.subscriptions.delete(id);
  }
  async recordDelivery(d: Delivery) {
    const existing = this.deliveries.get(this.key(d));
    if (existing) return { created: false, delivery: structuredClone(existing) };
    this.deliveries.set(this.key(d), structuredClone(d));
    return { created: true, delivery: d };
  }
  async getDelivery(r: DeliveryRef) {
    return structuredClone(this.deliveries.get(this.key(r)) ?? null);
  }
  async recordAttempt(r: DeliveryRef, attempt: DeliveryAttempt | null, status: DeliveryStatus) {
    const d = this.deliveries.get(this.key(r));
    // Never back from a final status, and a bounded log: the domain's rule, as the adapter's condition.
    const next = d ? attemptLogged(d, attempt ? structuredClone(attempt) : null, status) : null;
    if (next) this.deliveries.set(this.key(r), next);
  }
  async listDeliveries(id: string, limit: number, cursor?: string) {
    const after = cursor === undefined ? undefined : positionOf({ subscriptionId: id, ...deliveryCursor.decode(cursor, id) });
    const following = [...this.deliveries.values()]
      .filter((d) => d.subscriptionId === id && (after === undefined || positionOf(d) < after))
      .sort((a, b) => (positionOf(a) < positionOf(b) ? 1 : -1));
    const page = following.slice(0, limit);
    const last = page.at(-1);
    return {
      deliveries: structuredClone(page),
      ...(following.length > limit && last ? { nextCursor: deliveryCursor.encode({ occurredAt: last.occurredAt, eventId: last.eventId }, id) } : {}),
    };
  }
  async getSource(source: WebhookSource) {
    if (source.kind === 'anomaly') {
      const { pk, sk } = anomalyKey(source.day, source.anomalyId);
      const item = this.sources.get(`${pk}|${sk}`);
      return item ? (structuredClone(item) as unknown as Anomaly) : null;
    }
    const item = this.sources.get(timelineItemName(source));
    if (!item) return null;
    return source.kind === 'answer' ? answerOf(item, source) : alertOf(item);
  }
}
