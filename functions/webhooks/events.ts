// The events a subscriber can receive, and how a table change becomes them. Delivery is at least once: an event's `id`
// is stable across retries and redeliveries, so subscribers drop the repeats by it.
import { createHash } from 'node:crypto';
import { ENTITY, FOLLOW_UP_ENTITY } from '../store/keys.js';

export const WEBHOOK_EVENTS = ['response.created', 'response.updated', 'alert.created'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/** One event as the fan-out records it: what happened, when, and the item its body is read from at delivery. */
export interface WebhookEvent {
  eventId: string;
  /** The event's type (`type` on an item is its entity). */
  event: WebhookEventType;
  occurredAt: string;
  source: { pk: string; sk: string };
  /** The answer's revision this event is about (response events): an older one is superseded by a newer edit's. */
  revision?: number;
}

const idOf = (...parts: string[]) => `evt_${createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 32)}`;

/** The events of one stream change: a new submit of an answer (first or edit), or a new alert. */
export function eventsOf(change: { eventName?: string; newImage?: Record<string, unknown>; oldImage?: Record<string, unknown> }): WebhookEvent[] {
  const image = change.newImage;
  if (!image || typeof image.pk !== 'string' || typeof image.sk !== 'string') return [];
  const source = { pk: image.pk, sk: image.sk };
  if (image.type === ENTITY.answer && change.oldImage?.revision !== image.revision) {
    const type: WebhookEventType = image.revision === 1 ? 'response.created' : 'response.updated';
    const revision = typeof image.revision === 'number' ? { revision: image.revision } : {};
    return [{ eventId: idOf(type, image.pk, image.sk, String(image.revision)), event: type, occurredAt: String(image.answeredAt), source, ...revision }];
  }
  if (image.type === FOLLOW_UP_ENTITY.alert && change.eventName === 'INSERT') {
    return [{ eventId: idOf('alert.created', image.pk, image.sk), event: 'alert.created', occurredAt: String(image.createdAt), source }];
  }
  return [];
}
