// The answer and alert items of a customer's timeline, read into domain values once: for the follow-up stream's images
// and for the adapters that read these items back (a webhook's source). Nothing above an adapter sees their keys.
import type { Alert, AnswerRef, TimelineItemRef } from '../domain/alerts.js';
import type { Answer } from '../domain/model.js';
import { fromItem } from './items.js';
import { alertKey, answerKey, timelineRefOf, type Key } from './keys.js';

/** An alert item as the Alert stored. */
export const alertOf = (item: Record<string, unknown>): Alert => fromItem<Alert>(item);

/** An answer item as the Answer stored; its customer and interaction read from its place where the item lacks them. */
export function answerOf(item: Record<string, unknown>, ref: AnswerRef): Answer {
  const answer = fromItem<Answer>(item);
  return { ...answer, customerId: answer.customerId ?? ref.customerId, interactionId: answer.interactionId ?? ref.interactionId };
}

/** The item's key. */
export const timelineItemKey = (ref: TimelineItemRef): Key => (ref.kind === 'answer' ? answerKey : alertKey)(ref.customerId, ref.occurredAt, ref.interactionId);

/** Which answer or alert a key names; null for a key of anything else. */
export function timelineItemOf(key: { pk: string; sk: string }): TimelineItemRef | null {
  const ref = timelineRefOf(key.pk, key.sk);
  if (!ref) return null;
  if (key.sk === answerKey(ref.customerId, ref.occurredAt, ref.interactionId).sk) return { kind: 'answer', ...ref };
  if (key.sk === alertKey(ref.customerId, ref.occurredAt, ref.interactionId).sk) return { kind: 'alert', ...ref };
  return null;
}

/** A stable name of the item (its key, spelled out): webhook event ids hash it, as they always have. */
export const timelineItemName = (ref: TimelineItemRef): string => {
  const { pk, sk } = timelineItemKey(ref);
  return `${pk}|${sk}`;
};
