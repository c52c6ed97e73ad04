// What a change to the table means for the aggregates: pure functions from stream images to counter deltas.
import type { Channel } from '../domain/channels.js';
import { ENTITY } from '../store/keys.js';
import { FIELD, ROLLED_UP, agentValue, unitOf, type CounterField, type Delta, type Dimension } from './counters.js';
import { utcDay } from '../domain/utc-days.js';
import { insightDeltas } from './insight-counters.js';

/** One table change as the stream shows it, images already unmarshalled. */
export interface TableChange {
  /** Where to resume after a failure: the stream's sequence number. */
  sequenceNumber: string;
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  newImage?: Record<string, unknown>;
  oldImage?: Record<string, unknown>;
}

/** Deltas applied exactly once: the marker names the source change (its item and revision), not the delivery. */
export interface Contribution {
  marker: string;
  deltas: Delta[];
}

/** The types whose changes the aggregator reads: the event-source mapping's filter (CDK) and the local poller use this. */
export const AGGREGATED_ENTITIES = [ENTITY.invitation, ENTITY.answer, ENTITY.interaction] as const;

/** The same filter on a raw stream record (new image's type). */
export const isAggregated = (record: { dynamodb?: { NewImage?: Record<string, { S?: string }> } }) =>
  (AGGREGATED_ENTITIES as readonly string[]).includes(record.dynamodb?.NewImage?.type?.S ?? '');

function forChannelAndAgent(image: Record<string, unknown>, day: string, field: CounterField, n: number): Delta[] {
  const channel = image.channel as Channel;
  const deltas: Delta[] = [{ dimension: 'channel', value: channel, day, field, n }];
  if (typeof image.agentId === 'string') deltas.push({ dimension: 'agent', value: agentValue(channel, image.agentId), day, field, n });
  return deltas;
}

function answerFields(image: Record<string, unknown>): CounterField[] {
  const fields: CounterField[] = [];
  if (typeof image.csat === 'number') fields.push(FIELD.csat(image.csat));
  if (typeof image.nps === 'number') fields.push(FIELD.nps(image.nps));
  if (typeof image.ces === 'number') fields.push(FIELD.ces(image.ces));
  if (typeof image.resolved === 'boolean') fields.push(FIELD.resolved(image.resolved));
  return fields;
}

/**
 * The counts a change moves, or null when it moves none (interactions are handled with their neighbours, elsewhere).
 * - An invitation whose email went out: +1 invitation on the day it was sent.
 * - An invitation that became both sent and answered: +1 answered on the day it was sent. Counted from the invitation,
 *   whose sentAt is the real one: an answer given before a retried send was recorded holds only the creation time.
 * - A first answer: its values on the day of the first answer.
 * - A replaced answer: the old values out and the new ones in, on that same day.
 */
export function contributionOf(change: TableChange): Contribution | null {
  const { newImage, oldImage } = change;
  if (!newImage) return null; // removals (erasure) leave the anonymous counts as they are
  if (newImage.type === ENTITY.invitation) {
    if (newImage.delivery !== 'sent' || typeof newImage.sentAt !== 'string') return null;
    const sent = oldImage?.delivery !== 'sent';
    const answered = newImage.status === 'answered' && !(oldImage?.delivery === 'sent' && oldImage.status === 'answered');
    if (!sent && !answered) return null;
    const day = utcDay(newImage.sentAt);
    return {
      // Each transition happens once per invitation; when both happen in one change (markSent after the answer), `sent#` names it.
      marker: `${sent ? 'sent' : 'answered'}#${newImage.surveyId as string}`,
      deltas: [
        ...(sent ? forChannelAndAgent(newImage, day, FIELD.invitations, 1) : []),
        ...(answered ? forChannelAndAgent(newImage, day, FIELD.answered, 1) : []),
      ],
    };
  }
  if (newImage.type === ENTITY.answer) {
    const deltas: Delta[] = [];
    const answerDay = utcDay(newImage.firstAnsweredAt as string);
    const previous = oldImage?.type === ENTITY.answer ? oldImage : undefined;
    if (previous) {
      for (const field of answerFields(previous)) deltas.push(...forChannelAndAgent(previous, utcDay(previous.firstAnsweredAt as string), field, -1));
    }
    for (const field of answerFields(newImage)) deltas.push(...forChannelAndAgent(newImage, answerDay, field, 1));
    // The comment's analysis moves the same way: the replaced one out, the new one in.
    if (previous) deltas.push(...insightDeltas(previous, -1));
    deltas.push(...insightDeltas(newImage, 1));
    return { marker: `answer#${newImage.surveyId as string}#${newImage.revision as number}`, deltas };
  }
  return null;
}

export const isNewInteraction = (change: TableChange) => change.eventName === 'INSERT' && change.newImage?.type === ENTITY.interaction;

/** The deltas and, for the rolled-up dimensions, the same deltas on their month's counter: what the store writes. */
export function withRollups(deltas: Delta[]): Delta[] {
  return deltas.flatMap((d) => (ROLLED_UP.includes(d.dimension) && unitOf(d.day) === 'day' ? [d, { ...d, day: d.day.slice(0, 7) }] : [d]));
}

/** Sums deltas per counter item and field, dropping those that cancel out. */
export function mergeDeltas(deltas: Delta[]): Map<string, { dimension: Dimension; value: string; day: string; fields: Map<CounterField, number> }> {
  const items = new Map<string, { dimension: Dimension; value: string; day: string; fields: Map<CounterField, number> }>();
  for (const d of deltas) {
    const key = `${d.dimension}|${d.day}|${d.value}`;
    let item = items.get(key);
    if (!item) items.set(key, (item = { dimension: d.dimension, value: d.value, day: d.day, fields: new Map() }));
    item.fields.set(d.field, (item.fields.get(d.field) ?? 0) + d.n);
  }
  for (const [key, item] of items) {
    for (const [field, n] of item.fields) if (n === 0) item.fields.delete(field);
    if (item.fields.size === 0) items.delete(key);
  }
  return items;
}
