// The aggregate counters' layout, once: which item holds which counts, and how a flat item maps to Counts.
// Counters are sharded (COUNTER_SHARDS items per dimension value and day) so a hot channel never serialises on one item.
import { CHANNELS, type Channel } from '../domain/channels.js';
import { CES_VALUES, CSAT_VALUES, NPS_VALUES, emptyCounts, type Counts } from '../domain/metrics.js';
import { SKIP_REASONS, type SkipReason } from '../domain/model.js';

export const COUNTER_SHARDS = 8;

/** 'terms': the keywords of comments, per channel and day, on items of their own (kept apart from the scores' reads). */
export type Dimension = 'channel' | 'agent' | 'terms';

/** A counter's name on the item: `inv`, `csat_4`, `nps_10`, `res_yes`, `esc_to_voice`... */
export type CounterField = string;

export const FIELD = {
  invitations: 'inv',
  answered: 'ans',
  csat: (v: number) => `csat_${v}`,
  nps: (v: number) => `nps_${v}`,
  ces: (v: number) => `ces_${v}`,
  resolved: (yes: boolean) => (yes ? 'res_yes' : 'res_no'),
  interactions: 'int',
  escalated: 'esc',
  escalatedTo: (channel: Channel) => `esc_to_${channel}`,
  skipped: (reason: SkipReason) => `skip_${reason}`,
} as const;

export const counterKey = (dimension: Dimension, shard: number, day: string, value: string) => ({
  pk: `AGG#${dimension}#${shard}`,
  sk: `${day}#${value}`,
});

/** The sort-key range of a dimension's counters from one UTC day to another, inclusive. */
export const counterRange = (from: string, to: string) => ({ start: `${from}#`, end: `${to}#\uffff` });

/** The agent dimension is kept per channel, so that an agent report can be filtered by channel. */
export const agentValue = (channel: Channel, agentId: string) => `${channel}#${agentId}`;

export function countsOf(item: Record<string, unknown>): Counts {
  const n = (field: string) => (typeof item[field] === 'number' ? (item[field] as number) : 0);
  const counts = emptyCounts();
  counts.invitations = n(FIELD.invitations);
  counts.answered = n(FIELD.answered);
  for (const v of CSAT_VALUES) counts.csat[v] = n(FIELD.csat(v));
  for (const v of NPS_VALUES) counts.nps[v] = n(FIELD.nps(v));
  for (const v of CES_VALUES) counts.ces[v] = n(FIELD.ces(v));
  counts.resolved = { yes: n(FIELD.resolved(true)), no: n(FIELD.resolved(false)) };
  for (const reason of SKIP_REASONS) counts.skipped[reason] = n(FIELD.skipped(reason));
  return counts;
}

export interface EscalationCounts {
  interactions: number;
  escalated: number;
  to: Record<Channel, number>;
}

export function emptyEscalations(): EscalationCounts {
  return { interactions: 0, escalated: 0, to: Object.fromEntries(CHANNELS.map((c) => [c, 0])) as Record<Channel, number> };
}

export function escalationsOf(item: Record<string, unknown>, into: EscalationCounts = emptyEscalations()): EscalationCounts {
  const n = (field: string) => (typeof item[field] === 'number' ? (item[field] as number) : 0);
  into.interactions += n(FIELD.interactions);
  into.escalated += n(FIELD.escalated);
  for (const c of CHANNELS) into.to[c] += n(FIELD.escalatedTo(c));
  return into;
}

export const utcDay = (iso: string) => iso.slice(0, 10);
