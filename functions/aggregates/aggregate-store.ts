// The port through which the aggregator writes counts exactly once and reports read them.
import type { Contribution } from './changes.js';
import { ROLLED_UP, readPlan, type CounterSpan, type Dimension } from './counters.js';
import type { EscalationUpdate, InteractionState } from './escalations.js';

export interface CounterRow {
  /** The counter's day; a month's rollup gives its first day. */
  day: string;
  value: string;
  item: Record<string, unknown>;
}

export interface AggregateStore {
  /** Applies each contribution exactly once (its marker), whatever the redeliveries; `shard` spreads counter writes. */
  apply(contributions: Contribution[], shard: number): Promise<void>;
  /** A customer's interactions between two instants, inclusive, read consistently. */
  interactionsBetween(customerId: string, from: string, to: string): Promise<InteractionState[]>;
  /**
   * Applies an escalation plan with its marker, conditioned on each interaction's destination as read:
   * 'conflict' when another change moved one first (read again and plan again), 'duplicate' when already applied.
   */
  applyEscalation(marker: string, contribution: Contribution, updates: EscalationUpdate[], shard: number): Promise<'applied' | 'duplicate' | 'conflict'>;
  /** Every counter row of a dimension in a span of days or months, inclusive: reads grow with periods and values, never with answers. */
  readCounters(dimension: Dimension, span: CounterSpan): Promise<CounterRow[]>;
}

/**
 * The counter rows of a window of UTC days, each day counted once: whole months from their rollups unless the report
 * needs every day (`byDay`, for daily and weekly series). Dimensions without rollups are read by day.
 */
export async function readWindow(
  store: Pick<AggregateStore, 'readCounters'>,
  dimension: Dimension,
  window: { from: string; to: string },
  byDay: boolean,
): Promise<CounterRow[]> {
  const plan = readPlan(window.from, window.to, byDay || !ROLLED_UP.includes(dimension));
  return (await Promise.all(plan.map((span) => store.readCounters(dimension, span)))).flat();
}
