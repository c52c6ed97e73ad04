// Use case: a table change becomes one delivery per subscriber of its event, recorded, then queued. A redelivered change
// finds its deliveries recorded: a pending one is queued again (the crash between record and queue loses nothing), a
// finished one is left alone. The queue may so carry a delivery twice; its consumer sends only what is still pending.
// An edit's delivery waits `coalesceSeconds` before its first try: edits within that window are sent once, as the latest
// (deliver-webhook.ts supersedes the older ones).
import type { WebhookEvent } from './events.js';
import type { WebhookQueue } from './webhook-queue.js';
import type { WebhookStore } from './webhook-store.js';

export interface FanOutDeps {
  webhooks: WebhookStore;
  queue: WebhookQueue;
  now: () => Date;
  /** The wait before a response.updated delivery's first try (0: none). */
  coalesceSeconds?: number;
}

export async function fanOut(events: WebhookEvent[], deps: FanOutDeps): Promise<number> {
  if (events.length === 0) return 0;
  const subscriptions = await deps.webhooks.listSubscriptions();
  let queued = 0;
  for (const event of events) {
    for (const subscription of subscriptions.filter((s) => s.events.includes(event.event))) {
      const { delivery } = await deps.webhooks.recordDelivery({
        ...event,
        subscriptionId: subscription.id,
        status: 'pending',
        attempts: [],
        createdAt: deps.now().toISOString(),
      });
      if (delivery.status !== 'pending') continue;
      const delaySeconds = event.event === 'response.updated' ? Math.min(900, deps.coalesceSeconds ?? 0) : 0;
      await deps.queue.enqueue({ subscriptionId: subscription.id, occurredAt: event.occurredAt, eventId: event.eventId }, delaySeconds);
      queued++;
    }
  }
  return queued;
}
