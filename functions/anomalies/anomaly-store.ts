// The port to anomalies: domain types in and out (the adapter is dynamodb-anomaly-store.ts; the rule that raises them
// is functions/domain/anomalies.ts). The weekly digest reads them through `list`.
import type { Anomaly, AnomalyRef } from '../domain/anomalies.js';
import type { Channel } from '../domain/channels.js';

export interface AnomalyStore {
  /** Stores the anomaly unless one with its id (day, scope, key, metric, window) exists: true when this call created it. */
  create(anomaly: Anomaly): Promise<boolean>;
  /** The anomalies of days `from` to `to` (inclusive, YYYY-MM-DD), of one channel if given: by day, then id. */
  list(query: { from: string; to: string; channel?: Channel }): Promise<Anomaly[]>;
  /** With the instant its owners were emailed, if they were. */
  get(ref: AnomalyRef): Promise<{ anomaly: Anomaly; notifiedAt?: string } | null>;
  markNotified(ref: AnomalyRef, at: string): Promise<void>;
}
