// Use case: deliver one event to one subscriber, signed, and log the attempt. A failure is retried by the queue with
// back-off; after the last try the delivery is logged `failed` and its message parks in the dead-letter queue.
import type { Alert } from '../domain/alerts.js';
import type { Anomaly } from '../domain/anomalies.js';
import type { Answer } from '../domain/model.js';
import { logger } from '../shared/logger.js';
import { METRIC, countMetric } from '../shared/metrics.js';
import type { WebhookPoster } from './http-poster.js';
import { signedHeaders } from './signature.js';
import type { Delivery, DeliveryRef, WebhookStore } from './webhook-store.js';

export interface DeliverDeps {
  webhooks: WebhookStore;
  poster: WebhookPoster;
  now: () => Date;
  /** The queue's tries before the dead-letter queue (its maxReceiveCount). */
  maxAttempts: number;
}

export class RetryLater extends Error {}

const RESPONSE_FIELDS = [
  'surveyId',
  'interactionId',
  'customerId',
  'channel',
  'agentId',
  'csat',
  'nps',
  'ces',
  'resolved',
  'comment',
  'sentiment',
  'keywords',
  'topics',
  'revision',
  'firstAnsweredAt',
  'answeredAt',
];
const ALERT_FIELDS = [
  'alertId',
  'surveyId',
  'interactionId',
  'customerId',
  'channel',
  'agentId',
  'csat',
  'nps',
  'comment',
  'reasons',
  'status',
  'createdAt',
  'history',
];
const ANOMALY_FIELDS = ['anomalyId', 'day', 'scope', 'key', 'channel', 'metric', 'window', 'current', 'baseline', 'delta', 'p', 'raisedAt'];
const pick = (object: Answer | Alert | Anomaly, fields: string[]) => {
  const item = object as unknown as Record<string, unknown>;
  return Object.fromEntries(fields.filter((f) => item[f] !== undefined).map((f) => [f, item[f]]));
};

/** The body: the event and its object as it is when delivered (a later edit shows; an erased customer's is not sent). */
export function webhookBody(delivery: Delivery, source: Answer | Alert | Anomaly): string {
  let data: Record<string, Record<string, unknown>>;
  if (delivery.event === 'alert.created') data = { alert: pick(source, ALERT_FIELDS) };
  else if (delivery.event === 'score.anomaly') data = { anomaly: pick(source, ANOMALY_FIELDS) };
  else {
    const response = pick(source, RESPONSE_FIELDS);
    if (delivery.source.kind !== 'anomaly') response.customerId ??= delivery.source.customerId;
    data = { response };
  }
  return JSON.stringify({ id: delivery.eventId, type: delivery.event, createdAt: delivery.occurredAt, data });
}

/**
 * 1. Load the delivery: one already delivered, failed or dropped needs nothing (a duplicate message).
 * 2. Load the subscription (deleted: dropped) and the source item (erased: dropped); an edit since edited again is
 *    superseded (the later edit's delivery carries it).
 * 3. Sign and POST; a 2xx is delivered; anything else is logged and retried, or `failed` on the last try.
 */
export async function deliverWebhook(
  ref: DeliveryRef,
  attempt: number,
  deps: DeliverDeps,
): Promise<'delivered' | 'skipped' | 'dropped' | 'superseded' | 'failed'> {
  const delivery = await deps.webhooks.getDelivery(ref);
  if (delivery?.status !== 'pending') return 'skipped';
  const subscription = await deps.webhooks.getSubscription(ref.subscriptionId);
  const source = subscription ? await deps.webhooks.getSource(delivery.source) : null;
  if (!subscription || !source) {
    await deps.webhooks.recordAttempt(ref, null, 'dropped');
    return 'dropped';
  }
  // Coalescing: an edit's delivery whose answer has been edited again since is left to the later edit's own delivery.
  if (delivery.event === 'response.updated' && typeof delivery.revision === 'number' && 'revision' in source && source.revision > delivery.revision) {
    await deps.webhooks.recordAttempt(ref, null, 'superseded');
    return 'superseded';
  }
  const body = webhookBody(delivery, source);
  const now = deps.now();
  const result = await deps.poster.post(subscription.url, body, signedHeaders(subscription.secret, delivery.eventId, body, Math.floor(now.getTime() / 1000)));
  // A 2xx whose answer did not complete within the deadline is not a delivery (at least once: it is sent again).
  const ok = result.error === undefined && result.status !== undefined && result.status >= 200 && result.status < 300;
  const last = attempt >= deps.maxAttempts;
  await deps.webhooks.recordAttempt(
    ref,
    {
      at: now.toISOString(),
      ...(result.status !== undefined ? { status: result.status } : {}),
      ...(result.error ? { error: result.error } : {}),
      ms: result.ms,
    },
    ok ? 'delivered' : last ? 'failed' : 'pending',
  );
  logger.info('webhook attempt', { subscriptionId: ref.subscriptionId, eventId: ref.eventId, attempt, status: result.status ?? null, ok });
  if (ok || last) countMetric(ok ? METRIC.webhookDelivered : METRIC.webhookFailed);
  if (ok) return 'delivered';
  if (last) throw new RetryLater('last attempt failed: the message parks in the dead-letter queue');
  throw new RetryLater(`attempt ${attempt} failed`);
}

/** Seconds before the next try: base × 2^(attempt-1), at most 15 minutes. */
export const backoffSeconds = (attempt: number, baseSeconds: number) => Math.min(900, Math.round(baseSeconds * 2 ** (attempt - 1)));
