// Where customers go when a channel fails them: an interaction "escalates" when the same customer's next contact on a
// different channel follows within the window; its destination is the first such contact. Kept incrementally, in any
// arrival order, by moving each interaction's destination only ever earlier (a min-merge: repeatable, order-free).
import * as z from '../shared/zod.js';
import type { Channel } from '../domain/channels.js';
import { FIELD, type Delta } from './counters.js';
import { utcDay } from '../domain/utc-days.js';

/** The window, in hours: ESCALATION_WINDOW_HOURS, read by the aggregator and the reports alike (72 unless set). */
export const DEFAULT_ESCALATION_WINDOW_HOURS = 72;
export const escalationWindowHours = z._default(z.coerce.number().check(z.positive(), z.maximum(24 * 30)), DEFAULT_ESCALATION_WINDOW_HOURS);

export interface InteractionState {
  interactionId: string;
  customerId: string;
  channel: Channel;
  occurredAt: string;
  escalatedTo?: Channel;
  escalatedAt?: string;
  escalatedBy?: string;
}

export interface EscalationUpdate {
  /** The interaction whose destination changes, as read (the write is conditioned on this state). */
  interaction: InteractionState;
  to: { channel: Channel; at: string; by: string };
}

const order = (i: { occurredAt: string; interactionId: string }) => `${i.occurredAt}|${i.interactionId}`;

/** True when `follower` comes after `source` within the window, on another channel. */
function follows(source: InteractionState, follower: InteractionState, windowMs: number): boolean {
  if (follower.channel === source.channel) return false;
  const gap = Date.parse(follower.occurredAt) - Date.parse(source.occurredAt);
  return gap > 0 && gap <= windowMs;
}

function isEarlierDestination(current: InteractionState, candidate: InteractionState): boolean {
  if (!current.escalatedAt || !current.escalatedBy) return true;
  return order(candidate) < order({ occurredAt: current.escalatedAt, interactionId: current.escalatedBy });
}

/**
 * The changes a newly recorded interaction makes, given the customer's interactions within the window on each side
 * (read consistently, the new one included or not):
 * 1. the new interaction counts once on its channel and day;
 * 2. its own destination is its first follower on another channel, if earlier than what it holds already;
 * 3. every earlier interaction it follows gets it as destination, if it is earlier than the one they hold.
 */
export function escalationPlan(arrived: InteractionState, neighbours: InteractionState[], windowMs: number): { updates: EscalationUpdate[]; deltas: Delta[] } {
  const stored = neighbours.find((n) => n.interactionId === arrived.interactionId);
  const current = stored ?? arrived;
  const others = neighbours.filter((n) => n.interactionId !== arrived.interactionId);
  const updates: EscalationUpdate[] = [];

  // An interaction erased since it arrived has no item left to mark; it still counted, and still counts as a follower.
  const firstFollower = others.filter((o) => follows(current, o, windowMs)).sort((a, b) => (order(a) < order(b) ? -1 : 1))[0];
  if (stored && firstFollower && isEarlierDestination(current, firstFollower)) {
    updates.push({ interaction: current, to: { channel: firstFollower.channel, at: firstFollower.occurredAt, by: firstFollower.interactionId } });
  }
  for (const source of others) {
    if (follows(source, current, windowMs) && isEarlierDestination(source, current)) {
      updates.push({ interaction: source, to: { channel: current.channel, at: current.occurredAt, by: current.interactionId } });
    }
  }

  const deltas: Delta[] = [{ dimension: 'channel', value: current.channel, day: utcDay(current.occurredAt), field: FIELD.interactions, n: 1 }];
  for (const { interaction, to } of updates) {
    const at = { dimension: 'channel' as const, value: interaction.channel, day: utcDay(interaction.occurredAt) };
    if (interaction.escalatedTo) deltas.push({ ...at, field: FIELD.escalatedTo(interaction.escalatedTo), n: -1 });
    else deltas.push({ ...at, field: FIELD.escalated, n: 1 });
    deltas.push({ ...at, field: FIELD.escalatedTo(to.channel), n: 1 });
  }
  return { updates, deltas };
}
