// The port through which the aggregator writes counts exactly once and reports read them.
import type { Contribution } from './changes.js';
import type { Dimension } from './counters.js';
import type { EscalationUpdate, InteractionState } from './escalations.js';

export interface CounterRow {
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
  /** Every counter row of a dimension between two UTC days, inclusive: reads grow with days and values, never with answers. */
  readCounters(dimension: Dimension, from: string, to: string): Promise<CounterRow[]>;
}
