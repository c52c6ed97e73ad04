// The port to webhook subscriptions and their delivery logs: domain types in and out (the adapter is
// dynamodb-webhook-store.ts). A delivery is recorded once per subscription and event, and carries only pointers.
import type { Alert } from '../domain/alerts.js';
import type { Anomaly } from '../domain/anomalies.js';
import type { Answer } from '../domain/model.js';
import type { DeliveryAttempt, DeliveryStatus } from '../domain/webhooks.js';
import type { WebhookEvent, WebhookEventType } from './events.js';

export interface Subscription {
  id: string;
  url: string;
  events: WebhookEventType[];
  description?: string;
  createdAt: string;
  createdBy: string;
}

export interface StoredSubscription extends Subscription {
  secret: string;
}

export interface Delivery extends WebhookEvent {
  subscriptionId: string;
  status: DeliveryStatus;
  attempts: DeliveryAttempt[];
  createdAt: string;
  deliveredAt?: string;
}

/** What the queue carries: where the delivery is, nothing of its content. */
export interface DeliveryRef {
  subscriptionId: string;
  occurredAt: string;
  eventId: string;
}

export interface WebhookStore {
  createSubscription(subscription: StoredSubscription): Promise<void>;
  listSubscriptions(): Promise<Subscription[]>;
  /** With its secret: for signing only. */
  getSubscription(id: string): Promise<StoredSubscription | null>;
  deleteSubscription(id: string): Promise<boolean>;
  /** Records the delivery unless it exists; answers the stored one either way. */
  recordDelivery(delivery: Delivery): Promise<{ created: boolean; delivery: Delivery }>;
  getDelivery(ref: DeliveryRef): Promise<Delivery | null>;
  /**
   * Stores the log as attemptLogged (domain/webhooks.ts) makes it, conditioned on the delivery being still pending with
   * room in its log; otherwise changes nothing.
   */
  recordAttempt(ref: DeliveryRef, attempt: DeliveryAttempt | null, status: DeliveryStatus): Promise<void>;
  /** Newest first; InvalidInput naming `cursor` for a cursor this store did not hand out for this subscription. */
  listDeliveries(subscriptionId: string, limit: number, cursor?: string): Promise<{ deliveries: Delivery[]; nextCursor?: string }>;
  /** The answer, alert or anomaly an event is about, as it is now (null once erased): the body of a delivery. */
  getSource(source: WebhookEvent['source']): Promise<Answer | Alert | Anomaly | null>;
}
