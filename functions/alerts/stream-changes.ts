// The follow-up stream's adapter edge: a record's images, read once into the change the use cases act on (an Answer or
// an Alert, and where it lives). Nothing past this file sees a key or an image.
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { FollowedChange } from '../domain/alerts.js';
import type { Anomaly } from '../domain/anomalies.js';
import { fromItem } from '../store/items.js';
import { ANOMALY_ENTITY, ENTITY, FOLLOW_UP_ENTITY, anomalyRefOf, timelineRefOf } from '../store/keys.js';
import { alertOf, answerOf } from '../store/timeline-items.js';

type Item = Record<string, unknown>;
type Image = Parameters<typeof unmarshall>[0];

/** A stream record's event name and images, unmarshalled. */
export interface StreamChange {
  eventName?: string;
  newImage?: Item;
  oldImage?: Item;
}

export function streamChangeOf(record: DynamoDBRecord): StreamChange {
  const { NewImage, OldImage } = record.dynamodb ?? {};
  return {
    ...(record.eventName ? { eventName: record.eventName } : {}),
    ...(NewImage ? { newImage: unmarshall(NewImage as Image) } : {}),
    ...(OldImage ? { oldImage: unmarshall(OldImage as Image) } : {}),
  };
}

/** The answer, alert or anomaly a change stored, or null for a removal, another entity, or an item outside a customer's timeline. */
export function followedChangeOf(change: StreamChange): FollowedChange | null {
  const image = change.newImage;
  if (!image || typeof image.pk !== 'string' || typeof image.sk !== 'string') return null;
  if (image.type === ANOMALY_ENTITY) {
    const ref = anomalyRefOf(image.pk, image.sk);
    return ref ? { kind: 'anomaly', ref, anomaly: fromItem<Anomaly>(image, ['notifiedAt']), created: change.eventName === 'INSERT' } : null;
  }
  const ref = timelineRefOf(image.pk, image.sk);
  if (!ref) return null;
  if (image.type === ENTITY.answer) return { kind: 'answer', ref, answer: answerOf(image, ref), newSubmit: change.oldImage?.revision !== image.revision };
  if (image.type === FOLLOW_UP_ENTITY.alert) return { kind: 'alert', ref, alert: alertOf(image), created: change.eventName === 'INSERT' };
  return null;
}
