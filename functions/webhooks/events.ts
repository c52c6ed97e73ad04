// The events a subscriber can receive, and how a table change becomes them. Delivery is at least once: an event's `id`
// is stable across retries and redeliveries, so subscribers drop the repeats by it.
import { createHash } from 'node:crypto';
import type { FollowedChange, TimelineItemRef } from '../domain/alerts.js';
import type { AnomalyRef } from '../domain/anomalies.js';
import { timelineItemName } from '../store/timeline-items.js';

export const WEBHOOK_EVENTS = ['response.created', 'response.updated', 'alert.created', 'score.anomaly'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/** What an event is about: an answer or alert of a customer's timeline, or a score's anomaly (no customer's). */
export type WebhookSource = TimelineItemRef | ({ kind: 'anomaly' } & AnomalyRef);

/** One event as the fan-out records it: what happened, when, and the answer, alert or anomaly its body is read from at delivery. */
export interface WebhookEvent {
  eventId: string;
  /** The event's type (`type` on an item is its entity). */
  event: WebhookEventType;
  occurredAt: string;
  source: WebhookSource;
  /** The answer's revision this event is about (response events): an older one is superseded by a newer edit's. */
  revision?: number;
}

const idOf = (...parts: string[]) => `evt_${createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 32)}`;

/** The events of one change: a new submit of an answer (first or edit), a new alert, or a new anomaly. */
export function eventsOf(change: FollowedChange | null): WebhookEvent[] {
  if (change?.kind === 'answer' && change.newSubmit) {
    const { answer } = change;
    const source: TimelineItemRef = { kind: 'answer', ...change.ref };
    const type: WebhookEventType = answer.revision === 1 ? 'response.created' : 'response.updated';
    const revision = typeof answer.revision === 'number' ? { revision: answer.revision } : {};
    return [
      { eventId: idOf(type, timelineItemName(source), String(answer.revision)), event: type, occurredAt: String(answer.answeredAt), source, ...revision },
    ];
  }
  if (change?.kind === 'alert' && change.created) {
    const source: TimelineItemRef = { kind: 'alert', ...change.ref };
    return [{ eventId: idOf('alert.created', timelineItemName(source)), event: 'alert.created', occurredAt: String(change.alert.createdAt), source }];
  }
  if (change?.kind === 'anomaly' && change.created) {
    const { day, anomalyId } = change.ref;
    return [
      { eventId: idOf('score.anomaly', anomalyId), event: 'score.anomaly', occurredAt: change.anomaly.raisedAt, source: { kind: 'anomaly', day, anomalyId } },
    ];
  }
  return [];
}
