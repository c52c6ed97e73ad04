// Use case: a table change becomes one delivery per subscriber of its event, recorded, then queued. A redelivered change
// finds its deliveries recorded: a pending one is queued again (the crash between record and queue loses nothing), a
// finished one is left alone. The queue may so carry a delivery twice; its consumer sends only what is still pending.
import type { WebhookEvent } from './events.js';
import type { WebhookQueue } from './webhook-queue.js';
import type { WebhookStore } from './webhook-store.js';

export interface FanOutDeps {
  webhooks: WebhookStore;
  queue: WebhookQueue;
  now: () => Date;
}

export async function fanOut(events: WebhookEvent[], deps: FanOutDeps): Promise<number> {
  if (events.length === 0) return 0;
  const subscriptions = await deps.webhooks.listSubscriptions();
  let queued = 0;
  for (const event of events) {
    for (const subscription of subscriptions.filter((s) => s.events.includes(event.event))) {
      const { delivery } = await deps.webhooks.recordDelivery({ ...event, subscriptionId: subscription.id, status: 'pending', attempts: [], createdAt: deps.now().toISOString() });
      if (delivery.status !== 'pending') continue;
      await deps.queue.enqueue({ subscriptionId: subscription.id, occurredAt: event.occurredAt, eventId: event.eventId });
      queued++;
    }
  }
  return queued;
}
