// The aggregate counters' layout, once: which item holds which counts, and how a flat item maps to Counts.
// Counters are sharded (COUNTER_SHARDS items per dimension value and day) so a hot channel never serialises on one item.
import { CHANNELS, type Channel } from '../domain/channels.js';
import { CES_VALUES, CSAT_VALUES, NPS_VALUES, emptyCounts, type Counts } from '../domain/metrics.js';
import { SKIP_REASONS, type SkipReason } from '../domain/model.js';
import { addDays, monthAfter } from '../domain/utc-days.js';

export const COUNTER_SHARDS = 8;

/** 'terms': the keywords of comments, per channel and day, on items of their own (kept apart from the scores' reads). */
export type Dimension = 'channel' | 'agent' | 'terms';

/** A counter's name on the item: `inv`, `csat_4`, `nps_10`, `res_yes`, `esc_to_voice`... */
export type CounterField = string;

/** A change to one counter: what the stream's changes become (changes.ts, insight-counters.ts, escalations.ts). */
export interface Delta {
  dimension: Dimension;
  value: string;
  /** A UTC day; or a month (`YYYY-MM`) once rolled up by withRollups. */
  day: string;
  field: CounterField;
  n: number;
}

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

/**
 * Rollups for long windows: every delta to a channel or agent counter of a day is also added to the counter of its
 * month, in the same transaction. A report over whole months reads one item per month instead of one per day.
 * (Terms are read for a few weeks at most, so they have no rollup.)
 */
export const ROLLED_UP: readonly Dimension[] = ['channel', 'agent'];

/** A counter's period: a UTC day `YYYY-MM-DD`, or a UTC month `YYYY-MM` (a rollup). */
export type PeriodUnit = 'day' | 'month';
export const unitOf = (period: string): PeriodUnit => (period.length === 7 ? 'month' : 'day');

// The counters' keys (`AGG#<dimension>#<shard>`, month rollups under `M#`) are built and read back in functions/store/keys.ts.

/** One read of a plan: the counters of one unit, from one period to another inclusive. */
export interface CounterSpan {
  unit: PeriodUnit;
  from: string;
  to: string;
}

/**
 * What to read for the UTC days from..to: the whole months inside the window from their rollups, the days before and
 * after them from the day counters. With `byDay` (daily or weekly series need every day), the days only.
 */
export function readPlan(from: string, to: string, byDay: boolean): CounterSpan[] {
  const firstMonth = from.endsWith('-01') ? from.slice(0, 7) : monthAfter(from.slice(0, 7));
  const lastMonth = addDays(to, 1).endsWith('-01') ? to.slice(0, 7) : addDays(`${to.slice(0, 7)}-01`, -1).slice(0, 7);
  if (byDay || firstMonth > lastMonth) return [{ unit: 'day', from, to }];
  const plan: CounterSpan[] = [];
  if (from < `${firstMonth}-01`) plan.push({ unit: 'day', from, to: addDays(`${firstMonth}-01`, -1) });
  plan.push({ unit: 'month', from: firstMonth, to: lastMonth });
  const afterMonths = `${monthAfter(lastMonth)}-01`;
  if (afterMonths <= to) plan.push({ unit: 'day', from: afterMonths, to });
  return plan;
}

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
